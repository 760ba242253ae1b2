/**
 * Scenario 3, waiting. Many executions of one import are waited on at once;
 * the simulator keeps them PENDING until the benchmark finishes them by hand,
 * once the waiter is polling. From the simulator's request log: how many API
 * calls the waiter made about the import's executions; and for each
 * execution the notice delay, from the moment it finished to the moment the
 * waiter knew (see Waiter).
 *
 * Waiters: the Mediarithmics node's Wait for Completion (here) and the
 * Mediarithmics Trigger (triggerWaiter.ts).
 */
import type { Simulator } from '../../test/simulator';
import type { RequestLogEntry } from '../../test/simulator';
import { call } from '../../test/simulator/testClient';
import type { BenchN8n } from '../benchN8n';
import { nodeTime } from '../benchN8n';
import { createSegmentImport, DATAMART_ID } from '../simulatorImports';

export interface WaitingSample {
	waiter: string;
	run: number;
	executions: number;
	pollSeconds: number;
	/** API calls about this import's executions while the waiter ran. */
	apiCalls: number;
	/** The most calls about the import made by one poll (see maxCallsPerPoll). */
	maxCallsPerPollInterval: number;
	waitedMs: number;
	noticeDelayMedianMs: number;
	noticeDelayMaxMs: number;
}

export interface Waited {
	/** The waiter's own start and end (epoch ms): API calls in between are counted. */
	startedAt: number;
	endedAt: number;
	/**
	 * When the waiter showed each execution finished (epoch ms), if it can
	 * tell; otherwise the end of the first simulator answer about the import
	 * after the execution finished is taken.
	 */
	noticedAt?: Map<string, number>;
}

/** Something that waits for executions and stops when all have finished. */
export interface Waiter {
	name: string;
	/** Its poll interval, in seconds. */
	pollSeconds: number;
	/** Starts waiting; resolves once it has seen them all finish. */
	wait(importId: string, executionIds: string[]): Promise<Waited>;
	/** Releases what the waiter holds (a running n8n). */
	close?(): Promise<void>;
}

const WAIT_NODE = 'Wait for the executions';

/** The node's Wait for Completion, fed one item per execution. */
export function waitForCompletionWaiter(n8n: BenchN8n, pollSeconds: number): Waiter {
	return {
		name: 'Wait for Completion',
		pollSeconds,
		async wait(importId, executionIds) {
			const items = JSON.stringify(executionIds.map((id) => ({ json: { id } })));
			const workflow = {
				id: 'benchWaiting',
				name: 'Bench: wait for many executions',
				active: false,
				settings: { executionOrder: 'v1' },
				connections: {
					Start: { main: [[{ node: 'Executions', type: 'main', index: 0 }]] },
					Executions: { main: [[{ node: WAIT_NODE, type: 'main', index: 0 }]] },
				},
				nodes: [
					{ id: 'c0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: 'c0000000-0000-4000-8000-000000000002',
						name: 'Executions',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						position: [220, 0],
						parameters: { mode: 'runOnceForAllItems', jsCode: `return ${items};` },
					},
					{
						id: 'c0000000-0000-4000-8000-000000000003',
						name: WAIT_NODE,
						type: 'n8n-nodes-mediarithmics.mediarithmics',
						typeVersion: 1,
						position: [440, 0],
						parameters: {
							resource: 'execution',
							operation: 'waitForCompletion',
							datamart: { __rl: true, mode: 'id', value: DATAMART_ID },
							documentImport: { __rl: true, mode: 'id', value: importId },
							executionId: '={{ $json.id }}',
							waitOptions: { pollIntervalSeconds: pollSeconds, timeoutSeconds: 600 },
						},
						credentials: { mediarithmicsApi: { id: 'mediarithmicsSimulator', name: 'Mediarithmics (local simulator)' } },
					},
				],
				pinData: {},
			};
			const result = await n8n.run(workflow, [WAIT_NODE]);
			const task = result.run.data.resultData.runData[WAIT_NODE][0];
			const startedAt = Number(task.startTime);
			const output = task.data!.main[0];
			if (output.length !== executionIds.length) throw new Error(`the node output ${output.length} of ${executionIds.length} executions`);
			return { startedAt, endedAt: startedAt + nodeTime(result.run, WAIT_NODE) };
		},
	};
}

