/**
 * The API token never follows a redirect: not to another origin, not to http://. Every call that
 * carries it (JSON calls, a raw upload body, the credential's Test) is sent to an API URL that
 * answers with a redirect to a second loopback server on another origin (localhost against
 * 127.0.0.1, another port); that server must never see the token, and the error names the origin
 * the redirect pointed to (never its query string) and what to check.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

import { runCredentialTest } from './credentialTestHarness';
import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

jest.setTimeout(60_000);

const TOKEN = 'tok-REDIRECT-7d2a-never-elsewhere';
const { sim, createImport } = useSimulator({ token: TOKEN, pendingMs: Infinity });

/** The other origin: records the Authorization header of every request it gets, and answers like the API would. */
let other: { server: Server; origin: string; seen: Array<{ path: string; authorization?: string }> };
/** The API URL: passes requests on to the simulator, except those `redirect` picks, answered with a redirect to the other origin. */
let front: { server: Server; url: string; redirect: (request: IncomingMessage) => number | undefined };

async function listen(server: Server, host: string): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
	const seen: Array<{ path: string; authorization?: string }> = [];
	const otherServer = createServer((request, response) => {
		seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
		request.resume();
		response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', data: [], count: 0, total: 0 }));
	});
	other = { server: otherServer, origin: `http://127.0.0.1:${await listen(otherServer, '127.0.0.1')}`, seen };
	const frontServer = createServer((request, response) => {
		const status = front.redirect(request);
		if (status !== undefined) {
			request.resume();
			response.writeHead(status, { Location: `${other.origin}${request.url}${request.url?.includes('?') ? '&' : '?'}sig=QUERY-SECRET` }).end();
			return;
		}
		const upstream = new URL(sim().url);
		const proxied = httpRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		request.pipe(proxied);
	});
	front = { server: frontServer, url: `http://localhost:${await listen(frontServer, 'localhost')}`, redirect: () => undefined };
});
afterAll(async () => {
	for (const server of [other.server, front.server]) await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
	other.seen.length = 0;
	front.redirect = () => undefined;
});

async function failure(run: Promise<unknown>): Promise<{ message: string; description: string }> {
	return await run.then(
		() => ({ message: 'no error', description: '' }),
		(error: { message: string; description?: string }) => ({ message: error.message, description: String(error.description ?? '') }),
	);
}

describe.each([302, 307])('an API answering %i with a redirect to another origin', (status) => {
	test('a JSON call (Get Many document imports) fails naming the origin, and the token never reaches it', async () => {
		front.redirect = () => status;
		const error = await failure(runNode({ url: front.url, token: TOKEN }, { parameters: { resource: 'documentImport', operation: 'getAll', datamart: byId('1509'), returnAll: true } }));
		expect(error.message).toBe(`The API answered GET /v1/datamarts/1509/document_imports with a redirect (HTTP ${status}) to ${other.origin}, which the node does not follow`);
		expect(error.description).toMatch(/Check that API URL/);
		expect(`${error.message} ${error.description}`).not.toMatch(/QUERY-SECRET/);
		expect(other.seen).toEqual([]);
	});

	test('a raw upload body (Execution > Upload) fails naming the origin and the line to resume from, and the token never reaches it', async () => {
		const importId = await createImport();
		front.redirect = (request) => (request.method === 'POST' && request.url?.endsWith('/executions') ? status : undefined);
		const line = { operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 };
		const error = await failure(
			runNode(
				{ url: front.url, token: TOKEN },
				{ parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), inputMode: 'items' }, items: [line] },
			),
		);
		expect(error.message).toMatch(new RegExp(`^Part 1 of 1 of .* was not uploaded: The API answered POST /v1/datamarts/1509/document_imports/${importId}/executions with a redirect \\(HTTP ${status}\\) to ${other.origin}`));
		expect(error.description).toMatch(/set Start From Input Line to 1/);
		expect(other.seen).toEqual([]);
		expect(sim().state.executions).toEqual([]);
	});

	test("the credential's Test fails with what to check, and the token never reaches the other origin", async () => {
		front.redirect = () => status;
		const result = await runCredentialTest({ url: front.url, token: TOKEN });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(new RegExp(`^The API URL answered with a redirect \\(HTTP ${status}\\).*Set API URL to the API's own address`)) });
		expect(other.seen).toEqual([]);
	});
});

describe("the credential's Test", () => {
	test('passes against the API itself (no redirect)', async () => {
		expect(await runCredentialTest({ url: front.url, token: TOKEN })).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('refuses http:// to a host that is not a loopback name before sending anything (0.0.0.0 reaches the other server here)', async () => {
		const url = other.origin.replace('127.0.0.1', '0.0.0.0');
		const result = await runCredentialTest({ url, token: TOKEN });
		expect(result.status).toBe('Error');
		expect(other.seen).toEqual([]);
	});

	test('an https:// API URL is not refused by that check (it fails only for want of a TLS server here)', async () => {
		const result = await runCredentialTest({ url: other.origin.replace('http://', 'https://'), token: TOKEN });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/EPROTO|ssl|SSL|TLS|packet length/) });
	});
});
