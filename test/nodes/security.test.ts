/**
 * The API token never leaves the Authorization header: not in an output item,
 * an error (message, description, or anything n8n serialises of it), nor a log
 * line, whether the call succeeds, fails, is retried or loses its connection.
 * Plus the URL rules: https only (loopback excepted), and error files fetched
 * only as mics:// URIs through the configured API.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode, type Connection } from './harness';
import { byId, useSimulator } from './simulatorFixture';

jest.setTimeout(120_000);

const TOKEN = 'tok-SECRET-4f1c9e-do-not-leak';
const { sim, createImport } = useSimulator({ token: TOKEN, pendingMs: Infinity });
const connection = (): Connection => ({ url: sim().url, token: TOKEN });

/** Every string reachable from a value, enumerable or not (what n8n may serialise of an error). */
function allText(value: unknown, seen = new Set<unknown>()): string {
	if (typeof value === 'string') return value;
	if (typeof value !== 'object' || value === null || seen.has(value)) return typeof value === 'object' ? '' : String(value);
	seen.add(value);
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	return Object.getOwnPropertyNames(value)
		.map((key) => `${key}=${allText((value as Record<string, unknown>)[key], seen)}`)
		.join('\n');
}

async function runCapturing(parameters: INodeParameters, items?: object[], token = TOKEN, continueOnFail = false) {
	const logs: string[] = [];
	let output: INodeExecutionData[] = [];
	let error: unknown;
	try {
		output = await runNode(
			{ url: sim().url, token },
			{ parameters: { retryOptions: { timeoutSeconds: 0.4, maxAttempts: 2 }, ...parameters }, items: items as never, continueOnFail, onLog: (_level, message) => logs.push(message) },
		);
	} catch (caught) {
		error = caught;
	}
	return { output, error, logs, text: [allText(output), allText(error), ...logs].join('\n') };
}

const line = { operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 };
const operations = (importId: string): Array<[string, INodeParameters, object[]?]> => [
	['Document Import: Create', { resource: 'documentImport', operation: 'create', datamart: byId('1509'), name: 'n', documentType: 'USER_PROFILE' }],
	['Document Import: Get Many', { resource: 'documentImport', operation: 'getAll', datamart: byId('1509'), returnAll: true }],
	['Document Import: Update', { resource: 'documentImport', operation: 'update', datamart: byId('1509'), documentImport: byId(importId), updateFields: { name: 'x' } }],
	['Execution: Upload', { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), inputMode: 'items' }, [line]],
	['Execution: Get Many', { resource: 'execution', operation: 'getAll', datamart: byId('1509'), documentImport: byId(importId), returnAll: true }],
];

