/**
 * Every operation under injected faults (simulator fault injection, loopback):
 * a 429 storm with Retry-After, 503 bursts, connections dropped before and
 * after the body, answers slower than the request timeout. Each must end with
 * the output it has without faults, nothing done twice and nothing missing.
 */
import type { INodeExecutionData, INodeParameters, IDataObject, NodeOperationError } from 'n8n-workflow';

import type { FaultSpec } from '../simulator/faults';
import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection } = useSimulator({ pendingMs: Infinity });

// A timeout short enough to keep the tests quick, with margins of seconds on every side (a loaded 2-core
// machine can lag by hundreds of milliseconds); small backoffs come from the defaults.
const retryOptions = { timeoutSeconds: 2 };
// Slower than the timeout (2 s), and done a second before the check that follows it (the timeout again, 4 s): see settleMs.
const SLOW_MS = 3000;
// A timed-out attempt the platform finishes 2 s after the check at 4 s: the part has been sent again by then.
const LATE_MS = 6000;
// Retry-After of the part after it: it goes up at about 8 s, 2 s after the late copy appeared.
const AFTER_LATE_RETRY_AFTER = '4';
jest.setTimeout(60_000);

const importsPath = '/v1/datamarts/1509/document_imports';
const importPath = (importId: string) => `${importsPath}/${importId}`;
const executionsPath = (importId: string) => `${importPath(importId)}/executions`;

