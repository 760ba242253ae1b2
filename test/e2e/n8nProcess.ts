/**
 * Long-running processes of the e2e tests (n8n main and workers, Postgres,
 * Redis) and the ports they bind.
 *
 * A port is chosen (listen on port 0, then close) right before the process
 * that binds it starts, never when its folder is made: in between, any
 * outgoing connection on the machine can be given that port as its
 * ephemeral one. The window left (milliseconds to the few seconds n8n takes
 * to bind) is closed by starting a process that exits on a port in use once
 * more, on ports chosen anew.
 */
import type { ChildProcess } from 'child_process';

import type { N8n, PortChooser } from './n8n';

/** What n8n (its server, task broker or worker server), Postgres and Redis say when the port they were given is taken. */
export const PORT_IN_USE = /port \d+ is already in use|Address already in use|EADDRINUSE/i;

function mentionsPortInUse(error: unknown): boolean {
	const { message, stdout, stderr } = (error ?? {}) as { message?: unknown; stdout?: unknown; stderr?: unknown };
	return [message, stdout, stderr, error].some((text) => PORT_IN_USE.test(String(text ?? '')));
}

/** Runs start(), which chooses its ports; if it fails on a port taken meanwhile, runs it once more (choosing new ones). */
export async function retryOnPortInUse<T>(what: string, start: () => Promise<T>): Promise<T> {
	try {
		return await start();
	} catch (error) {
		if (!mentionsPortInUse(error)) throw error;
		process.stderr.write(`${what}: a port chosen for it was taken before it bound it; starting it once more on new ports\n`);
		return await start();
	}
}

/** A long-running n8n command, the ports it was given and everything it printed. */
export interface N8nProcess {
	n8n: N8n;
	child: ChildProcess;
	ports: Record<string, number>;
	log: () => string;
}

export interface StartOptions {
	/** For messages: "main", "worker 2". */
	name: string;
	env?: Record<string, string>;
	/** Names of the variables of the ports it binds besides the task broker's (e.g. N8N_PORT). */
	ports?: string[];
	/** Whether it is ready to be used (polled every 500 ms). */
	ready: (process: N8nProcess) => Promise<boolean> | boolean;
	timeoutMs?: number;
	/** Where its output goes as well (npm start shows it). */
	output?: NodeJS.WritableStream;
	/** Default: ports free at each start (freePorts). */
	choosePorts?: PortChooser;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts an n8n command and waits until it is ready; one that exits on a port in use is started once more. */
export async function startN8nProcess(n8n: N8n, args: string[], options: StartOptions): Promise<N8nProcess> {
	let earlierOutput = '';
	return await retryOnPortInUse(`n8n ${options.name}`, async () => {
		const { child, ports } = await n8n.spawn(args, options.env, { ports: options.ports, choosePorts: options.choosePorts });
		let output = '';
		for (const stream of [child.stdout, child.stderr]) {
			stream?.on('data', (chunk) => (output += chunk));
			if (options.output) stream?.pipe(options.output, { end: false });
		}
		const started: N8nProcess = { n8n, child, ports, log: () => earlierOutput + output };
		try {
			await waitUntilReady(started, options);
		} catch (error) {
			await stopN8nProcess(started, 'SIGKILL');
			earlierOutput += `${output}\n[exited; started again on new ports]\n`;
			throw error;
		}
		return started;
	});
}

/**
 * n8n 2 starts a task broker with every main and worker, and may bind its port after the main answers on
 * /healthz: a process is ready once it says the broker is (or it would exit on a port in use later).
 */
const brokerReady = (process: N8nProcess) => Number(process.n8n.version.split('.')[0]) < 2 || /Task Broker ready on/.test(process.log());

async function waitUntilReady(process: N8nProcess, { name, ready, timeoutMs = 180_000 }: StartOptions): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		// The output of a process that has just exited may still be on its way.
		if (process.child.exitCode !== null) await sleep(200);
		if (process.child.exitCode !== null) throw new Error(`n8n ${name} exited (${process.child.exitCode}):\n${process.log().slice(-4000)}`);
		if (brokerReady(process) && (await Promise.resolve(ready(process)).catch(() => false))) return;
		await sleep(500);
	}
	throw new Error(`n8n ${name} was not ready within ${timeoutMs / 1000} s:\n${process.log().slice(-4000)}`);
}

/** Stops it (SIGTERM: n8n finishes its jobs first, up to N8N_GRACEFUL_SHUTDOWN_TIMEOUT; SIGKILL: a crash); SIGKILL after 30 s. */
export async function stopN8nProcess({ child }: N8nProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill(signal);
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	await exited;
	clearTimeout(timer);
}
