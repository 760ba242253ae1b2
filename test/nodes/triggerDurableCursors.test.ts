/**
 * The trigger under n8n 2.41's newer scheduler with durable cursors
 * (durableCursorHarness.ts): n8n does not store what the activation poll
 * wrote to the node's static data, and keeps the cursor across
 * deactivation. Each execution that finishes after activation is emitted
 * once, none that finished before it or while the workflow was inactive.
 */
import type { IDataObject } from 'n8n-workflow';

import { DurableCursorRunner } from './durableCursorHarness';
import { byId, simulatorPost, useSimulator } from './simulatorFixture';

jest.setTimeout(60_000);
let clock = Date.now();
const { sim, connection, createImport: createImportWith } = useSimulator({ pendingMs: Infinity, now: () => clock });
beforeEach(() => {
	clock = Date.now();
});

const api = async (path: string, body: string | object, contentType?: string) => await simulatorPost(sim(), path, body, contentType);
const createImport = async () => await createImportWith({ name: 'CRM segments' });

const line = JSON.stringify({ operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 });
async function upload(importId: string): Promise<string> {
	clock += 1000;
	return await api(`/v1/datamarts/1509/document_imports/${importId}/executions`, `${line}\n`, 'application/x-ndjson');
}
function finish(...executionIds: string[]): void {
	for (const executionId of executionIds) {
		clock += 1000;
		sim().finishExecution(executionId);
	}
}
const idsOf = (items: IDataObject[] | null) => (items ?? []).map((item) => String(item.id)).sort();
const watching = (importId: string) => ({ scope: 'documentImport', datamart: byId('1509'), documentImport: byId(importId) });

test('what finishes between activation and the first scheduled poll is emitted, though n8n does not store the activation poll\'s state', async () => {
	const importId = await createImport();
	const history = await upload(importId);
	finish(history);
	const inFlight = await upload(importId);
	const trigger = new DurableCursorRunner(connection(), watching(importId));
	expect(await trigger.activate()).toBeNull();
	// n8n stored no state for the node: the activation poll's copy of the cursor was dropped.
	expect(trigger.cursor()).toEqual({});

	finish(inFlight);
	const after = await upload(importId);
	finish(after);
	expect(idsOf(await trigger.poll())).toEqual([inFlight, after].sort());
	// An empty poll, then one more execution: each once, the state carried by the cursor.
	expect(await trigger.poll()).toBeNull();
	const later = await upload(importId);
	finish(later);
	expect(idsOf(await trigger.poll())).toEqual([later]);
	expect(await trigger.poll()).toBeNull();
});

test('deactivated and activated again: what finished while the workflow was inactive is not emitted, though the cursor survived', async () => {
	const importId = await createImport();
	const trigger = new DurableCursorRunner(connection(), watching(importId));
	expect(await trigger.activate()).toBeNull();
	expect(await trigger.poll()).toBeNull();
	const first = await upload(importId);
	finish(first);
	expect(idsOf(await trigger.poll())).toEqual([first]);

	// Deactivated (n8n keeps the cursor), meanwhile one finishes; then activated again.
	const whileInactive = await upload(importId);
	finish(whileInactive);
	expect(await trigger.activate()).toBeNull();
	const afterReactivation = await upload(importId);
	finish(afterReactivation);
	expect(idsOf(await trigger.poll())).toEqual([afterReactivation]);
	expect(await trigger.poll()).toBeNull();
});

test('an empty poll\'s state is stored with the cursor: a restart of n8n (no activation poll) carries on from it', async () => {
	const importId = await createImport();
	const trigger = new DurableCursorRunner(connection(), watching(importId));
	await trigger.activate();
	expect(await trigger.poll()).toBeNull();
	const polledAt = (trigger.cursor()!.finishedExecutions as IDataObject).polledAt as number;
	await new Promise((resolve) => setTimeout(resolve, 5));
	expect(await trigger.poll()).toBeNull();
	expect((trigger.cursor()!.finishedExecutions as IDataObject).polledAt).toBeGreaterThan(polledAt);
	const afterRestart = await upload(importId);
	finish(afterRestart);
	expect(idsOf(await trigger.poll())).toEqual([afterRestart]);
});
