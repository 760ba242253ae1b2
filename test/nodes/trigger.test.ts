import type { IDataObject } from 'n8n-workflow';

import { TriggerRunner } from './pollHarness';
import { byId, useSimulator } from './simulatorFixture';

const HOUR = 60 * 60 * 1000;
// Generous: the transport may retry 429/5xx with backoff before a poll gives up.
jest.setTimeout(120_000);
// The simulator's clock (creation and end dates), moved by hand. Executions stay PENDING until a test finishes them.
let clock = Date.now();
// Pages capped at 100 by the simulator (the node asks for 500), so that a few
// hundred executions are enough to span several pages.
const { sim, connection } = useSimulator({ pendingMs: Infinity, now: () => clock, maxPageSize: 100 });
beforeEach(() => {
	clock = Date.now();
});

async function api(method: string, path: string, body?: string | object, contentType = 'application/json'): Promise<IDataObject> {
	const response = await fetch(`${sim().url}${path}`, {
		method,
		headers: { Authorization: sim().token, 'Content-Type': contentType },
		body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as { data: IDataObject };
	if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
	return json.data;
}

async function createImport(name = 'CRM segments', documentType = 'USER_SEGMENT', datamartId = '1509'): Promise<string> {
	const created = await api('POST', `/v1/datamarts/${datamartId}/document_imports`, {
		document_type: documentType,
		mime_type: 'APPLICATION_X_NDJSON',
		encoding: 'utf-8',
		name,
	});
	return String(created.id);
}

const validLine = (index: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `u${index}`, segment_id: '42', expiration_duration: 0 });
const invalidLine = JSON.stringify({ operation: 'ADD', user_account_id: 'x', segment_id: '42', expiration_duration: 0 });
const profileLine = JSON.stringify({ operation: 'UPSERT', user_account_id: 'u1', user_profile: { tier: 'gold' } });

/** One execution (one uploaded file); `clock` moves one second so creation dates differ. */
async function upload(importId: string, lines = `${validLine(1)}\n`, datamartId = '1509'): Promise<string> {
	clock += 1000;
	const created = await api('POST', `/v1/datamarts/${datamartId}/document_imports/${importId}/executions`, lines, 'application/x-ndjson');
	return String(created.id);
}

function finish(...executionIds: string[]): void {
	for (const executionId of executionIds) {
		clock += 1000;
		sim().finishExecution(executionId);
	}
}

const oneImport = (importId: string, extra: IDataObject = {}) => ({ scope: 'documentImport', datamart: byId('1509'), documentImport: byId(importId), ...extra });
const wholeDatamart = (extra: IDataObject = {}) => ({ scope: 'datamart', datamart: byId('1509'), ...extra });
const idsOf = (items: IDataObject[] | null) => (items ?? []).map((item) => String(item.id));

describe('activation', () => {
	test('history is not replayed: executions that finished before activation are never emitted', async () => {
		const importId = await createImport();
		const done = [await upload(importId), await upload(importId)];
		finish(...done);
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		const after = await upload(importId);
		finish(after);
		expect(idsOf(await trigger.poll())).toEqual([after]);
	});

	test('an execution created before activation that finishes after it is emitted, with its import and summary', async () => {
		const importId = await createImport('Nightly CRM');
		const inFlight = await upload(importId, `${validLine(1)}\n${invalidLine}\n`);
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		expect(await trigger.poll()).toBeNull();
		finish(inFlight);
		const [item] = (await trigger.poll())!;
		expect(item).toMatchObject({
			id: inFlight,
			status: 'SUCCEEDED',
			datamart_id: '1509',
			document_import_id: importId,
			document_import_name: 'Nightly CRM',
			document_import_type: 'USER_SEGMENT',
			outcome: 'succeededWithErrors',
			summary: { status: 'SUCCEEDED', total_success: 1, total_failure: 1 },
		});
		expect((item.summary as IDataObject).error).toMatch(/1 success, 1 failures/);
		expect(await trigger.poll()).toBeNull();
	});

	test('activating again starts afresh: what finished while the workflow was inactive is not replayed', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		const whileInactive = await upload(importId);
		finish(whileInactive);
		// Deactivated, then activated again by the user: n8n keeps the static data and builds a new poll context.
		trigger.activate('activate', JSON.parse(trigger.savedStaticData()));
		expect(await trigger.poll()).toBeNull();
		const after = await upload(importId);
		finish(after);
		expect(idsOf(await trigger.poll())).toEqual([after]);
	});

	test('a new scope starts afresh instead of emitting the history of the new import', async () => {
		const first = await createImport('first');
		const second = await createImport('second');
		const old = await upload(second);
		finish(old);
		const staticData = new TriggerRunner(connection(), oneImport(first)).activate();
		await staticData.poll();
		const moved = new TriggerRunner(connection(), oneImport(second)).activate('update', JSON.parse(staticData.savedStaticData()));
		expect(await moved.poll()).toBeNull();
	});
});

