/**
 * The local stack of `npm start`, also used by the browser test: the
 * simulator, then a real n8n (provisioned once) with this package installed,
 * the credential pointing at the simulator, the example workflows imported,
 * n8n's editor started and an owner account ready.
 *
 * `npm start` passes fixed ports and a kept user folder; the browser test
 * passes nothing and gets free ports and a throwaway folder, so the two never
 * clash.
 */
import type { ChildProcess } from 'child_process';
import path from 'path';

import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';
import { EXAMPLES, listExamples, N8n, simulatorCredential } from './n8n';
import { startN8nProcess, type N8nProcess } from './n8nProcess';

export const OWNER = { email: 'owner@example.com', password: 'Mediarithmics1', firstName: 'Local', lastName: 'Owner' };

export interface StackOptions {
	/** Default: a free port. */
	n8nPort?: number;
	/** Default: a free port. */
	simulatorPort?: number;
	/** Kept n8n user folder (npm start); default: a temp folder, removed by stop(). */
	userFolder?: string;
	/** Simulator clock (how long executions stay PENDING, RUNNING). */
	simulator?: Omit<SimulatorOptions, 'port'>;
	/** Where n8n's own log goes (npm start shows it); default: dropped. */
	n8nLog?: NodeJS.WritableStream;
	/** Extra environment for the n8n process (npm start: where example workflows may read files). */
	n8nEnv?: Record<string, string>;
	/** Called if n8n exits on its own (not through stop()). */
	onN8nExit?: (code: number | null) => void;
}

export interface Stack {
	editorUrl: string;
	simulator: Simulator;
	n8n: N8n;
	n8nProcess: ChildProcess;
	stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const simulator = await startSimulator({ ...options.simulator, port: options.simulatorPort ?? 0 });
	let n8n: N8n | undefined;
	let n8nProcess: ChildProcess | undefined;
	let stopping = false;
	const stop = async () => {
		stopping = true;
		if (n8nProcess && n8nProcess.exitCode === null && n8nProcess.signalCode === null) {
			const exited = new Promise((resolve) => n8nProcess?.once('exit', resolve));
			n8nProcess.kill('SIGTERM');
			await exited;
		}
		await simulator.stop();
		if (options.userFolder === undefined) n8n?.remove();
	};
	try {
		n8n = await N8n.create({ userFolder: options.userFolder });
		await n8n.importCredentials([simulatorCredential(simulator.url, simulator.token)]);
		for (const file of listExamples()) await n8n.importWorkflow(path.join(EXAMPLES, file));
		// n8n's documentation asks for it to use community nodes as an AI Agent's tools (n8n 2.41.1 reads it not).
		const env: Record<string, string> = {
			N8N_LOG_LEVEL: 'info',
			N8N_SECURE_COOKIE: 'false',
			N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
			...(options.n8nPort === undefined ? {} : { N8N_PORT: String(options.n8nPort) }),
			...options.n8nEnv,
		};
		const editorUrlOf = (process: N8nProcess) => `http://localhost:${process.ports.N8N_PORT ?? options.n8nPort}`;
		const started = await startN8nProcess(n8n, ['start'], {
			name: 'start',
			env,
			ports: ['N8N_PORT'],
			ready: async (process) => (await fetch(`${editorUrlOf(process)}/healthz`)).ok,
			output: options.n8nLog,
		});
		n8nProcess = started.child;
		const editorUrl = editorUrlOf(started);
		n8nProcess.once('exit', (code) => {
			if (!stopping) options.onN8nExit?.(code);
		});
		await ensureOwner(editorUrl);
		return { editorUrl, simulator, n8n, n8nProcess, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Creates the owner account on a new instance, so the editor opens on a login page. */
export async function ensureOwner(url: string): Promise<void> {
	let status = 0;
	// /healthz answers before the REST routes exist: 404 means "not yet", so try again for a while.
	for (let attempt = 0; attempt < 60; attempt++) {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		status = response.status;
		// 400: the owner exists already (a previous `npm start`).
		if (response.ok || status === 400) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`Could not create the owner account on ${url} (HTTP ${status})`);
}