async function call(method: string, path: string, body?: string, contentType = 'application/json'): Promise<IDataObject> {
	const response = await fetch(`${sim().url}${path}`, {
		method,
		headers: { Authorization: sim().token, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
		body,
	});
	return ((await response.json()) as { data: IDataObject }).data;
}

const createImport = async (name = 'faults') =>
	String((await call('POST', importsPath, JSON.stringify({ document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8', name }))).id);

const line = (index: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 });
const uploadRaw = async (importId: string, lines: number) =>
	String((await call('POST', executionsPath(importId), Array.from({ length: lines }, (_v, index) => `${line(index)}\n`).join(''), 'application/x-ndjson')).id);

interface Scene {
	importId: string;
	executionId: string;
}

interface OperationCase {
	name: string;
	/** The request that gets the fault. */
	target: (scene: Scene) => { method: string; path: string };
	parameters: (scene: Scene) => INodeParameters;
	items?: (scene: Scene) => IDataObject[];
	/** Asserts the output and the simulator's state are what a fault-free run gives. */
	check: (output: INodeExecutionData[], scene: Scene) => void;
}

const execution = (scene: Scene, operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'execution',
	operation,
	datamart: byId('1509'),
	documentImport: byId(scene.importId),
	retryOptions,
	...extra,
});

const uploadLines = Array.from({ length: 40 }, (_v, index) => JSON.parse(line(index)) as IDataObject);

const operations: OperationCase[] = [
	{
		name: 'Document Import: Create',
		target: () => ({ method: 'POST', path: importsPath }),
		parameters: () => ({ resource: 'documentImport', operation: 'create', datamart: byId('1509'), name: 'nightly', documentType: 'USER_PROFILE', retryOptions }),
		check: (output) => {
			const created = sim().state.documentImports.filter((item) => item.name === 'nightly');
			expect(created).toHaveLength(1);
			expect(output.map((item) => String(item.json.id))).toEqual([String(created[0].id)]);
		},
	},
	{
		name: 'Document Import: Get',
		target: (scene) => ({ method: 'GET', path: importPath(scene.importId) }),
		parameters: (scene) => ({ resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId(scene.importId), retryOptions }),
		check: (output, scene) => expect(output.map((item) => item.json.id)).toEqual([scene.importId]),
	},
	{
		name: 'Document Import: Get Many',
		target: () => ({ method: 'GET', path: importsPath }),
		parameters: () => ({ resource: 'documentImport', operation: 'getAll', datamart: byId('1509'), returnAll: true, retryOptions }),
		check: (output, scene) => expect(output.map((item) => item.json.id)).toEqual([scene.importId]),
	},
	{
		name: 'Document Import: Update',
		target: (scene) => ({ method: 'PUT', path: importPath(scene.importId) }),
		parameters: (scene) => ({ resource: 'documentImport', operation: 'update', datamart: byId('1509'), documentImport: byId(scene.importId), updateFields: { name: 'renamed' }, retryOptions }),
		check: (output, scene) => {
			expect(sim().state.documentImport(scene.importId)?.name).toBe('renamed');
			expect(output).toHaveLength(1);
		},
	},
	{
		name: 'Document Import: Delete',
		target: (scene) => ({ method: 'DELETE', path: importPath(scene.importId) }),
		parameters: (scene) => ({ resource: 'documentImport', operation: 'delete', datamart: byId('1509'), documentImport: byId(scene.importId), retryOptions }),
		check: (output, scene) => {
			expect(sim().state.documentImport(scene.importId)).toBeUndefined();
			expect(output.map((item) => item.json)).toEqual([expect.objectContaining({ id: scene.importId, deleted: true })]);
		},
	},
	{
		name: 'Execution: Upload',
		target: (scene) => ({ method: 'POST', path: executionsPath(scene.importId) }),
		parameters: (scene) => execution(scene, 'upload', { target: 'existing', inputMode: 'items', uploadOptions: { maxPartMegabytes: 0.001 } }),
		items: () => uploadLines,
		check: (output, scene) => {
			// The scene's own execution, then exactly one per part: none doubled, none missing, bytes in order.
			const created = sim().state.executions.filter((item) => String(item.id) !== scene.executionId);
			expect(created).toHaveLength(Number(output[0].json.parts));
			expect(output.map((item) => String(item.json.id)).sort()).toEqual(created.map((item) => String(item.id)).sort());
			const received = output.map((item) => sim().receivedFile(String(item.json.id)).toString('utf8')).join('');
			expect(received).toBe(uploadLines.map((value) => `${JSON.stringify(value)}\n`).join(''));
		},
	},
	{
		name: 'Execution: Get',
		target: (scene) => ({ method: 'GET', path: `${executionsPath(scene.importId)}/${scene.executionId}` }),
		parameters: (scene) => execution(scene, 'get'),
		items: (scene) => [{ id: scene.executionId }],
		check: (output, scene) => expect(output.map((item) => item.json.id)).toEqual([scene.executionId]),
	},
	{
		name: 'Execution: Get Many',
		target: (scene) => ({ method: 'GET', path: executionsPath(scene.importId) }),
		parameters: (scene) => execution(scene, 'getAll', { returnAll: true }),
		check: (output, scene) => expect(output.map((item) => item.json.id)).toEqual([scene.executionId]),
	},
	{
		name: 'Execution: Cancel',
		target: (scene) => ({ method: 'POST', path: `${executionsPath(scene.importId)}/${scene.executionId}/action` }),
		parameters: (scene) => execution(scene, 'cancel'),
		items: (scene) => [{ id: scene.executionId }],
		check: (output, scene) => {
			expect(sim().state.execution(scene.executionId)?.status).toBe('CANCELED');
			expect(output.map((item) => [item.json.id, item.json.status])).toEqual([[scene.executionId, 'CANCELED']]);
			const cancels = sim().requests.filter((request) => request.path.endsWith('/action') && request.status === 200);
			expect(cancels.length).toBeLessThanOrEqual(1);
		},
	},
	{
		name: 'Execution: Wait for Completion',
		target: (scene) => ({ method: 'GET', path: `${executionsPath(scene.importId)}/${scene.executionId}` }),
		parameters: (scene) => execution(scene, 'waitForCompletion', { options: { pollIntervalSeconds: 0.05 } }),
		items: (scene) => {
			sim().finishExecution(scene.executionId);
			return [{ id: scene.executionId }];
		},
		check: (output, scene) => expect(output.map((item) => [item.json.id, (item.json.summary as IDataObject).status])).toEqual([[scene.executionId, 'SUCCEEDED']]),
	},
	{
		name: 'Execution: Get Error File',
		target: () => ({ method: 'GET', path: '/v1/data_file/data' }),
		parameters: (scene) => execution(scene, 'getErrorFile'),
		items: (scene) => {
			sim().finishExecution(scene.executionId);
			return [{ id: scene.executionId }];
		},
		check: (output) => {
			expect(output).toHaveLength(1);
			expect(Buffer.from(output[0].binary!.data.data, 'base64').toString('utf8')).toMatch(/^line_number,reason,line\n/);
		},
	},
];

const faults: Array<{ name: string; spec: Omit<FaultSpec, 'path' | 'method'> }> = [
	{ name: 'a 429 storm with Retry-After', spec: { status: 429, retryAfter: '0', times: 3 } },
	{ name: '503 bursts', spec: { status: 503, times: 2 } },
	{ name: 'a connection dropped before the body', spec: { drop: 'before-body', times: 2 } },
	{ name: 'a connection dropped after the body (the work is done, the answer lost)', spec: { drop: 'after-body' } },
	{ name: 'an answer slower than the request timeout', spec: { delayMs: SLOW_MS } },
];

async function scene(): Promise<Scene> {
	const importId = await createImport();
	const executionId = await uploadRaw(importId, 2);
	return { importId, executionId };
}

describe.each(operations)('$name under faults', (operation) => {
	test.each(faults)('$name: same output, nothing doubled or missing, every retry logged', async ({ spec }) => {
		const current = await scene();
		const target = operation.target(current);
		const items = operation.items?.(current);
		sim().faults.inject({ ...spec, ...target, ...(operation.name === 'Execution: Upload' ? { after: 1 } : {}) });
		const logs: string[] = [];
		const output = await runNode(connection(), {
			parameters: operation.parameters(current),
			items,
			onLog: (level, message) => logs.push(`${level} ${message}`),
		});
		operation.check(output, current);
		expect(sim().faults.list()).toHaveLength(0); // the fault really happened
		expect(logs.some((entry) => entry.startsWith(`debug mediarithmics: ${target.method} ${target.path} attempt 1`))).toBe(true);
		// The simulator handles a slow request to its end after the node gave up on it: let it finish here, not in the next test.
		if (spec.delayMs) await new Promise((resolve) => setTimeout(resolve, spec.delayMs));
	});
});

describe('Upload: what happened after an unknown outcome is in the output', () => {
	const uploadParameters = (importId: string): INodeParameters => ({
		resource: 'execution',
		operation: 'upload',
		datamart: byId('1509'),
		target: 'existing',
		documentImport: byId(importId),
		inputMode: 'binary',
		uploadOptions: { maxPartMegabytes: 0.0012 },
		retryOptions,
	});
	const file = `${Array.from({ length: 60 }, (_v, index) => line(index)).join('\n')}\n`;
	const fileItem = { json: {}, binary: { data: { data: Buffer.from(file).toString('base64'), mimeType: 'application/x-ndjson', fileName: 'a.ndjson' } } };

	test('a connection dropped after the body: the execution is found, not uploaded again ("recovered")', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, drop: 'after-body' });
		const output = await runNode(connection(), { parameters: uploadParameters(importId), items: [fileItem] });
		expect(output.map((item) => item.json.uploadOutcome)).toEqual(['created', 'recovered', ...output.slice(2).map(() => 'created')]);
		expect(output[1].json.retries).toEqual([expect.stringMatching(/^attempt 1: ECONNRESET, outcome unknown: found it done/)]);
		expect(sim().state.executions).toHaveLength(output.length);
		expect(output.map((item) => sim().receivedFile(String(item.json.id)).toString('utf8')).join('')).toBe(file);
	});

	test('a 503 (outcome unknown): nothing found, so the part is uploaded again ("re-uploaded")', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 2, status: 503 });
		const output = await runNode(connection(), { parameters: uploadParameters(importId), items: [fileItem] });
		expect(output[2].json).toMatchObject({ uploadOutcome: 're-uploaded', retries: [expect.stringMatching(/HTTP 503, outcome unknown: checked, not done/)] });
		expect(sim().state.executions).toHaveLength(output.length);
		expect(output.map((item) => sim().receivedFile(String(item.json.id)).toString('utf8')).join('')).toBe(file);
	});

	/** Runs the upload of `fileItem` with no backoff jitter (Math.random is 0), collecting the log. */
	async function uploadWithoutJitter(importId: string): Promise<{ output: INodeExecutionData[]; logs: string[] }> {
		const random = jest.spyOn(Math, 'random').mockReturnValue(0);
		const logs: string[] = [];
		const output = await runNode(connection(), {
			parameters: uploadParameters(importId),
			items: [fileItem],
			onLog: (level, message) => logs.push(`${level} ${message}`),
		}).finally(() => random.mockRestore());
		return { output, logs };
	}
	const stored = (output: INodeExecutionData[]) => output.map((item) => sim().receivedFile(String(item.json.id)).toString('utf8')).join('');
	const notInOutput = (output: INodeExecutionData[]) =>
		sim().state.executions.filter((execution) => !output.some((item) => String(item.json.id) === String(execution.id)));

	test('a timed-out upload the platform finishes a moment later is found, not uploaded twice (the check waits as long again as the timeout)', async () => {
		const importId = await createImport();
		// The platform reads part 2 and creates its execution 3 s later: after the 2 s timeout, before the check at 4 s.
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, delayMs: SLOW_MS, finishLate: true });
		// Without jitter, a check without the settle wait would come at once, before the execution exists.
		const { output, logs } = await uploadWithoutJitter(importId);
		expect(output[1].json).toMatchObject({ uploadOutcome: 'recovered', retries: [expect.stringMatching(/^attempt 1: ECONNABORTED, outcome unknown: found it done/)] });
		expect(logs).toContainEqual(expect.stringMatching(/attempt 1 failed \(ECONNABORTED, outcome unknown\); checking whether it was done in 2000 ms \(after a timeout/));
		expect(sim().state.executions).toHaveLength(output.length);
		expect(stored(output)).toBe(file);
	});

	test('a timed-out upload the platform finishes after the check: the part is sent again, and the late copy is reported once all parts are up', async () => {
		const importId = await createImport();
		// Part 2: created 6 s after it was read, past the timeout (2 s) and the check after it (4 s).
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, delayMs: LATE_MS, finishLate: true });
		// Part 3 waits 4 s (Retry-After), so the late copy exists before the last part is up.
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 429, retryAfter: AFTER_LATE_RETRY_AFTER });
		const { output, logs } = await uploadWithoutJitter(importId);
		const late = notInOutput(output);
		expect(late).toHaveLength(1);
		expect(output[1].json).toMatchObject({ uploadOutcome: 're-uploaded', lateCopy: { executionId: String(late[0].id) } });
		expect(output.filter((item) => item.json.lateCopy !== undefined)).toHaveLength(1);
		expect(sim().receivedFile(String(late[0].id)).equals(sim().receivedFile(String(output[1].json.id)))).toBe(true);
		expect(logs).toContainEqual(expect.stringMatching(new RegExp(`^warn mediarithmics: Part 2 .*may be in document import ${importId} twice: execution ${String(late[0].id)}`)));
		expect(stored(output)).toBe(file);
	});

	test('when the last look for a late copy fails, the upload still succeeds and says what to check', async () => {
		const importId = await createImport();
		// Part 2 times out and is not found done at the check (4 s): sent again, and watched.
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, delayMs: LATE_MS, finishLate: true });
		// Lists of the import's executions: before the run, the check after part 2's timeout; the third is the last look.
		sim().faults.inject({ method: 'GET', path: executionsPath(importId), after: 2, status: 500 });
		const { output, logs } = await uploadWithoutJitter(importId);
		expect(sim().faults.list()).toHaveLength(0);
		expect(output[1].json).toMatchObject({ uploadOutcome: 're-uploaded' });
		// (The platform finishes part 2's first attempt later: let it, before the next test.)
		await new Promise((resolve) => setTimeout(resolve, LATE_MS));
		expect(stored(output)).toBe(file);
		expect(logs).toContainEqual(expect.stringMatching(/^warn mediarithmics: Part 2 was sent again after an attempt that timed out; looking afterwards for a late copy of it failed \(.*\)\. List the executions of document import \d+ to check that its \d+ lines are there once\.$/));
	});

	test('a part that fails for good after a timeout: the error warns that the platform may still finish it before resuming', async () => {
		const importId = await createImport();
		// Part 2 times out; with Max Attempts 1 the check (4 s) ends the run; the platform creates it at 6 s.
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, delayMs: LATE_MS, finishLate: true });
		const error = await runNode(connection(), { parameters: { ...uploadParameters(importId), retryOptions: { ...retryOptions, maxAttempts: 1 } }, items: [fileItem] }).then(
			() => undefined,
			(caught: unknown) => caught as NodeOperationError,
		);
		expect(error?.message).toMatch(/^Part 2 of \d+ of the file "a.ndjson" of item 1 was not uploaded/);
		expect(error?.description).toMatch(
			new RegExp(`To resume, upload again from line (\\d+) of the input \\(part 2\\): set Start From Input Line to \\1 and run the upload again into document import ${importId}\\. An attempt of part 2 timed out and was not found done, but the platform may still finish it: before resuming, list the executions of document import ${importId}`),
		);
		await new Promise((resolve) => setTimeout(resolve, LATE_MS));
		expect(sim().state.executions).toHaveLength(2);
	});

	test('a part that fails for good after 503s (no timeout): no such warning', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 503, times: 5 });
		const error = await runNode(connection(), { parameters: { ...uploadParameters(importId), retryOptions: { ...retryOptions, maxAttempts: 2 } }, items: [fileItem] }).then(
			() => undefined,
			(caught: unknown) => caught as NodeOperationError,
		);
		expect(error?.description).toMatch(/To resume, upload again from line \d+ of the input \(part 2\)/);
		expect(error?.description).not.toMatch(/may still finish it/);
	});

	test('the wait before checking a timed-out part counts towards Max Retry Time: once passed, the part is not sent again', async () => {
		const importId = await createImport();
		// Part 2: a gateway timeout (504) at once, within Max Retry Time (0.5 s); the check waits the Request Timeout (3 s), far past it.
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 504 });
		const random = jest.spyOn(Math, 'random').mockReturnValue(0);
		const error = await runNode(connection(), { parameters: { ...uploadParameters(importId), retryOptions: { timeoutSeconds: 3, maxRetrySeconds: 0.5 } }, items: [fileItem] })
			.then(
				() => undefined,
				(caught: unknown) => caught as NodeOperationError,
			)
			.finally(() => random.mockRestore());
		expect(error?.message).toMatch(/^Part 2 of \d+ of the file "a.ndjson" of item 1 was not uploaded/);
		expect(error?.description).toMatch(/HTTP 504, outcome unknown: checked, not done; gave up after 1 attempt: Max Retry Time \(1 s\) passed while checking\./);
		expect(sim().requests.filter((request) => request.method === 'POST' && request.path === executionsPath(importId))).toHaveLength(2);
	});

	test('when a later part fails for good, the error also names the late copy of a part already up', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, delayMs: LATE_MS, finishLate: true });
		// Part 3: a 429 (4 s), then a 400 (a refusal: nothing done), which is not retried: the run fails after the late copy of part 2 appeared.
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 429, retryAfter: AFTER_LATE_RETRY_AFTER });
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), status: 400 });
		const error = await uploadWithoutJitter(importId).then(() => undefined, (caught: unknown) => caught as NodeOperationError);
		expect(error?.message).toMatch(/^Part 3 of \d+ of the file "a.ndjson" of item 1 was not uploaded/);
		const uploaded = /were uploaded as executions (\d+), (\d+) of/.exec(error?.description ?? '')!.slice(1);
		const late = sim().state.executions.map((execution) => String(execution.id)).filter((id) => !uploaded.includes(id));
		expect(late).toHaveLength(1);
		expect(error?.description).toMatch(new RegExp(`To resume, upload again from line (\\d+) of the input \\(part 3\\): set Start From Input Line to \\1 and run the upload again into document import ${importId}\\..*Part 2 .*may be in document import ${importId} twice: execution ${late[0]} `));
	});

	test('a 429 proves nothing was done: the part is sent again without checking', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), status: 429, retryAfter: '0' });
		const output = await runNode(connection(), { parameters: uploadParameters(importId), items: [fileItem] });
		expect(output[0].json).toMatchObject({ uploadOutcome: 'created', retries: ['attempt 1: HTTP 429'] });
		// One list before the upload (what the import held), none after the 429.
		expect(sim().requests.filter((request) => request.method === 'GET' && request.path === executionsPath(importId))).toHaveLength(1);
	});

	test('a recent execution of the same line count that was there before the run is not taken for the lost one', async () => {
		const importId = await createImport();
		const firstPartLines = Number((await runNode(connection(), { parameters: uploadParameters(await createImport('scratch')), items: [fileItem] }))[0].json.lines);
		// An execution with as many lines as part 1, created just before the run.
		await call('POST', executionsPath(importId), file.split('\n').slice(0, firstPartLines).map((text) => `${text}\n`).join(''), 'application/x-ndjson');
		const scratch = sim().state.executions.length - 1;
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), status: 502 });
		const output = await runNode(connection(), { parameters: uploadParameters(importId), items: [fileItem] });
		expect(output[0].json).toMatchObject({ lines: firstPartLines, uploadOutcome: 're-uploaded' });
		expect(sim().state.executions).toHaveLength(scratch + 1 + output.length);
		expect(output.map((item) => sim().receivedFile(String(item.json.id)).toString('utf8')).join('')).toBe(file);
	});

	test('when every attempt fails, the error says how many tries and why, and where to resume', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 1, status: 429, retryAfter: '0', times: 10 });
		const error = await runNode(connection(), {
			parameters: { ...uploadParameters(importId), retryOptions: { ...retryOptions, maxAttempts: 3 } },
			items: [fileItem],
		}).then(
			() => ({ message: 'no error', description: '' }),
			(caught: unknown) => caught as { message: string; description: string },
		);
		expect(error.message).toMatch(/^Part 2 of \d+ .* was not uploaded/);
		expect(error.description).toMatch(/Tried 3 times; retried after: HTTP 429, HTTP 429/);
		expect(error.description).toMatch(/gave up after 3 attempts/);
		expect(error.description).toMatch(/Parts 1 to 1 were uploaded as executions/);
	});
});

