/**
 * The Mediarithmics Trigger inside a real n8n: the example "notify on finish"
 * workflow is published, `n8n start` polls the simulator on its schedule
 * (every minute, n8n's shortest), and each finished execution must reach the
 * chat webhook (a local receiver) exactly once: none from before activation,
 * none twice, also across a restart of n8n.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import path from 'path';

import { startSimulator, type Simulator } from '../simulator';
import { EXAMPLES, N8n, simulatorCredential } from './n8n';
import { startN8nProcess, stopN8nProcess, type N8nProcess } from './n8nProcess';

jest.setTimeout(10 * 60 * 1000);

const WORKFLOW_ID = 'mdxNotifyFinish';
const validLine = (index: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `u${index}`, segment_id: '42', expiration_duration: 0 });
const invalidLine = JSON.stringify({ operation: 'ADD', user_account_id: 'x', segment_id: '42', expiration_duration: 0 });

interface ChatMessage {
	text: string;
	execution_id: string;
	outcome: string;
	total_failure: number;
}

let sim: Simulator;
let n8n: N8n;
let workDir: string;
let receiver: Server;
const messages: ChatMessage[] = [];

async function api(method: string, urlPath: string, body: string | object, contentType = 'application/json'): Promise<Record<string, unknown>> {
	const response = await fetch(`${sim.url}${urlPath}`, {
		method,
		headers: { Authorization: sim.token, 'Content-Type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const json = (await response.json()) as { data: Record<string, unknown> };
	if (!response.ok) throw new Error(`${method} ${urlPath}: ${JSON.stringify(json)}`);
	return json.data;
}

const createImport = async (name: string) =>
	String((await api('POST', '/v1/datamarts/1509/document_imports', { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8', name })).id);
const upload = async (importId: string, lines: string) =>
	String((await api('POST', `/v1/datamarts/1509/document_imports/${importId}/executions`, lines, 'application/x-ndjson')).id);

/** Polls a condition every 250 ms until it holds (or fails the test with `what`). */
async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const executionListReads = () => sim.requests.filter((request) => request.method === 'GET' && /\/executions$/.test(request.path)).length;

/** `n8n start`; resolves once the trigger's activation poll has read the simulator. */
async function startN8n(): Promise<N8nProcess> {
	const readsBefore = executionListReads();
	return await startN8nProcess(n8n, ['start'], {
		name: 'start',
		env: { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5' },
		ports: ['N8N_PORT'],
		ready: () => executionListReads() > readsBefore,
	});
}

const stopN8n = (process: N8nProcess) => stopN8nProcess(process);

beforeAll(async () => {
	sim = await startSimulator({ pendingMs: Infinity });
	receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			messages.push(JSON.parse(body) as ChatMessage);
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-e2e-trigger-'));
	n8n = await N8n.create();
	await n8n.importCredentials([simulatorCredential(sim.url, sim.token)]);
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'notify-on-finish.json'), 'utf8'));
	const chat = workflow.nodes.find((node: { name: string }) => node.name === 'Post to chat');
	chat.parameters.url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/data-imports`;
	const file = path.join(workDir, 'notify-on-finish.json');
	writeFileSync(file, JSON.stringify(workflow));
	await n8n.importWorkflow(file);
	await n8n.activateWorkflow(WORKFLOW_ID);
});

afterAll(async () => {
	await sim?.stop();
	await new Promise((resolve) => receiver?.close(resolve));
	n8n?.remove();
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('each execution that finishes after activation reaches the chat once, across a restart of n8n', async () => {
	// Before activation: tonight's import, one file already done (history), one still in flight.
	const importId = await createImport('CRM segments - 2026-11-23');
	const history = await upload(importId, `${validLine(1)}\n`);
	sim.finishExecution(history);
	const inFlight = await upload(importId, `${validLine(2)}\n`);
	// An import the trigger's filters leave out.
	const otherImport = await createImport('Web segments');

	let child = await startN8n();
	try {
		const clean = await upload(importId, `${validLine(3)}\n${validLine(4)}\n`);
		const withErrors = await upload(importId, `${validLine(5)}\n${invalidLine}\n`);
		const ignored = await upload(otherImport, `${validLine(6)}\n`);
		for (const id of [inFlight, clean, withErrors, ignored]) sim.finishExecution(id);
		// The next scheduled poll (within a minute) emits the three of the watched import.
		await until('three chat messages', () => messages.length >= 3, 150_000);
		await stopN8n(child);

		// While n8n is down, one more file finishes; the activation poll after the restart emits it.
		const whileDown = await upload(importId, `${validLine(7)}\n`);
		sim.finishExecution(whileDown);
		child = await startN8n();
		await until('the fourth chat message', () => messages.length >= 4, 120_000);
		// Give a duplicate, if there were one, the time to arrive.
		await new Promise((resolve) => setTimeout(resolve, 3000));

		expect(messages.map((message) => message.execution_id).sort()).toEqual([inFlight, clean, withErrors, whileDown].sort());
		const byId = Object.fromEntries(messages.map((message) => [message.execution_id, message]));
		expect(byId[withErrors]).toMatchObject({ outcome: 'succeededWithErrors', total_failure: 1 });
		expect(byId[withErrors].text).toMatch(/^CRM segments - 2026-11-23: execution \d+ finished with errors, 1 lines imported, 1 failed/);
		expect(byId[clean]).toMatchObject({ outcome: 'succeeded', total_failure: 0 });
		// The error file was fetched for the execution with failed lines only.
		expect(sim.requests.filter((request) => request.path === '/v1/data_file/data')).toHaveLength(1);
		expect(messages.some((message) => message.execution_id === history || message.execution_id === ignored)).toBe(false);
	} finally {
		await stopN8n(child);
	}
});
