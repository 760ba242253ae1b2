/**
 * What the queue-mode e2e files do around the stack (queueStack.ts): its
 * start and stop, the platform user's side on the simulator (imports, uploaded files), the chat
 * the notify-on-finish example posts to, waiting for a condition, and reading
 * a node's output from an execution.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

import type { Simulator } from '../../simulator';
import { createImport as createImportOn, upload } from '../../simulator/testClient';
import { QueueStack, type PublicExecution, type QueueStackOptions } from './queueStack';

/** One stack for the tests of the file (or block) it is called in: started before them, stopped after; the getter gives it. */
export function useQueueStack(options: QueueStackOptions): () => QueueStack {
	let stack: QueueStack | undefined;
	beforeAll(async () => {
		stack = await QueueStack.start(options);
	});
	afterAll(async () => {
		await stack?.stop();
	});
	return () => {
		if (!stack) throw new Error('The queue stack did not start: see the error of beforeAll');
		return stack;
	};
}

export interface ChatMessage {
	execution_id: string;
	outcome: string;
}

/** The chat's incoming webhook (a server on loopback keeping each message it is posted), for the block it is called in. */
export function useChatReceiver(): { messages: ChatMessage[]; url: () => string } {
	const messages: ChatMessage[] = [];
	let receiver: Server | undefined;
	beforeAll(async () => {
		const server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				messages.push(JSON.parse(body));
				res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		receiver = server;
	});
	afterAll(async () => {
		await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
	});
	return { messages, url: () => `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/hooks/data-imports` };
}

/** Probes every 250 ms until it gives a value (not undefined, not false), which it returns; fails with `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** How many times the trigger (or anyone) has listed an import's executions: one a poll. */
export const executionListReads = (sim: Simulator) => sim.requests.filter((request) => request.method === 'GET' && /\/executions$/.test(request.path)).length;

/** A USER_SEGMENT NDJSON import in datamart 1509, created as a platform user would; its id. */
export async function createImport(sim: Simulator, name: string): Promise<string> {
	return String((await createImportOn(sim, { encoding: 'utf-8', name })).id);
}

/** A file of NDJSON lines uploaded to an import as a platform user would (one execution); the execution's id. */
export async function uploadLines(sim: Simulator, importId: string, lines: string): Promise<string> {
	const answer = await upload(sim, importId, lines);
	if (answer.status !== 200) throw new Error(`upload to import ${importId}: HTTP ${answer.status} ${answer.text}`);
	return String(answer.json.data.id);
}

/** The items a node output in an execution read through the public API. */
export function output(execution: PublicExecution, nodeName: string): Array<Record<string, unknown>> {
	const task = execution.data?.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`node "${nodeName}" did not run in execution ${execution.id}: ${JSON.stringify(execution.data?.resultData.error ?? {})}`);
	return (task.data?.main?.[0] ?? []).map((item) => item.json);
}
