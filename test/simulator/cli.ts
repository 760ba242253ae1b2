// `npm run simulator`: the simulator as a standalone server, for trying the
// node by hand in n8n and for out-of-process tests. Executions stay PENDING
// 2 s and RUNNING 3 s by default so a person can watch the lifecycle.
//
// Environment: SIMULATOR_PORT (5680), SIMULATOR_HOST (127.0.0.1),
// SIMULATOR_TOKEN (simulator-api-token), SIMULATOR_PENDING_MS (2000),
// SIMULATOR_RUNNING_MS (3000), SIMULATOR_FILE_READ_MS (1000: `parameters` null,
// then filled while still PENDING: both forms of the docs),
// SIMULATOR_STORE_DIR (a temp folder).

import { DEFAULT_TOKEN, startSimulator, type SimulatorOptions } from './server';

export function cliOptionsFrom(env: NodeJS.ProcessEnv): SimulatorOptions {
  return {
    port: numberFrom(env, 'SIMULATOR_PORT', 5680),
    host: env.SIMULATOR_HOST || '127.0.0.1',
    token: env.SIMULATOR_TOKEN || DEFAULT_TOKEN,
    pendingMs: numberFrom(env, 'SIMULATOR_PENDING_MS', 2000),
    runningMs: numberFrom(env, 'SIMULATOR_RUNNING_MS', 3000),
    fileReadMs: numberFrom(env, 'SIMULATOR_FILE_READ_MS', 1000),
    storeDir: env.SIMULATOR_STORE_DIR || undefined,
  };
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw === 'Infinity' ? Infinity : Number(raw);
  if (Number.isNaN(value) || value < 0) throw new Error(`${name} must be a number >= 0 (got '${raw}')`);
  return value;
}

async function main(): Promise<void> {
  const options = cliOptionsFrom(process.env);
  const simulator = await startSimulator(options);
  // The token is printed on purpose: it is the simulator's own, made for pasting into n8n.
  console.log(`mediarithmics simulator listening on ${simulator.url}`);
  console.log(`API token: ${simulator.token}`);
  console.log(`executions: PENDING ${options.pendingMs} ms (parameters null for the first ${options.fileReadMs} ms), then RUNNING ${options.runningMs} ms`);
  console.log(`received files: ${simulator.storeDir}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    simulator.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`simulator failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}
