/**
 * The Mediarithmics Trigger in queue mode under n8n's newer scheduler with
 * durable poll cursors (N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
 * N8N_POLLER_DURABLE_CURSORS_ENABLED; N8N_USE_WORKFLOW_PUBLICATION_SERVICE is on
 * by default): the polls run as scheduler tasks on main, the trigger's state is
 * the cursor n8n keeps in its poller_state table, committed after every poll
 * (empty ones included), and the workflow's runs go to the worker. The same
 * scenario as queueMode.test.ts's restart test: none from before activation,
 * each execution finished after it once, across a restart of main after empty
 * polls, one finished while main was down included.
 */
import { segmentLine } from '../../simulator/testClient';
import { createImport, executionListReads as listReads, uploadLines, until, useChatReceiver, useQueueStack } from './scenario';
import { notifyOnFinish } from './workflows';

jest.setTimeout(15 * 60 * 1000);

const SCHEDULER_WITH_DURABLE_CURSORS = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};

// One worker is enough for the trigger's runs; executions stay PENDING until the test finishes them.
const stack = useQueueStack({ workers: 1, concurrency: 2, env: SCHEDULER_WITH_DURABLE_CURSORS, simulator: { pendingMs: Infinity } });
const { messages, url: chatUrl } = useChatReceiver();

const executionListReads = () => listReads(stack().sim);
const validLine = (index: number) => segmentLine({ user_account_id: `u${index}` });
async function finishedExecution(importId: string, index: number): Promise<string> {
	const executionId = await uploadLines(stack().sim, importId, `${validLine(index)}\n`);
	stack().sim.finishExecution(executionId);
	return executionId;
}
/** The trigger's state as n8n keeps it: the node's cursor in poller_state. */
async function storedCursor(workflowId: string): Promise<{ finishedExecutions?: { polledAt: number } } | undefined> {
	const text = await stack().sql(`SELECT "cursor" FROM poller_state WHERE "workflowId" = '${workflowId}'`);
	return text === '' ? undefined : JSON.parse(text);
}
const reported = () => messages.map((message) => message.execution_id);

test('each execution finished after activation is reported once, across a restart of main after empty polls, with durable cursors', async () => {
	const importId = await createImport(stack().sim, 'CRM segments - durable cursors');
	const history = await finishedExecution(importId, 1);

	const workflow = notifyOnFinish(chatUrl());
	const readsBefore = executionListReads();
	await stack().publishWorkflows([workflow]);
	await until('the activation poll', () => executionListReads() > readsBefore, 60_000);
	const readsAtActivation = executionListReads();
	// Finished right after the activation poll, before the first scheduled one (n8n does not store the activation poll's state).
	const rightAfter = await finishedExecution(importId, 2);
	const beforeFirstScheduledPoll = executionListReads() === readsAtActivation;

	await until('the first report', () => messages.length >= 1, 150_000);
	expect(await storedCursor(workflow.id)).toHaveProperty('finishedExecutions');
	const second = await finishedExecution(importId, 3);
	await until('the second report', () => messages.length >= 2, 150_000);

	// Two scheduled polls that find nothing new: n8n commits the cursor of each.
	const polledAtAfterReports = (await storedCursor(workflow.id))!.finishedExecutions!.polledAt;
	const readsAfterReports = executionListReads();
	await until('two empty polls', () => executionListReads() >= readsAfterReports + 2, 180_000);
	await until('their cursor stored', async () => (await storedCursor(workflow.id))!.finishedExecutions!.polledAt > polledAtAfterReports, 30_000);

	await stack().stopProcess(stack().mainProcess);
	const whileDown = await finishedExecution(importId, 4);
	await stack().startMain();
	await until('the report of the one finished while main was down', () => messages.length >= 3, 180_000);
	// One more poll after it: a duplicate, if there were one, would come now.
	const readsAfterRestart = executionListReads();
	await until('one more poll', () => executionListReads() > readsAfterRestart, 120_000);
	await new Promise((resolve) => setTimeout(resolve, 5000));

	expect(reported().sort()).toEqual([rightAfter, second, whileDown].sort());
	expect(reported()).not.toContain(history);
	// Whether the first scheduled poll came after the one finished right after activation (the case this covers): logged, not asserted.
	if (!beforeFirstScheduledPoll) console.log('durable cursors e2e: a scheduled poll ran before the execution finished right after activation');
	// The runs went to the worker: main only polls and queues.
	const runs = await stack().finishedExecutions(workflow.id, 2);
	expect(runs.filter((run) => run.status === 'success' && stack().workerThatRan(run.id) >= 0).length).toBeGreaterThanOrEqual(2);
});