describe('later polls', () => {
	test('executions finishing between polls are each emitted once', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		const first = await upload(importId);
		const second = await upload(importId);
		expect(await trigger.poll()).toBeNull();
		finish(first);
		expect(idsOf(await trigger.poll())).toEqual([first]);
		expect(await trigger.poll()).toBeNull();
		finish(second);
		expect(idsOf(await trigger.poll())).toEqual([second]);
		expect(await trigger.poll()).toBeNull();
	});

	test('several finishing at once: one item each, in the order they ended', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		const ids = [await upload(importId), await upload(importId), await upload(importId)];
		finish(ids[2], ids[0], ids[1]);
		expect(idsOf(await trigger.poll())).toEqual([ids[2], ids[0], ids[1]]);
	});

	test('more executions than one page: every one is emitted once, and the next poll reads one page', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		const ids: string[] = [];
		for (let index = 0; index < 230; index++) ids.push(await upload(importId));
		finish(...ids);
		const emitted = idsOf(await trigger.poll());
		expect(emitted.sort()).toEqual([...ids].sort());

		// Hours later (on both clocks), nothing new: after one more full read, one request per poll.
		clock += 3 * HOUR;
		jest.spyOn(Date, 'now').mockImplementation(() => clock);
		expect(await trigger.poll()).toBeNull();
		clock += 60_000;
		const before = sim().requests.length;
		expect(await trigger.poll()).toBeNull();
		jest.restoreAllMocks();
		const listCalls = sim().requests.slice(before).filter((request) => request.path.endsWith('/executions'));
		expect(listCalls).toHaveLength(1);
	});

	test('an execution in flight far down the list is read on its own and emitted when it finishes', async () => {
		const importId = await createImport();
		const slow = await upload(importId);
		const older: string[] = [];
		for (let index = 0; index < 120; index++) older.push(await upload(importId));
		finish(...older);
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		clock += 3 * HOUR;
		const recent = await upload(importId);
		finish(recent);
		expect(idsOf(await trigger.poll())).toEqual([recent]);
		finish(slow);
		const before = sim().requests.length;
		expect(idsOf(await trigger.poll())).toEqual([slow]);
		const paths = sim().requests.slice(before).map((request) => `${request.method} ${request.path}`);
		expect(paths).toContain(`GET /v1/datamarts/1509/document_imports/${importId}/executions/${slow}`);
		expect(await trigger.poll()).toBeNull();
	});
});

describe('restarts', () => {
	test('state serialised and restored: what finished while n8n was down is emitted, nothing twice', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		const ids = [await upload(importId), await upload(importId), await upload(importId)];
		finish(ids[0]);
		expect(idsOf(await trigger.poll())).toEqual([ids[0]]);

		finish(ids[1]);
		trigger.restart();
		expect(idsOf(await trigger.poll())).toEqual([ids[1]]);
		finish(ids[2]);
		trigger.restart();
		expect(idsOf(await trigger.poll())).toEqual([ids[2]]);
		expect(await trigger.poll()).toBeNull();
	});

	test('restarting from the state n8n last saved (at the last emit), after polls that emitted nothing', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		const first = await upload(importId);
		finish(first);
		expect(idsOf(await trigger.poll())).toEqual([first]);
		const savedAtEmit = trigger.savedStaticData();
		// Polls that emit nothing change the state in memory only: n8n does not save it then.
		const second = await upload(importId);
		expect(await trigger.poll()).toBeNull();
		finish(second);
		trigger.activate('init', JSON.parse(savedAtEmit));
		expect(idsOf(await trigger.poll())).toEqual([second]);
	});

	test('the saved state stays small however many executions went by', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		for (let round = 0; round < 6; round++) {
			const ids = [];
			for (let index = 0; index < 20; index++) ids.push(await upload(importId));
			finish(...ids);
			expect(await trigger.poll()).toHaveLength(20);
			clock += 2 * HOUR;
		}
		expect(trigger.savedStaticData().length).toBeLessThan(1500);
	});
});

