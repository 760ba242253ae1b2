/**
 * The API token never follows a redirect: not to another origin, not to http://. Every call that
 * carries it (JSON calls, a raw upload body, the credential's Test) is sent to an API URL that
 * answers with a redirect to a second loopback server on another origin (localhost against
 * 127.0.0.1, another port); that server must never see the token, and the error names the origin
 * the redirect pointed to (never its query string) and what to check.
 */
import { startRedirectServers, type RedirectServers } from '../redirectServers';
import { runCredentialTest } from './credentialTestHarness';
import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

jest.setTimeout(60_000);

const TOKEN = 'tok-REDIRECT-7d2a-never-elsewhere';
const { sim, createImport } = useSimulator({ token: TOKEN, pendingMs: Infinity });

let servers: RedirectServers;

beforeAll(async () => {
	servers = await startRedirectServers(() => sim().url);
});
afterAll(async () => await servers.stop());
beforeEach(() => {
	servers.seen.length = 0;
	servers.redirect = () => undefined;
});

async function failure(run: Promise<unknown>): Promise<{ message: string; description: string }> {
	return await run.then(
		() => ({ message: 'no error', description: '' }),
		(error: { message: string; description?: string }) => ({ message: error.message, description: String(error.description ?? '') }),
	);
}

describe.each([302, 307])('an API answering %i with a redirect to another origin', (status) => {
	test('a JSON call (Get Many document imports) fails naming the origin, and the token never reaches it', async () => {
		servers.redirect = () => status;
		const error = await failure(runNode({ url: servers.frontUrl, token: TOKEN }, { parameters: { resource: 'documentImport', operation: 'getAll', datamart: byId('1509'), returnAll: true } }));
		expect(error.message).toBe(`The API answered GET /v1/datamarts/1509/document_imports with a redirect (HTTP ${status}) to ${servers.otherOrigin}, which the node does not follow`);
		expect(error.description).toMatch(/Check that API URL/);
		expect(`${error.message} ${error.description}`).not.toMatch(/QUERY-SECRET/);
		expect(servers.seen).toEqual([]);
	});

	test('a raw upload body (Execution > Upload) fails naming the origin and the line to resume from, and the token never reaches it', async () => {
		const importId = await createImport();
		servers.redirect = (request) => (request.method === 'POST' && request.url?.endsWith('/executions') ? status : undefined);
		const line = { operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 };
		const error = await failure(
			runNode(
				{ url: servers.frontUrl, token: TOKEN },
				{ parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), inputMode: 'items' }, items: [line] },
			),
		);
		expect(error.message).toMatch(new RegExp(`^Part 1 of 1 of .* was not uploaded: The API answered POST /v1/datamarts/1509/document_imports/${importId}/executions with a redirect \\(HTTP ${status}\\) to ${servers.otherOrigin}`));
		expect(error.description).toMatch(/set Start From Input Line to 1/);
		expect(servers.seen).toEqual([]);
		expect(sim().state.executions).toEqual([]);
	});

	test("the credential's Test fails with what to check, and the token never reaches the other origin", async () => {
		servers.redirect = () => status;
		const result = await runCredentialTest({ url: servers.frontUrl, token: TOKEN });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(new RegExp(`^The API URL answered with a redirect \\(HTTP ${status}\\).*Set API URL to the API's own address`)) });
		expect(servers.seen).toEqual([]);
	});
});

describe("the credential's Test", () => {
	test('passes against the API itself (no redirect)', async () => {
		expect(await runCredentialTest({ url: servers.frontUrl, token: TOKEN })).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('refuses http:// to a host that is not a loopback name before sending anything (0.0.0.0 reaches the other server here)', async () => {
		const url = servers.otherOrigin.replace('127.0.0.1', '0.0.0.0');
		const result = await runCredentialTest({ url, token: TOKEN });
		expect(result.status).toBe('Error');
		// The harness evaluates with n8n-workflow's default (legacy) expression engine: the refusal's own words, not "Invalid URL".
		expect(result.message).toMatch(/^The API URL must be the API server's address alone, https:\/\/host .*Nothing was sent\.$/);
		expect(servers.seen).toEqual([]);
	});

	test.each(['/v1', '/?x=1', '/#f'])('refuses an API URL with a path, query or fragment (%s) before sending anything', async (extra) => {
		// https:// to the loopback server: refused before connecting, so no TLS error (compare the https:// test below).
		const result = await runCredentialTest({ url: `${servers.otherOrigin.replace('http://', 'https://')}${extra}`, token: TOKEN });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/without a path such as \/v1, a query, a fragment or a user name.*Nothing was sent/);
		expect(servers.seen).toEqual([]);
	});

	test('an https:// API URL is not refused by that check (it fails only for want of a TLS server here)', async () => {
		const result = await runCredentialTest({ url: servers.otherOrigin.replace('http://', 'https://'), token: TOKEN });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/EPROTO|ssl|SSL|TLS|packet length/) });
	});
});
