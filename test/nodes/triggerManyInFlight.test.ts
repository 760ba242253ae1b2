/**
 * The trigger forgets no execution in flight, however many: 2,500 running for
 * 150 minutes (longer than the two hours `since` trails the last poll) are all
 * emitted when they finish, and a poll reads them by listing the import (500 a
 * call), not one call each.
 */
import type { IDataObject } from 'n8n-workflow';

import { TriggerRunner } from './pollHarness';
import { byId, useSimulator } from './simulatorFixture';

jest.setTimeout(180_000);
let clock = Date.now();
const { sim, connection } = useSimulator({ pendingMs: Infinity, now: () => clock });

async function api(method: string, path: string, body: string, contentType: string): Promise<IDataObject> {
	const response = await fetch(`${sim().url}${path}`, { method, headers: { Authorization: sim().token, 'Content-Type': contentType }, body });
	const json = (await response.json()) as { data: IDataObject };
	if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
	return json.data;
}

test('2,500 executions in flight for 150 minutes are all emitted when they finish, none dropped', async () => {
	const created = await api(
		'POST',
		'/v1/datamarts/1509/document_imports',
		JSON.stringify({ document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8', name: 'many' }),
		'application/json',
	);
	const importId = String(created.id);
	const line = JSON.stringify({ operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 });
	const inFlight: string[] = [];
	for (let index = 0; index < 2500; index++) {
		clock += 100;
		inFlight.push(String((await api('POST', `/v1/datamarts/1509/document_imports/${importId}/executions`, `${line}\n`, 'application/x-ndjson')).id));
	}
	// n8n's clock and the platform's move together.
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
	const trigger = new TriggerRunner(connection(), { scope: 'documentImport', datamart: byId('1509'), documentImport: byId(importId) }).activate();
	expect(await trigger.poll()).toBeNull();
	for (let minute = 30; minute <= 150; minute += 30) {
		clock += 30 * 60 * 1000;
		const before = sim().requests.length;
		expect(await trigger.poll()).toBeNull();
		// The import, then its list in pages of 500: not 2,500 reads by ID.
		expect(sim().requests.length - before).toBeLessThanOrEqual(10);
	}
	for (const executionId of inFlight) sim().finishExecution(executionId);
	clock += 60 * 1000;
	const emitted = (await trigger.poll()) ?? [];
	expect(new Set(emitted.map((item) => String(item.id)))).toEqual(new Set(inFlight));
	expect(await trigger.poll()).toBeNull();
});

afterEach(() => jest.restoreAllMocks());