describe('outcome filter', () => {
	test('only the chosen outcomes start the workflow; the others are not emitted later either', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId, { outcomes: ['failed', 'canceled'] })).activate();
		await trigger.poll();
		const succeeded = await upload(importId);
		const withErrors = await upload(importId, `${validLine(1)}\n${invalidLine}\n`);
		const failed = await upload(importId);
		const canceled = await upload(importId);
		finish(succeeded, withErrors);
		sim().finishExecution(failed, { status: 'LOST' });
		await api('POST', `/v1/datamarts/1509/document_imports/${importId}/executions/${canceled}/action`, { action: 'CANCEL' });
		const items = (await trigger.poll())!;
		expect(items.map((item) => [item.id, item.outcome])).toEqual([
			[failed, 'failed'],
			[canceled, 'canceled'],
		]);
		expect(await trigger.poll()).toBeNull();
	});

	test('Succeeded With Errors alone: executions whose lines partly failed', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId, { outcomes: ['succeededWithErrors'] })).activate();
		await trigger.poll();
		const clean = await upload(importId);
		const withErrors = await upload(importId, `${validLine(1)}\n${invalidLine}\n`);
		finish(clean, withErrors);
		expect(idsOf(await trigger.poll())).toEqual([withErrors]);
	});

	test('no outcome chosen is a clear error', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId, { outcomes: [] })).activate();
		await expect(trigger.poll()).rejects.toThrow('No outcome chosen');
	});
});

describe('datamart-wide scope', () => {
	test('every import of the datamart, including one created after activation', async () => {
		const segments = await createImport('CRM segments');
		const profiles = await createImport('CRM profiles', 'USER_PROFILE');
		const trigger = new TriggerRunner(connection(), wholeDatamart()).activate();
		expect(await trigger.poll()).toBeNull();
		const later = await createImport('Store purchases', 'USER_ACTIVITY');
		const ids = [await upload(segments), await upload(profiles, `${profileLine}\n`), await upload(later, '{}\n')];
		finish(...ids);
		const items = (await trigger.poll())!;
		expect(items.map((item) => [item.id, item.document_import_id, item.document_import_type])).toEqual([
			[ids[0], segments, 'USER_SEGMENT'],
			[ids[1], profiles, 'USER_PROFILE'],
			[ids[2], later, 'USER_ACTIVITY'],
		]);
		expect(await trigger.poll()).toBeNull();
	});

	test('narrowed by document type and name keywords', async () => {
		const crmSegments = await createImport('CRM segments');
		const otherSegments = await createImport('Web segments');
		const crmProfiles = await createImport('CRM profiles', 'USER_PROFILE');
		const trigger = new TriggerRunner(
			connection(),
			wholeDatamart({ importFilters: { documentTypes: ['USER_SEGMENT'], keywords: 'CRM' } }),
		).activate();
		await trigger.poll();
		const ids = [await upload(crmSegments), await upload(otherSegments), await upload(crmProfiles, `${profileLine}\n`)];
		finish(...ids);
		expect(idsOf(await trigger.poll())).toEqual([ids[0]]);
		const listImports = sim().requests.filter((request) => request.path === '/v1/datamarts/1509/document_imports');
		expect(listImports.at(-1)?.query).toMatchObject({ document_types: 'USER_SEGMENT', keywords: 'CRM' });
	});

	test('other datamarts are not watched', async () => {
		const here = await createImport('here');
		const elsewhere = await createImport('elsewhere', 'USER_SEGMENT', '1600');
		const trigger = new TriggerRunner(connection(), wholeDatamart()).activate();
		await trigger.poll();
		const ids = [await upload(here), await upload(elsewhere, `${validLine(1)}\n`, '1600')];
		finish(...ids);
		expect(idsOf(await trigger.poll())).toEqual([ids[0]]);
	});
});

describe('API errors', () => {
	test.each([503, 429])('a %i during a poll fails that poll; the next emits exactly what it missed', async (status) => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		const ids = [await upload(importId), await upload(importId)];
		finish(ids[0]);
		expect(idsOf(await trigger.poll())).toEqual([ids[0]]);
		finish(ids[1]);
		const third = await upload(importId);
		finish(third);
		sim().faults.inject({ method: 'GET', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, status, times: 20 });
		await expect(trigger.poll()).rejects.toMatchObject({ httpCode: String(status) });
		sim().faults.clear();
		expect(idsOf(await trigger.poll())).toEqual([ids[1], third]);
		expect(await trigger.poll()).toBeNull();
	});

	test('the Retries options apply to each poll: a 503 is retried, and Max Attempts bounds the tries', async () => {
		const importId = await createImport();
		const path = `/v1/datamarts/1509/document_imports/${importId}/executions`;
		const trigger = new TriggerRunner(connection(), { ...oneImport(importId), retryOptions: { maxAttempts: 2 } }).activate();
		await trigger.poll();
		const id = await upload(importId);
		finish(id);
		sim().faults.inject({ method: 'GET', path, status: 503 });
		expect(idsOf(await trigger.poll())).toEqual([id]);
		const listsBefore = sim().requests.filter((request) => request.method === 'GET' && request.path === path).length;
		sim().faults.inject({ method: 'GET', path, status: 503, times: 5 });
		await expect(trigger.poll()).rejects.toMatchObject({ httpCode: '503' });
		expect(sim().requests.filter((request) => request.method === 'GET' && request.path === path).length - listsBefore).toBe(2);
		sim().faults.clear();
	});

	test('a failure on the second import of a datamart loses nothing from the first', async () => {
		const first = await createImport('first');
		const second = await createImport('second');
		const trigger = new TriggerRunner(connection(), wholeDatamart()).activate();
		await trigger.poll();
		const ids = [await upload(first), await upload(second)];
		finish(...ids);
		sim().faults.inject({ method: 'GET', path: `/v1/datamarts/1509/document_imports/${second}/executions`, status: 500, times: 20 });
		await expect(trigger.poll()).rejects.toThrow();
		sim().faults.clear();
		expect(idsOf(await trigger.poll())).toEqual(ids);
	});

	test('a deleted import is an error that names the platform message', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner(connection(), oneImport(importId)).activate();
		await trigger.poll();
		await api('DELETE', `/v1/datamarts/1509/document_imports/${importId}`);
		await expect(trigger.poll()).rejects.toMatchObject({ httpCode: '404' });
	});

	test('the API token never appears in an error', async () => {
		const importId = await createImport();
		const trigger = new TriggerRunner({ url: sim().url, token: 'wrong-token-123' }, oneImport(importId)).activate();
		const error = await trigger.poll().catch((caught) => caught);
		expect(error.httpCode).toBe('401');
		expect(JSON.stringify({ message: error.message, description: error.description, context: error.context })).not.toContain('wrong-token-123');
	});
});