describe('the API token appears in no output, error or log line', () => {
	// Three columns in every row: jest takes a test function with more parameters than the row for a done-callback test.
	const failures: Array<[string, object | undefined, string]> = [
		['a successful call', undefined, TOKEN],
		['a wrong token (401)', undefined, `${TOKEN}-wrong`],
		['an HTTP 500', { status: 500 }, TOKEN],
		['503s until retries run out', { status: 503, times: 5 }, TOKEN],
		['connections dropped before the body', { drop: 'before-body', times: 5 }, TOKEN],
		['a connection dropped after the body', { drop: 'after-body' }, TOKEN],
		['answers slower than the timeout', { delayMs: 700, times: 5 }, TOKEN],
	];

	test.each(failures)('%s', async (_name, fault, token) => {
		const importId = await createImport();
		for (const [operation, parameters, items] of operations(importId)) {
			sim().faults.clear();
			if (fault) sim().faults.inject({ path: /^\/v1\//, ...fault });
			for (const continueOnFail of [false, true]) {
				const { text } = await runCapturing(parameters, items, token, continueOnFail);
				expect({ operation, leaked: text.includes(TOKEN) }).toEqual({ operation, leaked: false });
			}
		}
		// Let slow requests finish before the next case resets the simulator.
		await new Promise((resolve) => setTimeout(resolve, 800));
	});
});

describe('API URL', () => {
	const get = (url: string) =>
		runNode({ url, token: TOKEN }, { parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId('1') } });

	test.each(['http://api.example.com', 'http://10.0.0.5:8080', 'ftp://api.mediarithmics.com', 'ws://127.0.0.1:1'])(
		'%s is a clear credential error, and nothing is sent',
		async (url) => {
			const error = await get(url).then(() => undefined, (caught: unknown) => caught as Error);
			expect(error?.message).toMatch(/API URL .* of the Mediarithmics API credential must start with https:\/\//);
			expect(allText(error)).not.toContain(TOKEN);
		},
	);

	test('something that is not a URL says so', async () => {
		await expect(get('api.mediarithmics.com')).rejects.toThrow(/is not a URL/);
	});

	test.each(['localhost', '127.0.0.1'])('http:// is accepted for the loopback address %s', async (host) => {
		const importId = await createImport();
		const url = sim().url.replace('127.0.0.1', host);
		const [item] = await runNode({ url, token: TOKEN }, { parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId(importId) } });
		expect(item.json.id).toBe(importId);
	});
});

describe('error files', () => {
	let decoy: Server;
	let decoyHits = 0;
	beforeAll(async () => {
		decoy = createServer((_req, res) => {
			decoyHits++;
			res.end('stolen');
		});
		await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		await new Promise((resolve) => decoy.close(resolve));
	});

	async function finishedExecution(): Promise<{ importId: string; executionId: string }> {
		const importId = await createImport();
		const response = await fetch(`${sim().url}/v1/datamarts/1509/document_imports/${importId}/executions`, {
			method: 'POST',
			headers: { Authorization: TOKEN, 'Content-Type': 'application/x-ndjson' },
			body: `${JSON.stringify(line)}\n`,
		});
		const executionId = String(((await response.json()) as { data: { id: string } }).data.id);
		sim().finishExecution(executionId);
		return { importId, executionId };
	}

	const getErrorFile = (importId: string, executionId: string) =>
		runNode(connection(), {
			parameters: { resource: 'execution', operation: 'getErrorFile', datamart: byId('1509'), documentImport: byId(importId) },
			items: [{ id: executionId }],
		});

	test('a mics:// URI is fetched through the configured API URL, with the URI as a query parameter', async () => {
		const { importId, executionId } = await finishedExecution();
		const [item] = await getErrorFile(importId, executionId);
		const download = sim().requests.find((request) => request.path === '/v1/data_file/data');
		expect(item.json.error_file_uri).toMatch(/^mics:\/\//);
		expect(download?.query.uri).toBe(item.json.error_file_uri);
		expect(download?.authorization).toBe('valid');
	});

	test.each(['http', 'https', 'file'])('a %s: URI in the answer is refused and never fetched', async (scheme) => {
		const { importId, executionId } = await finishedExecution();
		const port = (decoy.address() as AddressInfo).port;
		const execution = await (await fetch(`${sim().url}/v1/datamarts/1509/document_imports/${importId}/executions/${executionId}`, { headers: { Authorization: TOKEN } })).json() as { data: { result: object } };
		const uri = scheme === 'file' ? 'file:///etc/passwd' : `${scheme}://127.0.0.1:${port}/errors.csv`;
		// The platform's answer, forged: its error file URI points elsewhere.
		sim().faults.inject({
			method: 'GET',
			path: `/v1/datamarts/1509/document_imports/${importId}/executions/${executionId}`,
			status: 200,
			body: { status: 'ok', data: { ...execution.data, result: { ...execution.data.result, error_file_uri: uri } } },
		});
		await expect(getErrorFile(importId, executionId)).rejects.toThrow(/not a mics:\/\/ URI/);
		expect(decoyHits).toBe(0);
		expect(sim().requests.some((request) => request.path === '/v1/data_file/data')).toBe(false);
	});
});
