/**
 * Upload To New Document Import, failing before any part is accepted: the
 * import the run created is not left behind empty. It is deleted when the
 * platform lists nothing in it, and the error says so; an import that holds
 * an execution (one that may hold the failed part) is kept.
 */
import type { INodeParameters, NodeOperationError } from 'n8n-workflow';

import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection } = useSimulator({ pendingMs: Infinity });
afterEach(() => sim().setFileReadMs(0));

const anyExecutions = /^\/v1\/datamarts\/1509\/document_imports\/\d+\/executions$/;
const items = [{ operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 }];
const parameters = (retryOptions: INodeParameters = {}): INodeParameters => ({
	resource: 'execution',
	operation: 'upload',
	datamart: byId('1509'),
	target: 'new',
	newImportName: 'tonight',
	inputMode: 'items',
	retryOptions,
});
const failure = (continueOnFail = false, retryOptions: INodeParameters = {}) =>
	runNode(connection(), { parameters: parameters(retryOptions), items, continueOnFail }).then(
		(output) => ({ output, error: undefined }),
		(caught: unknown) => ({ output: undefined, error: caught as NodeOperationError }),
	);

test('a Retry-After longer than Max Retry Time on the first part: the empty new import is deleted, and the error says so', async () => {
	sim().faults.inject({ method: 'POST', path: anyExecutions, status: 429, retryAfter: '3600' });
	const { error } = await failure();
	expect(error?.message).toMatch(/^Part 1 of 1 of the 1 items was not uploaded/);
	expect(error?.description).toMatch(/the API asked to wait 3600 s/);
	expect(error?.description).toMatch(/Document import 20001, created by this run, held nothing and was deleted: running the workflow again uploads everything to a new import\./);
	expect(sim().state.documentImports).toEqual([]);
});

test('with Continue On Fail, the failure item says the empty import was deleted', async () => {
	sim().faults.inject({ method: 'POST', path: anyExecutions, status: 429, retryAfter: '3600' });
	const { output } = await failure(true);
	expect(output?.map((item) => item.json)).toEqual([
		expect.objectContaining({ http_status: 429, error_code: 'TOO_MANY_REQUESTS', document_import_deleted: true, description: expect.stringMatching(/20001, created by this run, held nothing and was deleted/) }),
	]);
	expect(sim().state.documentImports).toEqual([]);
});

test('a new import whose only execution is the cut attempt\'s: settled by count, the upload goes on', async () => {
	sim().setFileReadMs(Infinity);
	sim().faults.inject({ method: 'POST', path: anyExecutions, drop: 'after-body' });
	const { output } = await failure(false, { maxRetrySeconds: 1 });
	expect(output?.map((item) => item.json.uploadOutcome)).toEqual(['recovered']);
	expect(sim().state.executions).toHaveLength(1);
});

test('a new import that holds an execution which may be the part is kept', async () => {
	sim().setFileReadMs(Infinity);
	sim().faults.inject({ method: 'POST', path: anyExecutions, drop: 'after-body' });
	// Two executions no part claims (the cut attempt's and another, against the advice of one import per
	// batch) cannot be settled by count: the careful path.
	sim().faults.inject({ method: 'GET', path: anyExecutions, delayMs: 500 });
	const { error } = await runNode(connection(), {
		parameters: parameters({ maxRetrySeconds: 1 }),
		items,
		onLog: (_level, message) => {
			if (!message.includes('attempt 1 failed')) return;
			void fetch(`${sim().url}/v1/datamarts/1509/document_imports/${sim().state.documentImports[0].id}/executions`, {
				method: 'POST',
				headers: { Authorization: sim().token, 'Content-Type': 'application/x-ndjson' },
				body: `${JSON.stringify(items[0])}\n`,
			});
		},
	}).then(
		() => ({ error: undefined }),
		(caught: unknown) => ({ error: caught as NodeOperationError }),
	);
	expect(error?.message).toMatch(/may or may not have been uploaded/);
	expect(error?.description).not.toMatch(/deleted/);
	expect(sim().state.documentImports).toHaveLength(1);
	expect(sim().state.executions).toHaveLength(2);
});

test('a new import whose part 1 was accepted is kept when part 2 fails for good, even if its listing shows nothing yet', async () => {
	// 30 lines of ~100 bytes in parts of at most 1 kB: several parts. Part 2 is refused for good;
	// the listing answers empty (a platform whose listing lags): only what the run knows keeps the import.
	const lines = Array.from({ length: 30 }, (_, index) => ({ operation: 'UPDATE', user_account_id: `user-${String(index).padStart(40, '0')}`, segment_id: '42', expiration_duration: 0 }));
	for (const continueOnFail of [false, true]) {
		sim().reset();
		sim().faults.inject({ method: 'POST', path: anyExecutions, after: 1, status: 429, retryAfter: '3600' });
		sim().faults.inject({ method: 'GET', path: anyExecutions, times: 100, status: 200, body: { status: 'ok', data: [], count: 0, total: 0, first_result: 0, max_results: 1 } });
		const outcome = await runNode(connection(), { parameters: { ...parameters(), uploadOptions: { maxPartMegabytes: 0.001 } }, items: lines, continueOnFail }).then(
			(output) => ({ output, error: undefined }),
			(caught: unknown) => ({ output: undefined, error: caught as NodeOperationError }),
		);
		const text = continueOnFail ? JSON.stringify(outcome.output?.map((item) => item.json)) : `${outcome.error?.message} ${outcome.error?.description}`;
		expect(text).toMatch(/Part 2 of \d+ of the 30 items was not uploaded/);
		expect(text).not.toMatch(/deleted/);
		expect(sim().state.documentImports).toHaveLength(1);
		expect(sim().state.executions).toHaveLength(1);
	}
});
