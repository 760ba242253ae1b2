/**
 * An unknown outcome on an import this run created (Upload To New Document
 * Import): nothing else adds executions to it, so the one new execution there
 * that is no part's is the attempt's, even while the platform still shows
 * `parameters: null` (the docs' create answer). The upload goes on at once,
 * the part not sent again. On an existing import the careful path stays:
 * another workflow may be uploading there.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection, createImport } = useSimulator({ pendingMs: Infinity });
afterEach(() => sim().setFileReadMs(0));

const importsPath = '/v1/datamarts/1509/document_imports';
const executionsPathRe = /^\/v1\/datamarts\/1509\/document_imports\/\d+\/executions$/;
const line = (index: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 });
const items = Array.from({ length: 12 }, (_v, index) => JSON.parse(line(index)) as IDataObject);
const retryOptions = { maxRetrySeconds: 3 };
// Four parts of three lines each.
const uploadOptions = { maxPartMegabytes: 0.0003 };

const run = (target: INodeParameters, continueOnFail = false) =>
	runNode(connection(), {
		parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), inputMode: 'items', retryOptions, uploadOptions, ...target } as INodeParameters,
		items,
		continueOnFail,
	});

const posts = () => sim().requests.filter((request) => request.method === 'POST' && executionsPathRe.test(request.path));

test('new import, part 2 cut after the platform created it, parameters still null: settled by count, not sent again', async () => {
	sim().setFileReadMs(Infinity);
	sim().faults.inject({ method: 'POST', path: executionsPathRe, after: 1, drop: 'after-body' });
	const startedAt = Date.now();
	// A long Max Retry Time, so that a look waiting for a line count shows at any machine load.
	const output = await run({ target: 'new', newImportName: 'CRM batch', newImportDocumentType: 'USER_SEGMENT', newImportMimeType: 'APPLICATION_X_NDJSON', retryOptions: { maxRetrySeconds: 40 } });
	const parts = output.filter((item) => item.json.part !== undefined);
	expect(parts.map((item) => item.json.uploadOutcome)).toEqual(['created', 'recovered', 'created', 'created']);
	expect(sim().state.executions).toHaveLength(4);
	expect(posts()).toHaveLength(4);
	// Not after Max Retry Time: the look did not wait for a line count.
	expect(Date.now() - startedAt).toBeLessThan(20_000);
	const text = sim().state.executions.map((execution) => sim().receivedFile(String(execution.id)).toString('utf8')).join('');
	expect(text).toBe(items.map((item) => `${JSON.stringify(item)}\n`).join(''));
}, 60_000);

test('existing import, the same fault: the careful path (not sent again, the error names the execution that may hold it)', async () => {
	sim().setFileReadMs(Infinity);
	const importId = await createImport();
	sim().faults.inject({ method: 'POST', path: executionsPathRe, after: 1, drop: 'after-body' });
	const error = await run({ target: 'existing', documentImport: byId(importId) }).then(
		() => undefined,
		(caught: unknown) => caught as Error,
	);
	expect(error?.message).toMatch(/^Part 2 of 4 .* may or may not have been uploaded: .*could not be settled/);
	expect(posts()).toHaveLength(2);
});

test('new import with two executions that are no part\'s: not settled by count', async () => {
	sim().setFileReadMs(Infinity);
	// Part 2 is cut after the platform created it; before the node looks, another execution appears in the import
	// (someone else's, against the advice): two candidates, none with a line count, so no guess.
	sim().faults.inject({ method: 'POST', path: executionsPathRe, after: 1, drop: 'after-body' });
	// The node's first look waits a moment, so that the other execution is there by then.
	sim().faults.inject({ method: 'GET', path: executionsPathRe, delayMs: 500 });
	const output = await runNode(connection(), {
		parameters: {
			resource: 'execution',
			operation: 'upload',
			datamart: byId('1509'),
			inputMode: 'items',
			retryOptions,
			uploadOptions,
			target: 'new',
			newImportName: 'CRM batch',
			newImportDocumentType: 'USER_SEGMENT',
			newImportMimeType: 'APPLICATION_X_NDJSON',
		} as INodeParameters,
		items,
		continueOnFail: true,
		onLog: (_level, message) => {
			if (!message.includes('attempt 1 failed')) return;
			const importId = sim().state.documentImports[0].id;
			void fetch(`${sim().url}${importsPath}/${importId}/executions`, {
				method: 'POST',
				headers: { Authorization: sim().token, 'Content-Type': 'application/x-ndjson' },
				body: `${line(99)}\n`,
			});
		},
	});
	const failure = output.find((item) => typeof item.json.error === 'string');
	expect(failure?.json.error).toMatch(/may or may not have been uploaded/);
	// Parts 1 and 2 and the other execution: part 2 was not sent again.
	expect(posts()).toHaveLength(3);
	expect(failure?.json.unconfirmed_executions).toHaveLength(2);
});
