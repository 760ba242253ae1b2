/**
 * The trigger within n8n's poll budget (getPollBudgetMs, n8n 2.41's
 * scheduler): a poll that runs short of time stops reading, emits what it
 * read, and the next poll reads the rest first: nothing missed, nothing twice.
 */
import type { IDataObject } from 'n8n-workflow';

import { TriggerRunner } from './pollHarness';
import { byId, simulatorPost, useSimulator } from './simulatorFixture';

jest.setTimeout(120_000);
let clock = Date.now();
const { sim, connection, createImport: createImportWith } = useSimulator({ pendingMs: Infinity, now: () => clock });

const api = async (path: string, body: string | object, contentType?: string) => await simulatorPost(sim(), path, body, contentType);

const createImport = async (name: string) => await createImportWith({ name });
const line = JSON.stringify({ operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 });

/** One finished execution in each import. */
async function finishedIn(importIds: string[]): Promise<Map<string, string>> {
	const byImport = new Map<string, string>();
	for (const importId of importIds) {
		clock += 1000;
		const executionId = await api(`/v1/datamarts/1509/document_imports/${importId}/executions`, `${line}\n`, 'application/x-ndjson');
		clock += 1000;
		sim().finishExecution(executionId);
		byImport.set(importId, executionId);
	}
	return byImport;
}

const LIST = /^\/v1\/datamarts\/1509\/document_imports\/\d+\/executions$/;
const listReads = (from: number) => sim().requests.slice(from).filter((request) => request.method === 'GET' && LIST.test(request.path));
const idsOf = (items: IDataObject[] | null) => (items ?? []).map((item) => String(item.id)).sort();

/**
 * The budget of the polls under test, and a list answer slower than half of it (but within it: the
 * call in flight may use the whole budget). The other calls must be quicker than the rest.
 */
const BUDGET_MS = 1000;
const SLOW_MS = 700;
/** The first executions list a poll reads answers slower than half the budget. */
const slowFirstList = (delayMs: number) => sim().faults.inject({ method: 'GET', path: LIST, times: 1, delayMs });

test('a poll that runs out of budget stops reading; the next one reads the imports it left first, and each execution is emitted once', async () => {
	const imports = [await createImport('CRM segments A'), await createImport('CRM segments B'), await createImport('CRM segments C')];
	const trigger = new TriggerRunner(connection(), { scope: 'datamart', datamart: byId('1509') }).withPollBudget(BUDGET_MS).activate();
	expect(await trigger.poll()).toBeNull();
	const executions = await finishedIn(imports);

	slowFirstList(SLOW_MS);
	const before = sim().requests.length;
	const first = await trigger.poll();
	// One list read (the slow one), then no new call: the rest is left to the next poll.
	const read = listReads(before);
	expect(read).toHaveLength(1);
	const firstImport = read[0].path.split('/')[5];
	expect(idsOf(first)).toEqual([executions.get(firstImport)]);

	const beforeSecond = sim().requests.length;
	const second = await trigger.poll();
	// The imports left unread come first.
	expect(listReads(beforeSecond).map((request) => request.path.split('/')[5]).slice(0, 2).sort()).toEqual(imports.filter((id) => id !== firstImport).sort());
	expect(idsOf(second)).toEqual(imports.filter((id) => id !== firstImport).map((id) => executions.get(id)).sort());
	expect(await trigger.poll()).toBeNull();
});

test('a short budget cut twice in a row still reaches every import, across a restart of n8n', async () => {
	const imports = [await createImport('CRM segments A'), await createImport('CRM segments B'), await createImport('CRM segments C')];
	let trigger = new TriggerRunner(connection(), { scope: 'datamart', datamart: byId('1509') }).withPollBudget(BUDGET_MS).activate();
	expect(await trigger.poll()).toBeNull();
	const executions = await finishedIn(imports);
	const emitted: string[][] = [];
	for (let pollIndex = 0; pollIndex < 2; pollIndex++) {
		slowFirstList(SLOW_MS);
		emitted.push(idsOf(await trigger.poll()));
		// n8n saved the static data (the poll emitted): start again from it.
		trigger = trigger.withPollBudget(BUDGET_MS).restart();
	}
	emitted.push(idsOf(await trigger.poll()));
	// Each cut poll read one import (a new one each time), the last one the third.
	expect(emitted.map((ids) => ids.length)).toEqual([1, 1, 1]);
	expect(emitted.flat().sort()).toEqual([...executions.values()].sort());
	expect(await trigger.poll()).toBeNull();
});

test('the first poll after activation keeps to the budget too: the next poll reads the imports it had no time for as the first would have, emitting only what finished after activation', async () => {
	const imports = [await createImport('CRM segments A'), await createImport('CRM segments B'), await createImport('CRM segments C')];
	// Before activation (the platform's clock a minute back): one finished execution in each import, one in flight.
	clock = Date.now() - 60_000;
	const history = await finishedIn(imports);
	const inFlight = new Map<string, string>();
	for (const importId of imports) inFlight.set(importId, await api(`/v1/datamarts/1509/document_imports/${importId}/executions`, `${line}\n`, 'application/x-ndjson'));
	const trigger = new TriggerRunner(connection(), { scope: 'datamart', datamart: byId('1509') }).withPollBudget(BUDGET_MS).activate();

	slowFirstList(SLOW_MS);
	const before = sim().requests.length;
	expect(await trigger.poll()).toBeNull();
	// One list read (the slow one), then no new call.
	expect(listReads(before)).toHaveLength(1);

	// After activation: the ones in flight finish, and one more in each import.
	clock = Date.now() + 1000;
	for (const executionId of inFlight.values()) {
		clock += 1000;
		sim().finishExecution(executionId);
	}
	const after = await finishedIn(imports);
	// Exactly these: none of the history (finished before activation) of the imports read late.
	const emitted = idsOf(await trigger.poll());
	expect(emitted).toEqual([...inFlight.values(), ...after.values()].sort());
	expect(emitted.filter((id) => [...history.values()].includes(id))).toEqual([]);
	expect(await trigger.poll()).toBeNull();
});

test('without getPollBudgetMs (n8n before 2.41) a poll reads every import, however slow', async () => {
	const imports = [await createImport('CRM segments A'), await createImport('CRM segments B')];
	const trigger = new TriggerRunner(connection(), { scope: 'datamart', datamart: byId('1509') }).activate();
	expect(await trigger.poll()).toBeNull();
	const executions = await finishedIn(imports);
	slowFirstList(SLOW_MS);
	expect(idsOf(await trigger.poll())).toEqual([...executions.values()].sort());
});