describe('Retry-After and retry limits', () => {
	const getImport = (importId: string, extra: INodeParameters = {}, onLog?: (level: string, message: string) => void) =>
		runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId(importId), retryOptions, ...extra },
			onLog,
		});

	test('Retry-After in seconds is the wait before the next attempt', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'GET', path: importPath(importId), status: 429, retryAfter: '1' });
		const logs: string[] = [];
		await getImport(importId, {}, (_level, message) => logs.push(message));
		expect(logs).toContain(`mediarithmics: GET ${importPath(importId)} attempt 1 failed (HTTP 429); retrying in 1000 ms (Retry-After)`);
	});

	test('Retry-After as an HTTP date is honoured too', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'GET', path: importPath(importId), status: 503, retryAfter: new Date(Date.now() + 2000).toUTCString() });
		const logs: string[] = [];
		await getImport(importId, {}, (_level, message) => logs.push(message));
		const waited = Number(/retrying in (\d+) ms \(Retry-After\)/.exec(logs.join('\n'))?.[1]);
		expect(waited).toBeGreaterThan(0);
		expect(waited).toBeLessThanOrEqual(2000);
	});

	test('a Retry-After beyond Max Retry Time fails at once, saying so', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'GET', path: importPath(importId), status: 429, retryAfter: '3600' });
		await expect(getImport(importId)).rejects.toMatchObject({
			description: expect.stringMatching(/the API asked to wait 3600 s \(Retry-After\), which would pass Max Retry Time \(120 s\)/),
		});
		expect(sim().requests.filter((request) => request.path === importPath(importId))).toHaveLength(1);
	});

	test('Max Attempts 1 turns retries off', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'GET', path: importPath(importId), status: 503 });
		await expect(getImport(importId, { retryOptions: { maxAttempts: 1 } })).rejects.toThrow(/503/);
		expect(sim().requests.filter((request) => request.path === importPath(importId))).toHaveLength(1);
	});

	test('errors that retrying cannot fix (400, 401, 404, 500) are not retried', async () => {
		const importId = await createImport();
		for (const status of [400, 401, 404, 500]) {
			sim().faults.inject({ method: 'GET', path: importPath(importId), status });
			await expect(getImport(importId)).rejects.toThrow();
		}
		expect(sim().requests.filter((request) => request.path === importPath(importId))).toHaveLength(4);
	});

	test('stopping the workflow stops a retry wait', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'GET', path: importPath(importId), status: 429, retryAfter: '60' });
		const controller = new AbortController();
		const run = runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId(importId), retryOptions },
			abortSignal: controller.signal,
		});
		await new Promise((resolve) => setImmediate(resolve));
		while (sim().requests.filter((request) => request.path === importPath(importId)).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
		controller.abort();
		await expect(run).rejects.toThrow(/Stopped while waiting to retry GET/);
	});
});

describe('Document Import Create after an unknown outcome', () => {
	test('an import created by a cut attempt is found and not created again', async () => {
		sim().faults.inject({ method: 'POST', path: importsPath, drop: 'after-body' });
		const output = await runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'create', datamart: byId('1509'), name: 'nightly', documentType: 'USER_PROFILE', retryOptions },
		});
		expect(sim().state.documentImports.map((item) => String(item.id))).toEqual([String(output[0].json.id)]);
	});

	test('an older import of the same name is not taken for the one being created', async () => {
		await createImport('nightly');
		sim().faults.inject({ method: 'POST', path: importsPath, status: 503 });
		const output = await runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'create', datamart: byId('1509'), name: 'nightly', documentType: 'USER_SEGMENT', retryOptions },
		});
		expect(sim().state.documentImports).toHaveLength(2);
		expect(String(output[0].json.id)).toBe(String(sim().state.documentImports[1].id));
	});
});