describe('manual mode (Fetch Test Event)', () => {
	test('returns the most recent finished execution, whatever the state', async () => {
		const importId = await createImport();
		const ids = [await upload(importId), await upload(importId), await upload(importId)];
		finish(ids[1], ids[0]);
		const trigger = new TriggerRunner(connection(), oneImport(importId));
		const items = (await trigger.fetchTestEvent())!;
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ id: ids[0], document_import_id: importId, outcome: 'succeeded', summary: { status: 'SUCCEEDED' } });
	});

	test('across the imports of a datamart, honouring the outcome filter', async () => {
		const first = await createImport('first');
		const second = await createImport('second');
		const failed = await upload(first);
		const succeeded = await upload(second);
		sim().finishExecution(failed, { status: 'FAILED', errorMessage: 'boom' });
		clock += 1000;
		finish(succeeded);
		const all = new TriggerRunner(connection(), wholeDatamart());
		expect(idsOf(await all.fetchTestEvent())).toEqual([succeeded]);
		const onlyFailures = new TriggerRunner(connection(), wholeDatamart({ outcomes: ['failed'] }));
		expect(idsOf(await onlyFailures.fetchTestEvent())).toEqual([failed]);
	});

	test('a clear message when nothing has finished yet', async () => {
		const importId = await createImport();
		await upload(importId);
		const error = await new TriggerRunner(connection(), oneImport(importId)).fetchTestEvent().catch((caught) => caught);
		expect(error.message).toBe(`No finished execution with the chosen outcomes in document import ${importId} of datamart 1509`);
		expect(error.description).toMatch(/Upload a file/);
	});
});

describe('a list that is not newest first', () => {
	test('is read to its end, so a new execution on the last page is still emitted', async () => {
		const { startSimulator } = await import('../simulator');
		let oldClock = Date.now() - 5 * HOUR;
		const oldestFirst = await startSimulator({ pendingMs: Infinity, executionListOrder: 'oldest-first', now: () => oldClock });
		try {
			const post = async (path: string, body: string | object, contentType = 'application/json') => {
				const response = await fetch(`${oldestFirst.url}${path}`, {
					method: 'POST',
					headers: { Authorization: oldestFirst.token, 'Content-Type': contentType },
					body: typeof body === 'string' ? body : JSON.stringify(body),
				});
				return String(((await response.json()) as { data: IDataObject }).data.id);
			};
			const importId = await post('/v1/datamarts/1509/document_imports', { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', name: 'old' });
			const executionsPath = `/v1/datamarts/1509/document_imports/${importId}/executions`;
			for (let index = 0; index < 150; index++) {
				oldClock += 1000;
				oldestFirst.finishExecution(await post(executionsPath, `${validLine(index)}\n`, 'application/x-ndjson'));
			}
			const trigger = new TriggerRunner({ url: oldestFirst.url, token: oldestFirst.token }, oneImport(importId)).activate();
			expect(await trigger.poll()).toBeNull();
			oldClock = Date.now();
			const fresh = await post(executionsPath, `${validLine(1)}\n`, 'application/x-ndjson');
			oldestFirst.finishExecution(fresh);
			expect(idsOf(await trigger.poll())).toEqual([fresh]);
			expect(await trigger.poll()).toBeNull();
		} finally {
			await oldestFirst.stop();
		}
	});
});
