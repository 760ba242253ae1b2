/**
 * Operations chained as a user chains them, each on its defaults (datamart
 * `{{ $json.datamart_id }}`, import `{{ $json.document_import_id }}`,
 * execution `{{ $json.id }}`): every operation that outputs an execution
 * carries what the next one reads; Upload's skipped-lines report passes
 * through the execution operations untouched; and every operation's Continue
 * On Fail item carries the platform's HTTP status, error code and error id.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection, createImport } = useSimulator();

const segmentLine = (user: string, operation = 'UPDATE') => ({ operation, user_account_id: user, segment_id: '42', expiration_duration: 0 });

const upload = (importId: string, uploadOptions: INodeParameters = {}, items: object[] = [segmentLine('u1'), segmentLine('u2')]) =>
	runNode(connection(), {
		parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), inputMode: 'items', uploadOptions },
		items: items as never,
	});

/** An execution operation with nothing set but what the test needs: the datamart, import and execution come from the input item. */
const onDefaults = (operation: string, items: INodeExecutionData[], extra: INodeParameters = {}, continueOnFail = false) =>
	runNode(connection(), { parameters: { resource: 'execution', operation, ...extra }, items, continueOnFail });

const wait = (items: INodeExecutionData[]) => onDefaults('waitForCompletion', items, { waitOptions: { pollIntervalSeconds: 0.05 } });

describe('each operation that outputs an execution carries what the next operation reads by default', () => {
	test('Upload (Skip and Report) -> Wait for Completion -> Get Error File -> Cancel: the report passes through, the ids go along', async () => {
		const importId = await createImport();
		const uploaded = await upload(importId, { invalidLines: 'skip' }, [segmentLine('u1'), segmentLine('u2', 'ADD'), segmentLine('u3')]);
		const [execution, report] = uploaded;
		expect(report.json).toMatchObject({ skipped_line_count: 1 });

		const waited = await wait(uploaded);
		expect(waited.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: execution.json.id, datamart_id: '1509', document_import_id: importId, summary: expect.objectContaining({ status: 'SUCCEEDED', total_success: 2 }) }),
			report.json,
		]);
		expect(waited.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		const errorFiles = await onDefaults('getErrorFile', waited);
		expect(errorFiles.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: execution.json.id, execution_id: execution.json.id, datamart_id: '1509', document_import_id: importId }),
			report.json,
		]);
		expect(Buffer.from(errorFiles[0].binary!.data.data, 'base64').toString('utf8')).toBe(sim().errorFile(String(execution.json.id)));

		// A finished execution cannot be canceled: what matters here is that Cancel found it (not "No datamart selected").
		const canceled = await onDefaults('cancel', errorFiles, {}, true);
		expect(canceled.map((item) => item.json)).toEqual([
			expect.objectContaining({ error: `Execution ${String(execution.json.id)} cannot be canceled: its status is SUCCEEDED`, http_status: 400, error_code: 'EXECUTION_NOT_CANCELABLE' }),
			report.json,
		]);
		expect(sim().state.executions).toHaveLength(1);
	});

	test('Upload -> Cancel -> Get -> Wait for Completion -> Get', async () => {
		const importId = await createImport();
		const uploaded = await upload(importId);
		sim().setExecutionStatus(String(uploaded[0].json.id), 'PENDING');
		const canceled = await onDefaults('cancel', uploaded);
		expect(canceled[0].json).toMatchObject({ id: uploaded[0].json.id, status: 'CANCELED', datamart_id: '1509', document_import_id: importId });
		const got = await onDefaults('get', canceled);
		expect(got[0].json).toMatchObject({ id: uploaded[0].json.id, status: 'CANCELED', datamart_id: '1509', document_import_id: importId });
		const waited = await onDefaults('waitForCompletion', got, {}, true);
		expect(waited[0].json).toMatchObject({ failure: 'CANCELED', datamart_id: '1509', document_import_id: importId });
		expect((await onDefaults('get', waited))[0].json).toMatchObject({ id: uploaded[0].json.id, status: 'CANCELED' });
	});

	test('Get Many -> Get, one item per execution', async () => {
		const importId = await createImport();
		const ids = [String((await upload(importId))[0].json.id), String((await upload(importId))[0].json.id)];
		const listed = await runNode(connection(), {
			parameters: { resource: 'execution', operation: 'getAll', datamart: byId('1509'), documentImport: byId(importId), returnAll: true },
		});
		expect(listed.map((item) => item.json)).toEqual(ids.reverse().map((id) => expect.objectContaining({ id, datamart_id: '1509', document_import_id: importId })));
		const got = await onDefaults('get', listed);
		expect(got.map((item) => item.json.id)).toEqual(ids);
	});

	test('the skipped-lines report passes through Get and Get Many untouched', async () => {
		const importId = await createImport();
		const uploaded = await upload(importId, { invalidLines: 'skip' }, [segmentLine('u1'), segmentLine('u2', 'ADD')]);
		const got = await onDefaults('get', uploaded);
		expect(got.map((item) => item.json)).toEqual([expect.objectContaining({ id: uploaded[0].json.id }), uploaded[1].json]);
		const listed = await runNode(connection(), {
			parameters: { resource: 'execution', operation: 'getAll', datamart: byId('1509'), documentImport: byId(importId), returnAll: true },
			items: uploaded,
		});
		expect(listed.map((item) => item.json.id ?? 'report')).toEqual([uploaded[0].json.id, 'report']);
	});
});

