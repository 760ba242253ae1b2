// `npm run simulator`: options from the environment, and the real command
// starting, answering, and stopping on SIGTERM.

import { spawn } from 'child_process';
import { join } from 'path';
import { cliOptionsFrom } from './cli';

describe('cliOptionsFrom', () => {
  it('uses the defaults a person needs to watch the lifecycle', () => {
    expect(cliOptionsFrom({})).toEqual({
      port: 5680,
      host: '127.0.0.1',
      token: 'simulator-api-token',
      pendingMs: 2000,
      runningMs: 3000,
      fileReadMs: 1000,
      storeDir: undefined,
    });
  });

  it('reads the SIMULATOR_* variables', () => {
    expect(
      cliOptionsFrom({
        SIMULATOR_PORT: '0',
        SIMULATOR_HOST: '0.0.0.0',
        SIMULATOR_TOKEN: 't',
        SIMULATOR_PENDING_MS: 'Infinity',
        SIMULATOR_RUNNING_MS: '10',
        SIMULATOR_FILE_READ_MS: '5',
        SIMULATOR_STORE_DIR: '/tmp/x',
      }),
    ).toEqual({ port: 0, host: '0.0.0.0', token: 't', pendingMs: Infinity, runningMs: 10, fileReadMs: 5, storeDir: '/tmp/x' });
  });

  it('refuses a value that is not a number', () => {
    expect(() => cliOptionsFrom({ SIMULATOR_PORT: 'eighty' })).toThrow('SIMULATOR_PORT');
  });
});

it('starts, prints the URL and the token, answers, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', join(__dirname, 'cli.ts')], {
    env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_TOKEN: 'cli-token' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    for (let attempt = 0; attempt < 150 && !/received files/.test(output); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(output).toContain('API token: cli-token');
    const answer = await fetch(`${url}/v1/connected_user`, { headers: { Authorization: 'cli-token' } });
    expect(answer.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 15_000);