async function createExecutions(sim: Simulator, importId: string, count: number): Promise<string[]> {
	const ids: string[] = [];
	for (let index = 0; index < count; index++) {
		const line = JSON.stringify({ operation: 'UPDATE', user_account_id: `wait-${index}`, segment_id: '1', expiration_duration: 0 });
		const answer = await call(sim, 'POST', `/v1/datamarts/${DATAMART_ID}/document_imports/${importId}/executions`, {
			raw: `${line}\n`,
			contentType: 'application/x-ndjson',
		});
		if (answer.status !== 200) throw new Error(`creating an execution failed: ${answer.status} ${answer.text}`);
		ids.push(String(answer.json.data.id));
	}
	return ids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const isAboutImport = (entry: RequestLogEntry, importId: string) =>
	entry.method === 'GET' && entry.path.startsWith(`/v1/datamarts/${DATAMART_ID}/document_imports/${importId}/executions`);

/**
 * Once the waiter has made its first call about the import, finishes the
 * executions in 20 batches over `spreadMs`, so that they finish at many
 * different moments of the poll cycle. Returns when each one finished.
 */
async function finishWhilePolled(sim: Simulator, importId: string, executionIds: string[], spreadMs: number): Promise<Map<string, number>> {
	while (!sim.requests.some((entry) => isAboutImport(entry, importId))) await sleep(20);
	const finishedAt = new Map<string, number>();
	const batches = 20;
	const perBatch = Math.ceil(executionIds.length / batches);
	for (let batch = 0; batch < batches; batch++) {
		await sleep(spreadMs / batches);
		for (const id of executionIds.slice(batch * perBatch, (batch + 1) * perBatch)) {
			sim.finishExecution(id);
			finishedAt.set(id, Date.now());
		}
	}
	return finishedAt;
}

/**
 * The most calls one poll made: calls closer together than half a poll
 * interval belong to the same poll (polls are a whole interval apart).
 */
function maxCallsPerPoll(calls: RequestLogEntry[], pollMs: number): number {
	let most = 0;
	let current = 0;
	let previous = -Infinity;
	for (const entry of [...calls].sort((a, b) => a.receivedAt - b.receivedAt)) {
		current = entry.receivedAt - previous > pollMs / 2 ? 1 : current + 1;
		previous = entry.receivedAt;
		most = Math.max(most, current);
	}
	return most;
}

/** The finishing spreads over this long, or one poll interval if longer: finishes fall at every phase of the poll cycle. */
const FINISH_SPREAD_MS = 3000;

/**
 * Runs on a simulator whose ids keep growing (no reset): a trigger remembers
 * the executions it has emitted by id. Each run's import is deleted after it.
 */
export async function waitingScenario(
	waiter: Waiter,
	sim: Simulator,
	options: { executions: number; runs: number; log: (line: string) => void },
): Promise<WaitingSample[]> {
	const samples: WaitingSample[] = [];
	const pollMs = waiter.pollSeconds * 1000;
	for (let runIndex = 1; runIndex <= options.runs; runIndex++) {
		const importId = await createSegmentImport(sim, `bench waiting ${runIndex}`);
		const executionIds = await createExecutions(sim, importId, options.executions);
		const [finishedAt, waited] = await Promise.all([
			finishWhilePolled(sim, importId, executionIds, Math.max(FINISH_SPREAD_MS, pollMs)),
			waiter.wait(importId, executionIds),
		]);
		const calls = sim.requests.filter(
			(entry) => isAboutImport(entry, importId) && entry.receivedAt >= waited.startedAt && entry.receivedAt <= waited.endedAt,
		);
		// Without the waiter's own times, an execution is noticed by the first answer about the import that started after it finished.
		const delays = executionIds.map((id) => {
			const finished = finishedAt.get(id)!;
			const noticed = waited.noticedAt?.get(id);
			if (noticed !== undefined) return noticed - finished;
			const answer = calls.find((entry) => entry.receivedAt >= finished);
			if (!answer) throw new Error(`execution ${id} finished at ${finished} but no later call was seen`);
			return answer.receivedAt + (answer.durationMs ?? 0) - finished;
		});
		delays.sort((a, b) => a - b);
		const waitedMs = waited.endedAt - waited.startedAt;
		const sample: WaitingSample = {
			waiter: waiter.name,
			run: runIndex,
			executions: options.executions,
			pollSeconds: waiter.pollSeconds,
			apiCalls: calls.length,
			maxCallsPerPollInterval: maxCallsPerPoll(calls, pollMs),
			waitedMs,
			noticeDelayMedianMs: delays[Math.floor(delays.length / 2)],
			noticeDelayMaxMs: delays[delays.length - 1],
		};
		samples.push(sample);
		options.log(`waiting run ${runIndex}: ${JSON.stringify(sample)}`);
		const deleted = await call(sim, 'DELETE', `/v1/datamarts/${DATAMART_ID}/document_imports/${importId}`);
		if (deleted.status !== 200) throw new Error(`deleting import ${importId} failed: ${deleted.status}`);
	}
	return samples;
}