test('a Dry Run of the whole chain runs to its end: the plan passes through Wait for Completion, Get Error File and Cancel untouched', async () => {
	const importId = await createImport();
	const planned = await upload(importId, { dryRun: true });
	expect(planned.map((item) => item.json)).toEqual([expect.objectContaining({ dry_run: true, would_upload: true })]);
	let items = planned;
	for (const operation of ['waitForCompletion', 'getErrorFile', 'cancel', 'get']) {
		items = await onDefaults(operation, items, operation === 'waitForCompletion' ? { waitOptions: { pollIntervalSeconds: 0.05 } } : {});
		expect(items).toEqual([{ json: planned[0].json, pairedItem: { item: 0 } }]);
	}
	expect(sim().state.executions).toHaveLength(0);
});

test('Upload\'s Continue On Fail item (a part refused for good) passes through Wait for Completion, Get Error File, Cancel and Get untouched', async () => {
	const importId = await createImport();
	sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, status: 429, retryAfter: '3600' });
	const failed = await runNode(connection(), {
		parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), inputMode: 'items' },
		items: [segmentLine('u1')] as never,
		continueOnFail: true,
	});
	expect(failed.map((item) => item.json)).toEqual([expect.objectContaining({ error: expect.any(String), created_executions: [], resume_from_line: 1 })]);
	let items = failed;
	for (const operation of ['waitForCompletion', 'getErrorFile', 'cancel', 'get']) {
		items = await onDefaults(operation, items, operation === 'waitForCompletion' ? { waitOptions: { pollIntervalSeconds: 0.05 } } : {});
		expect(items).toEqual([{ json: failed[0].json, pairedItem: { item: 0 } }]);
	}
});

test('an item with an error of its own that is not Upload\'s failure item is not passed through', async () => {
	const error = await onDefaults('get', [{ json: { error: 'something else failed' } }]).then(
		() => undefined,
		(caught: unknown) => caught as Error,
	);
	expect(error?.message).toMatch(/No datamart selected/);
});

describe('Continue On Fail: every operation outputs the message, the HTTP status, the error code and the error id', () => {
	const unknownImport = { datamart: byId('1509'), documentImport: byId('999999') };
	const cases: Array<[string, INodeParameters]> = [
		['Document Import > Create', { resource: 'documentImport', operation: 'create', datamart: byId('999'), name: 'x', documentType: 'USER_SEGMENT' }],
		['Document Import > Get', { resource: 'documentImport', operation: 'get', ...unknownImport }],
		['Document Import > Get Many', { resource: 'documentImport', operation: 'getAll', datamart: byId('999'), returnAll: true }],
		['Document Import > Update', { resource: 'documentImport', operation: 'update', ...unknownImport, updateFields: { name: 'y' } }],
		['Document Import > Delete', { resource: 'documentImport', operation: 'delete', datamart: byId('999'), documentImport: byId('1') }],
		['Execution > Upload', { resource: 'execution', operation: 'upload', target: 'existing', inputMode: 'items', ...unknownImport }],
		['Execution > Get', { resource: 'execution', operation: 'get', ...unknownImport, executionId: '1' }],
		['Execution > Get Many', { resource: 'execution', operation: 'getAll', ...unknownImport, returnAll: true }],
		['Execution > Cancel', { resource: 'execution', operation: 'cancel', ...unknownImport, executionId: '1' }],
		['Execution > Wait for Completion', { resource: 'execution', operation: 'waitForCompletion', ...unknownImport, executionId: '1' }],
		['Execution > Get Error File', { resource: 'execution', operation: 'getErrorFile', ...unknownImport, executionId: '1' }],
	];

	test.each(cases)('%s', async (_name, parameters) => {
		const output = await runNode(connection(), { parameters, items: [segmentLine('u1')], continueOnFail: true });
		expect(output).toEqual([
			{
				json: {
					error: expect.stringMatching(/not found/),
					description: expect.stringMatching(/^HTTP 404 on .*; error code: NOT_FOUND; error id: [0-9a-f-]{36}/),
					http_status: 404,
					error_code: 'NOT_FOUND',
					error_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(output[0].json.description).toContain(String(output[0].json.error_id));
		expect(JSON.stringify(output)).not.toContain(sim().token);
	});
});
