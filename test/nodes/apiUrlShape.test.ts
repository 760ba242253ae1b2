/**
 * The API URL is the server's address only: the node appends /v1/… to it, so
 * a path, query or fragment of its own would make wrong URLs
 * (https://host/v1/v1/…). Such a URL is a clear error at run time, naming
 * what to remove, and nothing is sent.
 */
import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

const { sim } = useSimulator();

const get = (url: string) =>
	runNode({ url, token: sim().token }, { parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId('1') } });

test.each([
	['/v1', /without a path \("\/v1"\)/],
	['/v1/', /without a path \("\/v1"\)/],
	['/?x=1', /without a query string/],
	['/#f', /without a fragment/],
])('an API URL ending in %s is refused, nothing sent', async (suffix, message) => {
	const error = await get(`${sim().url}${suffix}`).then(
		() => undefined,
		(caught: unknown) => caught as Error & { description?: string },
	);
	expect(error?.message).toMatch(/^The API URL of the Mediarithmics API credential must be the server's address only/);
	expect(error?.message).toMatch(message);
	expect(error?.description).toContain(`Set it to ${sim().url} `);
	expect(sim().requests).toHaveLength(0);
});

test('the address with a trailing slash is accepted', async () => {
	await expect(get(`${sim().url}/`)).rejects.toThrow(/not found|404|Not Found/i);
	expect(sim().requests).toHaveLength(1);
});

test.each([
	['an empty query', '?'],
	['an empty fragment', '#'],
	['a trailing backslash', '\\'],
])('an API URL ending in %s (no path, query or fragment once parsed) sends its calls to /v1/… of that server', async (_name, suffix) => {
	await get(`${sim().url}${suffix}`).catch(() => undefined);
	expect(sim().requests.map((request) => request.path)).toEqual(['/v1/datamarts/1509/document_imports/1']);
});
