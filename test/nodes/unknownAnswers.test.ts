/**
 * A create answered 500, 408 or a proxy's 52x may have been done by the
 * platform: only a refusal (429, another 4xx) proves nothing was. Such an
 * answer is an unknown outcome, checked as for a dropped connection: what was
 * done is found and not sent again, and a message never says "not uploaded"
 * without having looked. The simulator's `perform` fault does the work, then
 * answers the status.
 */
import { runNode } from './harness';
import { fileItem } from './nodeInputs';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection, createImport, upload, receivedText } = useSimulator();

const lines = Array.from({ length: 30 }, (_value, index) => JSON.stringify({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 }));
const file = `${lines.join('\n')}\n`;
const executionsPath = (importId: string) => `/v1/datamarts/1509/document_imports/${importId}/executions`;
const smallParts = { maxPartMegabytes: 0.0012 };

test.each([500, 408, 520])('Upload: part 2 done by the platform but answered %i is found, not sent again', async (status) => {
	const importId = await createImport();
	sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status, perform: true });
	const output = await upload(importId, { inputMode: 'binary', uploadOptions: smallParts }, [fileItem(file)]);
	const parts = output.filter((item) => item.json.part !== undefined);
	expect(parts.length).toBeGreaterThan(2);
	expect(parts[1].json).toMatchObject({ part: 2, uploadOutcome: 'recovered' });
	expect(sim().state.executions).toHaveLength(parts.length);
	expect(receivedText().join('')).toBe(file);
});

test('Upload: a 500 after which nothing is found says it was checked, not that it was refused', async () => {
	const importId = await createImport();
	sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 500 });
	const error = await upload(importId, { inputMode: 'binary', uploadOptions: smallParts, retryOptions: { maxAttempts: 1 } }, [fileItem(file)]).then(
		() => undefined,
		(caught: unknown) => caught as Error & { description: string },
	);
	expect(error?.message).toMatch(/^Part 2 of \d+ of the file "export.ndjson" of item 1 was not uploaded: /);
	expect(error?.description).toContain('HTTP 500, outcome unknown: checked, not done; gave up after 1 attempt');
	expect(sim().state.executions).toHaveLength(1);
	// The check: a list of the import's executions after the 500.
	const posts = sim().requests.filter((request) => request.method === 'POST');
	const lastPost = sim().requests.indexOf(posts[posts.length - 1]);
	expect(sim().requests.slice(lastPost + 1).some((request) => request.method === 'GET' && request.path === executionsPath(importId))).toBe(true);
});

test('Upload: a one-off 500 with nothing done is checked, then the part is sent again', async () => {
	const importId = await createImport();
	sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 500 });
	const output = await upload(importId, { inputMode: 'binary', uploadOptions: smallParts }, [fileItem(file)]);
	expect(output[1].json).toMatchObject({ part: 2, uploadOutcome: 're-uploaded' });
	expect(receivedText().join('')).toBe(file);
});

test('Document Import > Create: created but answered 500 is found, one import only', async () => {
	sim().faults.inject({ method: 'POST', path: '/v1/datamarts/1509/document_imports', status: 500, perform: true });
	const [item] = await runNode(connection(), {
		parameters: { resource: 'documentImport', operation: 'create', datamart: byId('1509'), name: 'CRM 2026-12-07', documentType: 'USER_SEGMENT', mimeType: 'APPLICATION_X_NDJSON' },
	});
	expect(sim().state.documentImports).toHaveLength(1);
	expect(String(item.json.id)).toBe(String(sim().state.documentImports[0].id));
});

test('Upload: when the check after a 500 fails too, the part is said to be unknown, not "not uploaded"', async () => {
	const importId = await createImport();
	sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 500, perform: true });
	// The first list is the node's note of what the import held; the second, the check after the 500.
	sim().faults.inject({ method: 'GET', path: executionsPath(importId), after: 1, status: 500 });
	const error = await upload(importId, { inputMode: 'binary', uploadOptions: smallParts }, [fileItem(file)]).then(
		() => undefined,
		(caught: unknown) => caught as Error & { description: string },
	);
	expect(error?.message).toMatch(/^Part 2 of \d+ of the file "export.ndjson" of item 1 may or may not have been uploaded: /);
	expect(error?.description).toMatch(/checking whether it was done failed .*it was not sent again/);
	expect(error?.description).toMatch(/Before resuming, list the executions of document import \d+: if one created at the failed attempt holds the lines of part 2/);
	expect(error?.description).not.toMatch(/To resume, upload again/);
	// Part 2 is up (done before the 500), sent once.
	expect(sim().state.executions).toHaveLength(2);
});

describe('a redirect answered to a create: never followed, and not taken as "not done"', () => {
	const elsewhere = 'http://127.0.0.1:9/elsewhere?signature=secret';

	test('Upload: part 2 done by the platform but answered 307 with a Location is found, not sent again, not followed', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 307, location: elsewhere, perform: true });
		const output = await upload(importId, { inputMode: 'binary', uploadOptions: smallParts }, [fileItem(file)]);
		const parts = output.filter((item) => item.json.part !== undefined);
		expect(parts[1].json).toMatchObject({ part: 2, uploadOutcome: 'recovered' });
		expect(sim().state.executions).toHaveLength(parts.length);
		expect(receivedText().join('')).toBe(file);
	});

	test('Upload: a 302 with nothing done is checked, said to be checked and not sent again to an address that sends it away', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 302, location: elsewhere, times: 5 });
		const error = await upload(importId, { inputMode: 'binary', uploadOptions: smallParts }, [fileItem(file)]).then(
			() => undefined,
			(caught: unknown) => caught as Error & { description: string },
		);
		expect(error?.message).toMatch(/^Part 2 of \d+ of the file "export.ndjson" of item 1 was not uploaded: /);
		expect(error?.message).toMatch(/redirect \(HTTP 302\) to http:\/\/127\.0\.0\.1:9, which the node does not follow/);
		expect(error?.message).not.toContain('secret');
		expect(error?.description).toMatch(/HTTP 302, outcome unknown: checked, not done; not sent again/);
		expect(sim().state.executions).toHaveLength(1);
		// One POST for part 2, then the check (a list of the import's executions), no second POST.
		const posts = sim().requests.filter((request) => request.method === 'POST' && request.path === executionsPath(importId));
		expect(posts).toHaveLength(2);
		const lastPost = sim().requests.indexOf(posts[1]);
		expect(sim().requests.slice(lastPost + 1).some((request) => request.method === 'GET' && request.path === executionsPath(importId))).toBe(true);
	});

	test('Document Import > Create: created but answered 303 is found, one import only', async () => {
		sim().faults.inject({ method: 'POST', path: '/v1/datamarts/1509/document_imports', status: 303, location: elsewhere, perform: true });
		const [item] = await runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'create', datamart: byId('1509'), name: 'CRM 2026-12-07', documentType: 'USER_SEGMENT', mimeType: 'APPLICATION_X_NDJSON' },
		});
		expect(sim().state.documentImports).toHaveLength(1);
		expect(String(item.json.id)).toBe(String(sim().state.documentImports[0].id));
	});
});
