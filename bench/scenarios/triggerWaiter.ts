/**
 * The Mediarithmics Trigger as a Waiter (see waiting.ts): the workflow of
 * examples/workflows/notify-on-finish.json, reduced to the trigger (every
 * minute, n8n's shortest schedule; all imports of the datamart whose name
 * holds "bench waiting") and an HTTP Request that posts each emitted
 * execution's id to a local receiver. It is published and run by `n8n start`
 * for the whole scenario. An execution counts as noticed when its id reaches
 * the receiver: the poll, the workflow run and the HTTP post are all in it.
 */
import { readFileSync } from 'fs';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import path from 'path';

import { EXAMPLES } from '../../test/e2e/n8n';
import type { Simulator } from '../../test/simulator';
import type { BenchN8n } from '../benchN8n';
import { DATAMART_ID } from '../simulatorImports';
import type { Waiter } from './waiting';

const WORKFLOW_ID = 'benchTriggerWaiting';
const NOTICE_TIMEOUT_MS = 5 * 60 * 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function triggerWorkflow(receiverUrl: string): { id: string } {
	const example = JSON.parse(readFileSync(path.join(EXAMPLES, 'notify-on-finish.json'), 'utf8'));
	const trigger = example.nodes.find((node: { type: string }) => node.type.endsWith('.mediarithmicsTrigger'));
	const post = example.nodes.find((node: { name: string }) => node.name === 'Post to chat');
	trigger.parameters.importFilters = { keywords: 'bench waiting' };
	post.parameters.url = receiverUrl;
	post.parameters.jsonBody = '={{ JSON.stringify({ id: $json.id }) }}';
	return {
		...example,
		id: WORKFLOW_ID,
		name: 'Bench: the trigger notices finished executions',
		nodes: [trigger, post],
		connections: { [trigger.name]: { main: [[{ node: post.name, type: 'main', index: 0 }]] } },
	};
}

export async function triggerWaiter(n8n: BenchN8n, sim: Simulator): Promise<Waiter> {
	const arrivals = new Map<string, number>();
	const receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const id = String((JSON.parse(body) as { id: unknown }).id);
			if (!arrivals.has(id)) arrivals.set(id, Date.now());
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
	const importListReads = () => sim.requests.filter((entry) => entry.method === 'GET' && entry.path === `/v1/datamarts/${DATAMART_ID}/document_imports`).length;
	const readsBefore = importListReads();
	// Ready once the trigger's activation poll has read the datamart's imports.
	const stop = await n8n.serve(triggerWorkflow(receiverUrl), () => importListReads() > readsBefore);
	return {
		name: 'Mediarithmics Trigger',
		pollSeconds: 60,
		async wait(_importId, executionIds) {
			const startedAt = Date.now();
			const deadline = startedAt + NOTICE_TIMEOUT_MS;
			while (executionIds.some((id) => !arrivals.has(id))) {
				if (Date.now() > deadline) throw new Error(`the trigger emitted ${executionIds.filter((id) => arrivals.has(id)).length} of ${executionIds.length} executions in time`);
				await sleep(100);
			}
			const noticedAt = new Map(executionIds.map((id) => [id, arrivals.get(id)!]));
			return { startedAt, endedAt: Math.max(...noticedAt.values()), noticedAt };
		},
		async close() {
			await stop();
			await new Promise((resolve) => receiver.close(resolve));
		},
	};
}
