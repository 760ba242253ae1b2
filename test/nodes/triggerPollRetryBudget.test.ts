/**
 * A poll's retries within n8n's poll budget (getPollBudgetMs): n8n's newer
 * scheduler abandons a poll at N8N_SCHEDULER_POLL_TIMEOUT (45 s) without
 * showing any error, while the transport may retry a call for 120 s with a
 * Request Timeout of 5 minutes. Within a poll, no retry wait and no attempt
 * runs past the budget: the poll fails in time with the platform's error, and
 * the next poll emits what it missed.
 */
import type { IDataObject } from 'n8n-workflow';

import { TriggerRunner } from './pollHarness';
import { byId, simulatorPost, useSimulator } from './simulatorFixture';

jest.setTimeout(60_000);
let clock = Date.now();
const { sim, connection } = useSimulator({ pendingMs: Infinity, now: () => clock });

const api = async (path: string, body: string | object, contentType?: string) => await simulatorPost(sim(), path, body, contentType);

const line = JSON.stringify({ operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 });
const LIST = /^\/v1\/datamarts\/1509\/document_imports\/\d+\/executions$/;
const idsOf = (items: IDataObject[] | null) => (items ?? []).map((item) => String(item.id));

/** An active trigger on one import with the given budget, past its first poll, and one execution finished since. */
async function triggerWithOneFinished(budgetMs: number): Promise<{ trigger: TriggerRunner; finished: string }> {
	const importId = await api('/v1/datamarts/1509/document_imports', { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8', name: 'CRM segments' });
	const trigger = new TriggerRunner(connection(), { scope: 'documentImport', datamart: byId('1509'), documentImport: byId(importId) }).withPollBudget(budgetMs).activate();
	expect(await trigger.poll()).toBeNull();
	clock += 1000;
	const finished = await api(`/v1/datamarts/1509/document_imports/${importId}/executions`, `${line}\n`, 'application/x-ndjson');
	clock += 1000;
	sim().finishExecution(finished);
	return { trigger, finished };
}

test('a call that keeps failing gives up before the budget ends (no retry wait past it), with the platform\'s error; the next poll emits what it missed', async () => {
	const { trigger, finished } = await triggerWithOneFinished(3000);
	// 503 with Retry-After 1 s, four times: retrying all four would take 4 s, past the 3 s budget.
	sim().faults.inject({ method: 'GET', path: LIST, times: 4, status: 503, retryAfter: '1' });
	const startedAt = Date.now();
	const failed = trigger.poll();
	await expect(failed).rejects.toMatchObject({ httpCode: '503', description: expect.stringMatching(/run past the time n8n gives this poll/) });
	expect(Date.now() - startedAt).toBeLessThan(3000);
	// One 503 is left: retried once within the budget, then the list.
	expect(idsOf(await trigger.poll())).toEqual([finished]);
	expect(await trigger.poll()).toBeNull();
});

test('an attempt still waiting for its answer when the budget ends is cut then, not at the Request Timeout (5 minutes)', async () => {
	const { trigger, finished } = await triggerWithOneFinished(2000);
	sim().faults.inject({ method: 'GET', path: LIST, times: 1, delayMs: 10_000 });
	const startedAt = Date.now();
	await expect(trigger.poll()).rejects.toMatchObject({ description: expect.stringMatching(/got no HTTP answer.*run past the time n8n gives this poll/s) });
	expect(Date.now() - startedAt).toBeLessThan(4000);
	expect(idsOf(await trigger.poll())).toEqual([finished]);
});
