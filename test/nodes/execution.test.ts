import { runNode } from './harness';
import { byId, simulatorPost, useSimulator } from './simulatorFixture';

const { sim, connection, createImport } = useSimulator();

const uploadRaw = async (importId: string, body: string) => await simulatorPost(sim(), `/v1/datamarts/1509/document_imports/${importId}/executions`, body, 'application/x-ndjson');

const validLine = (id: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `u${id}`, segment_id: '42', expiration_duration: 0 });
const invalidLine = JSON.stringify({ operation: 'ADD', user_account_id: 'x', segment_id: '42', expiration_duration: 0 });

const executionParameters = (importId: string, operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'execution',
	operation,
	datamart: byId('1509'),
	documentImport: byId(importId),
	...extra,
});

describe('Execution: Get and Get Many', () => {
	test('Get reads the execution named by the input item (default {{ $json.id }})', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n`);
		const [item] = await runNode(connection(), { parameters: executionParameters(importId, 'get'), items: [{ id: executionId }] });
		expect(item.json).toMatchObject({ id: executionId, status: 'SUCCEEDED' });
	});

	test('Get Many filters on status and stops at Limit', async () => {
		const importId = await createImport();
		const ids: string[] = [];
		for (let index = 0; index < 5; index++) ids.push(await uploadRaw(importId, `${validLine(index)}\n`));
		sim().setExecutionStatus(ids[1], 'RUNNING');
		sim().setExecutionStatus(ids[3], 'RUNNING');
		const running = await runNode(connection(), {
			parameters: executionParameters(importId, 'getAll', { returnAll: true, filters: { status: ['RUNNING'] } }),
		});
		expect(running.map((item) => item.json.id).sort()).toEqual([ids[1], ids[3]].sort());
		const limited = await runNode(connection(), { parameters: executionParameters(importId, 'getAll', { returnAll: false, limit: 2 }) });
		expect(limited).toHaveLength(2);
	});
});

describe('Execution: Cancel', () => {
	test('cancels a PENDING execution', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n`);
		sim().setExecutionStatus(executionId, 'PENDING');
		const [item] = await runNode(connection(), { parameters: executionParameters(importId, 'cancel'), items: [{ id: executionId }] });
		expect(item.json.status).toBe('CANCELED');
		expect(sim().state.execution(executionId)?.status).toBe('CANCELED');
	});

	test('a RUNNING execution is not canceled and the message says its status', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n`);
		sim().setExecutionStatus(executionId, 'RUNNING');
		await expect(
			runNode(connection(), { parameters: executionParameters(importId, 'cancel'), items: [{ id: executionId }] }),
		).rejects.toThrow(`Execution ${executionId} cannot be canceled: its status is RUNNING`);
		expect(sim().state.execution(executionId)?.status).toBe('RUNNING');
	});
});

describe('Execution: Wait for Completion', () => {
	const waitParameters = (importId: string, waitOptions: Record<string, unknown> = {}) =>
		executionParameters(importId, 'waitForCompletion', { waitOptions: { pollIntervalSeconds: 0.05, ...waitOptions } });

	test('waits until every execution finishes and outputs each with its summary', async () => {
		const importId = await createImport();
		const ids = [await uploadRaw(importId, `${validLine(1)}\n${invalidLine}\n`), await uploadRaw(importId, `${validLine(2)}\n`)];
		for (const id of ids) sim().setExecutionStatus(id, 'RUNNING');
		setTimeout(() => ids.forEach((id) => sim().finishExecution(id)), 300);
		const output = await runNode(connection(), { parameters: waitParameters(importId), items: ids.map((id) => ({ id })) });
		expect(output.map((item) => item.json.id)).toEqual(ids);
		expect(output[0].json.summary).toMatchObject({ status: 'SUCCEEDED', total_success: 1, total_failure: 1, possible_issue_on_identifiers: false });
		expect(output[1].json.summary).toMatchObject({ status: 'SUCCEEDED', total_success: 1, total_failure: 0 });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('several executions of one import cost one list call per poll, not one call per execution', async () => {
		const importId = await createImport();
		const ids: string[] = [];
		for (let index = 0; index < 10; index++) ids.push(await uploadRaw(importId, `${validLine(index)}\n`));
		for (const id of ids) sim().setExecutionStatus(id, 'RUNNING');
		setTimeout(() => ids.forEach((id) => sim().finishExecution(id)), 400);
		const before = sim().requests.length;
		await runNode(connection(), { parameters: waitParameters(importId, { pollIntervalSeconds: 0.1 }), items: ids.map((id) => ({ id })) });
		const calls = sim().requests.slice(before);
		expect(calls.every((request) => request.path === `/v1/datamarts/1509/document_imports/${importId}/executions`)).toBe(true);
		expect(calls.length).toBeLessThanOrEqual(8);
	});

	test('a failed execution fails the node, naming it; Continue On Fail outputs it with the reason', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n`);
		sim().finishExecution(executionId, { status: 'FAILED', errorMessage: 'Datamart unreachable' });
		await expect(runNode(connection(), { parameters: waitParameters(importId), items: [{ id: executionId }] })).rejects.toThrow(
			new RegExp(`${executionId}: FAILED: Datamart unreachable`),
		);
		const [item] = await runNode(connection(), { parameters: waitParameters(importId), items: [{ id: executionId }], continueOnFail: true });
		expect(item.json.failure).toMatch(/FAILED/);
	});

	test('Fail on Line Errors counts an execution with failed lines as failed', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n${invalidLine}\n`);
		await expect(runNode(connection(), { parameters: waitParameters(importId), items: [{ id: executionId }] })).resolves.toHaveLength(1);
		await expect(
			runNode(connection(), { parameters: waitParameters(importId, { failOnLineErrors: true }), items: [{ id: executionId }] }),
		).rejects.toThrow(/1 failed lines/);
	});

	test('a timeout says the last status seen and how to continue', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n`);
		sim().setExecutionStatus(executionId, 'RUNNING');
		const error = await runNode(connection(), {
			parameters: waitParameters(importId, { timeoutSeconds: 1, pollIntervalSeconds: 0.2 }),
			items: [{ id: executionId }],
		}).catch((caught) => caught);
		expect(error.message).toMatch(new RegExp(`Timed out after 1 s.*${executionId} \\(RUNNING\\)`));
		expect(error.description).toMatch(/Wait for Completion again|Mediarithmics Trigger/);
	});

	test('stopping the workflow stops the wait', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n`);
		sim().setExecutionStatus(executionId, 'RUNNING');
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 300);
		const started = Date.now();
		await expect(
			runNode(connection(), {
				parameters: waitParameters(importId, { pollIntervalSeconds: 30 }),
				items: [{ id: executionId }],
				abortSignal: controller.signal,
			}),
		).rejects.toThrow(/Stopped while waiting/);
		expect(Date.now() - started).toBeLessThan(5000);
	});
});

describe('Execution: Get Error File', () => {
	test('downloads the error file as binary data', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n${invalidLine}\n`);
		const [item] = await runNode(connection(), { parameters: executionParameters(importId, 'getErrorFile'), items: [{ id: executionId }] });
		expect(item.json).toMatchObject({ execution_id: executionId, total_failure: 1 });
		const content = Buffer.from(item.binary!.data.data, 'base64').toString('utf8');
		expect(content).toBe(sim().errorFile(executionId));
		expect(content).toContain('ADD');
	});

	test('an execution that has not finished gives a clear message instead of a file', async () => {
		const importId = await createImport();
		const executionId = await uploadRaw(importId, `${validLine(1)}\n`);
		sim().setExecutionStatus(executionId, 'RUNNING');
		await expect(
			runNode(connection(), { parameters: executionParameters(importId, 'getErrorFile'), items: [{ id: executionId }] }),
		).rejects.toThrow(`Execution ${executionId} has no error file: it is still RUNNING`);
	});
});
