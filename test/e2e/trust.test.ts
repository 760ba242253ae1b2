/**
 * In a real n8n (2.41.1, `n8n execute` and `n8n start`), against the simulator:
 * - the API token follows no redirect: an API URL that redirects to another origin (localhost
 *   to 127.0.0.1) gets an error naming that origin, for a JSON call, a raw upload and the
 *   credential's Test (n8n's REST endpoint the editor calls), and the other origin's server never
 *   sees the token; the Test refuses http:// for a host that is not a loopback name;
 * - n8n's Retry On Fail on Upload never sends a line twice: after a part is refused past two
 *   accepted ones, and after Wait for Completion times out under Continue On Fail (whose first
 *   item then carries `error`, which is what makes n8n try again); the output still names every
 *   execution created.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { startSimulator, type Simulator } from '../simulator';
import { call, createImport } from '../simulator/testClient';
import { startRedirectServers, type RedirectServers } from '../redirectServers';
import { N8n, nodeOutput, simulatorCredential } from './n8n';
import { startN8nProcess, stopN8nProcess, type N8nProcess } from './n8nProcess';
import { ensureOwner, OWNER } from './stack';

jest.setTimeout(20 * 60 * 1000);

const TOKEN = 'tok-E2E-TRUST-51c0-only-to-the-api';
const SLOW_TOKEN = 'tok-E2E-TRUST-slow-platform';
const CREDENTIALS = {
	simulator: { id: 'mdxTrustSimulator', name: 'Simulator' },
	slow: { id: 'mdxTrustSlow', name: 'Simulator whose executions stay PENDING' },
	redirecting: { id: 'mdxTrustRedirecting', name: 'API URL that redirects' },
};

let sim: Simulator;
let slowSim: Simulator;
let servers: RedirectServers;
let n8n: N8n;
let workDir: string;

beforeAll(async () => {
	sim = await startSimulator({ token: TOKEN });
	slowSim = await startSimulator({ token: SLOW_TOKEN, pendingMs: Infinity });
	servers = await startRedirectServers(() => sim.url);
	workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-e2e-trust-'));
	n8n = await N8n.create();
	await n8n.importCredentials([
		{ ...simulatorCredential(sim.url, TOKEN), ...CREDENTIALS.simulator },
		{ ...simulatorCredential(slowSim.url, SLOW_TOKEN), ...CREDENTIALS.slow },
		{ ...simulatorCredential(servers.frontUrl, TOKEN), ...CREDENTIALS.redirecting },
	]);
});

afterAll(async () => {
	await servers?.stop();
	await sim?.stop();
	await slowSim?.stop();
	n8n?.remove();
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const segmentRows = (count: number) =>
	Array.from({ length: count }, (_v, index) => ({ operation: 'UPDATE', user_account_id: `crm-user-${index}`, segment_id: '4242', expiration_duration: 0 }));

/** Manual trigger -> the rows, one item each -> the Mediarithmics node with `parameters` and node `settings` (retryOnFail, onError...). */
async function workflow(id: string, credential: { id: string; name: string }, parameters: object, settings: object = {}, rows = segmentRows(40)): Promise<void> {
	const definition = {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'One item per row', type: 'main', index: 0 }]] },
			'One item per row': { main: [[{ node: 'Mediarithmics', type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: `${id}-1`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-2`, name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} } },
			{ id: `${id}-3`, name: 'One item per row', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'rows', options: {} } },
			{
				id: `${id}-4`,
				name: 'Mediarithmics',
				type: 'n8n-nodes-mediarithmics.mediarithmics',
				typeVersion: 1,
				position: [600, 0],
				parameters,
				credentials: { mediarithmicsApi: credential },
				...settings,
			},
		],
		pinData: {},
	};
	const file = path.join(workDir, `${id}.json`);
	writeFileSync(file, JSON.stringify(definition));
	await n8n.importWorkflow(file);
}

const uploadInto = (importId: string, uploadOptions: object = {}) => ({
	resource: 'execution',
	operation: 'upload',
	datamart: { __rl: true, mode: 'id', value: '1509' },
	target: 'existing',
	documentImport: { __rl: true, mode: 'id', value: importId },
	inputMode: 'items',
	uploadOptions: { maxPartMegabytes: 0.001, ...uploadOptions },
});

/** The executions of one import, oldest first, as the API lists them. */
async function executionsOf(simulator: Simulator, importId: string): Promise<string[]> {
	const answer = await call(simulator, 'GET', `/v1/datamarts/1509/document_imports/${importId}/executions?max_results=1000`);
	return (answer.json.data as Array<{ id: unknown }>).map((execution) => String(execution.id)).reverse();
}

/** The lines a simulator received for one import, in the order of its executions. */
async function linesOf(simulator: Simulator, importId: string): Promise<string[]> {
	return (await executionsOf(simulator, importId)).flatMap((id) => simulator.receivedFile(id).toString('utf8').split('\n').filter(Boolean));
}

describe('redirects', () => {
	beforeEach(() => {
		servers.seen.length = 0;
		servers.redirect = () => undefined;
	});

	test('a JSON call (Get Many document imports) answered 307 to another origin fails naming it; the token never reaches it', async () => {
		servers.redirect = () => 307;
		await workflow('mdxTrustRedirectJson', CREDENTIALS.redirecting, { resource: 'documentImport', operation: 'getAll', datamart: { __rl: true, mode: 'id', value: '1509' }, returnAll: true }, { executeOnce: true }, segmentRows(1));
		const { run, stdout, stderr } = await n8n.executeWithOutput('mdxTrustRedirectJson');
		const error = run.data.resultData.error;
		expect(error?.message).toBe(`The API answered GET /v1/datamarts/1509/document_imports with a redirect (HTTP 307) to ${servers.otherOrigin}, which the node does not follow`);
		expect(JSON.stringify(run)).not.toMatch(/QUERY-SECRET/);
		expect(servers.seen).toEqual([]);
		for (const text of [stdout, stderr, JSON.stringify(run)]) expect(text.includes(TOKEN)).toBe(false);
	});

	test('a raw upload (Execution > Upload) answered 302 to another origin fails naming it and the line to resume from; the token never reaches it', async () => {
		const importId = String((await createImport(sim)).id);
		servers.redirect = (request) => (request.method === 'POST' && request.url?.endsWith('/executions') ? 302 : undefined);
		await workflow('mdxTrustRedirectUpload', CREDENTIALS.redirecting, uploadInto(importId));
		const run = await n8n.execute('mdxTrustRedirectUpload');
		const error = run.data.resultData.error;
		expect(error?.message).toMatch(new RegExp(`^Part 1 of \\d+ of .* was not uploaded: The API answered POST /v1/datamarts/1509/document_imports/${importId}/executions with a redirect \\(HTTP 302\\) to ${servers.otherOrigin}`));
		expect(servers.seen).toEqual([]);
		expect(await linesOf(sim, importId)).toEqual([]);
	});
});

describe("n8n's Retry On Fail on Upload", () => {
	const retrySettings = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

	test('a part refused once after two were accepted: n8n tries three times, no line is sent twice (a try from line 1 would send all four parts), and the error says how to resume', async () => {
		const importId = String((await createImport(sim)).id);
		sim.faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 2, status: 400 });
		await workflow('mdxTrustRetryOnFail', CREDENTIALS.simulator, uploadInto(importId), retrySettings);
		const run = await n8n.execute('mdxTrustRetryOnFail');
		sim.faults.clear();
		const lines = await linesOf(sim, importId);
		expect(await executionsOf(sim, importId)).toHaveLength(2);
		expect(new Set(lines).size).toBe(lines.length);
		const error = run.data.resultData.error;
		expect(error?.message).toMatch(/^Part 3 of \d+ of .* was not uploaded/);
		expect(error?.description).toMatch(/Parts 1 to 2 were uploaded as executions .* set Start From Input Line to \d+ .*Retry On Fail ran this Upload again: nothing was sent again/);
	});

	test('Wait for Completion timing out under Continue On Fail: every part item names its execution and every execution created; n8n tries again without sending anything', async () => {
		const importId = String((await createImport(slowSim)).id);
		await workflow('mdxTrustWaitTimeout', CREDENTIALS.slow, uploadInto(importId, { waitForCompletion: true, pollIntervalSeconds: 0.2, timeoutSeconds: 1 }), {
			...retrySettings,
			onError: 'continueRegularOutput',
		});
		const run = await n8n.execute('mdxTrustWaitTimeout');
		expect(run.data.resultData.error).toBeUndefined();
		const created = await executionsOf(slowSim, importId);
		expect(created.length).toBeGreaterThan(1);
		const lines = await linesOf(slowSim, importId);
		expect(lines).toHaveLength(40);
		expect(new Set(lines).size).toBe(40);
		const output = nodeOutput(run, 'Mediarithmics');
		expect(output.map((item) => String(item.id))).toEqual(created);
		output.forEach((item, index) => {
			expect(item).toMatchObject({
				part: index + 1,
				uploadOutcome: 'created',
				created_executions: created,
				error: expect.stringMatching(new RegExp(`^Part ${index + 1} of ${created.length} is up as execution ${created[index]}, but waiting for completion failed: Timed out`)),
				description: expect.stringMatching(/The upload itself is done.*Retry On Fail ran this Upload again: nothing was sent again/),
			});
		});
	});
});

// In both expression engines of n8n 2.41.1: the legacy one passes on only n8n's own expression errors (any other makes the base URL empty: "Invalid URL").
describe.each([
	['the default expression engine (vm)', {}],
	['the legacy expression engine', { N8N_EXPRESSION_ENGINE: 'legacy' }],
])("the credential's Test, as the editor runs it (n8n start, POST /rest/credentials/test), %s", (_engine, engineEnv: Record<string, string>) => {
	let server: N8nProcess | undefined;
	let url: string;
	let cookie: string;

	beforeAll(async () => {
		server = await startN8nProcess(n8n, ['start'], {
			name: 'start',
			env: { N8N_SECURE_COOKIE: 'false', ...engineEnv },
			ports: ['N8N_PORT'],
			ready: async (process) => (await fetch(`http://localhost:${process.ports.N8N_PORT}/healthz`)).ok,
		});
		url = `http://localhost:${server.ports.N8N_PORT}`;
		await ensureOwner(url);
		const login = await fetch(`${url}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'browser-id': 'e2e' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		expect(login.status).toBe(200);
		cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	});

	afterAll(async () => {
		if (server) await stopN8nProcess(server);
	});

	beforeEach(() => {
		servers.seen.length = 0;
		servers.redirect = () => undefined;
	});

	async function testCredential(apiUrl: string): Promise<{ status: string; message: string }> {
		const response = await fetch(`${url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'browser-id': 'e2e', cookie },
			body: JSON.stringify({ credentials: { id: '', name: 'Mediarithmics', type: 'mediarithmicsApi', data: { apiToken: TOKEN, apiUrl } } }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	}

	test('passes against the API', async () => {
		expect(await testCredential(sim.url)).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test.each([302, 307, 308])('an API URL answering %i to another origin: the test fails saying what to check; the token never reaches the other origin', async (status) => {
		servers.redirect = () => status;
		const result = await testCredential(servers.frontUrl);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(new RegExp(`^The API URL answered with a redirect \\(HTTP ${status}\\).*Set API URL to the API's own address`));
		expect(servers.seen).toEqual([]);
	});

	test('http:// to a host that is not a loopback name is refused before anything is sent (0.0.0.0 reaches the other server here)', async () => {
		const result = await testCredential(servers.otherOrigin.replace('127.0.0.1', '0.0.0.0'));
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/The API URL must be the API server's address alone, https:\/\/host \(http:\/\/ only for a loopback address.*Nothing was sent/) });
		expect(servers.seen).toEqual([]);
	});

	test('an API URL with a path (/v1) is refused before anything is sent', async () => {
		const result = await testCredential(`${servers.otherOrigin.replace('http://', 'https://')}/v1`);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/without a path such as \/v1, a query, a fragment or a user name.*Nothing was sent/) });
		expect(servers.seen).toEqual([]);
	});
});
