/**
 * Settling an unknown upload outcome with both forms of a new execution the
 * docs show: `parameters: null` until the platform has read the file (the
 * create answer), and `parameters` filled while still PENDING (the get
 * example). A dropped connection and a timeout, each: the execution the cut
 * attempt created is found (waiting for its line count when needed), the part
 * is never sent twice, and when the platform does not tell in time the error
 * names the execution that may hold the part.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, NodeOperationError } from 'n8n-workflow';

import type { FaultSpec } from '../simulator/faults';
import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection, createImport, upload: uploadInto } = useSimulator({ pendingMs: Infinity });
afterEach(() => sim().setFileReadMs(0));

const importsPath = '/v1/datamarts/1509/document_imports';
const executionsPath = (importId: string) => `${importsPath}/${importId}/executions`;
const line = (index: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 });
const items = Array.from({ length: 3 }, (_v, index) => JSON.parse(line(index)) as IDataObject);
const uploaded = items.map((item) => `${JSON.stringify(item)}\n`).join('');

const upload = (importId: string, retryOptions: IDataObject, continueOnFail = false): Promise<INodeExecutionData[]> =>
	runNode(connection(), {
		parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), inputMode: 'items', retryOptions } as INodeParameters,
		items,
		continueOnFail,
	});

const posts = (importId: string) => sim().requests.filter((request) => request.method === 'POST' && request.path === executionsPath(importId));

// A connection cut once the platform has created the execution; an answer slower than the 2 s Request Timeout
// that the platform completes anyway: created at 3 s, a second clear of both the timeout and the check at 4 s
// (timeout, then as long again), so a loaded machine does not turn it into a plain answer or a miss.
const faults: Array<{ name: string; spec: Omit<FaultSpec, 'path'>; settleMs: number }> = [
	{ name: 'a connection dropped after the body', spec: { method: 'POST', drop: 'after-body' }, settleMs: 0 },
	{ name: 'a timeout', spec: { method: 'POST', delayMs: 3000, finishLate: true }, settleMs: 3000 },
];
const retryOptions = { timeoutSeconds: 2 };
const SLOW_TEST_MS = 30_000;

describe.each(faults)('$name', ({ spec, settleMs }) => {
	test.each([
		['parameters filled while PENDING (the get example)', 0],
		// Filled 3 s after creation: at least 2 s after the first check (under 0.5 s after a drop, 1 s after the late creation).
		['parameters null at the first check, filled 3 s later (the create example, then the get example)', 3000],
	])('%s: the execution is found, the part is not sent again', async (_form, fileReadMs) => {
		sim().setFileReadMs(fileReadMs);
		const importId = await createImport();
		sim().faults.inject({ ...spec, path: executionsPath(importId) });
		const output = await upload(importId, retryOptions);
		expect(output.map((item) => item.json.uploadOutcome)).toEqual(['recovered']);
		expect(sim().state.executions).toHaveLength(1);
		expect(posts(importId)).toHaveLength(1);
		expect(sim().receivedFile(String(output[0].json.id)).toString('utf8')).toBe(uploaded);
	}, SLOW_TEST_MS);

	test('parameters still null when Max Retry Time runs out: not sent again, the error names the execution and what decides', async () => {
		sim().setFileReadMs(Infinity);
		const importId = await createImport();
		sim().faults.inject({ ...spec, path: executionsPath(importId) });
		const error = await upload(importId, { ...retryOptions, maxRetrySeconds: 6 }).then(
			() => undefined,
			(caught: unknown) => caught as NodeOperationError,
		);
		await new Promise((resolve) => setTimeout(resolve, settleMs));
		expect(sim().state.executions).toHaveLength(1);
		const executionId = String(sim().state.executions[0].id);
		expect(posts(importId)).toHaveLength(1);
		expect(error?.message).toMatch(new RegExp(`^Part 1 of 1 of the 3 items may or may not have been uploaded: .*execution ${executionId}, created since the attempt, may hold it`));
		expect(error?.description).toContain(`once parameters.number_of_lines shows 3, it holds part 1 (lines 1 to 3 of the input), and the upload goes on after line 3`);
		expect(error?.description).toContain('and the upload goes on after line 3 (set Start From Input Line to 4)');
		expect(error?.description).toContain('With another count (or none there), part 1 was not uploaded: upload again from line 1 (set Start From Input Line to 1).');
		expect(error?.description).not.toContain('To resume, upload again from line 1 of the input');
	}, SLOW_TEST_MS);
});

test('with Continue On Fail, an unsettled part is an item naming the execution that may hold it', async () => {
	sim().setFileReadMs(Infinity);
	const importId = await createImport();
	sim().faults.inject({ method: 'POST', path: executionsPath(importId), drop: 'after-body' });
	const output = await upload(importId, { ...retryOptions, maxRetrySeconds: 1.5 }, true);
	const executionId = String(sim().state.executions[0].id);
	expect(output.map((item) => item.json)).toEqual([
		expect.objectContaining({ created_executions: [], resume_from_line: 1, unconfirmed_executions: [executionId], error: expect.stringMatching(/may or may not have been uploaded/) }),
	]);
	expect(posts(importId)).toHaveLength(1);
});

test('a late copy whose line count shows only later is still reported', async () => {
	// Part 1 times out at 1 s; the platform creates it 4 s after it was read (2 s past the check at 2 s) and reads it
	// 4 s later still. The upload again waits 4 s (Retry-After): the look at the end, at about 6 s, comes 2 s after
	// the copy was created and 2 s before its line count shows (margins of seconds, for a loaded machine).
	sim().setFileReadMs(4000);
	const importId = await createImport();
	sim().faults.inject({ method: 'POST', path: executionsPath(importId), delayMs: 4000, finishLate: true });
	sim().faults.inject({ method: 'POST', path: executionsPath(importId), status: 429, retryAfter: '4' });
	const random = jest.spyOn(Math, 'random').mockReturnValue(0);
	const output = await upload(importId, { timeoutSeconds: 1 }).finally(() => random.mockRestore());
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const late = sim().state.executions.filter((execution) => String(execution.id) !== String(output[0].json.id));
	expect(late).toHaveLength(1);
	expect(output[0].json).toMatchObject({ uploadOutcome: 're-uploaded', lateCopy: { executionId: String(late[0].id) } });
}, SLOW_TEST_MS);

test('unsettled, a part that ends with a CSV record over two lines: the line to go on from is the next part\'s first line', async () => {
	sim().setFileReadMs(Infinity);
	const importId = await createImport({ mime_type: 'TEXT_CSV' });
	// Line 1 the header, 2 a row, 3-4 one record (a quoted line break), 5 a row: part 1 holds lines 2 to 4 (101 bytes), part 2 line 5.
	const csv = 'operation,user_account_id,segment_id,expiration_duration\nUPDATE,user-2,42,0\nUPDATE,"user\nthree",42,0\nUPDATE,user-5,42,0\n';
	sim().faults.inject({ method: 'POST', path: executionsPath(importId), drop: 'after-body' });
	const error = await uploadInto(
		importId,
		{ inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.000115 }, retryOptions: { ...retryOptions, maxRetrySeconds: 3 } },
		[{ json: {}, binary: { data: { data: Buffer.from(csv).toString('base64'), mimeType: 'text/csv', fileName: 'export.csv' } } }],
	).then(
		() => undefined,
		(caught: unknown) => caught as NodeOperationError,
	);
	expect(posts(importId)).toHaveLength(1);
	// Line 4 is inside the record of lines 3-4: Start From Input Line 4 would be refused.
	expect(error?.description).toContain('it holds part 1 (lines 2 to 3 of the input), and the upload goes on after line 3 (set Start From Input Line to 5)');
}, SLOW_TEST_MS);
