import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isTerminal } from '../../bulk';
import { apiRequest, apiRequestPage, sleepUnlessCanceled } from '../../transport';
import { executionPath, executionsPath, executionSummary, type ExecutionRef } from './executionFields';
import { executionOutcome } from './executionOutcome';

export interface WaitOptions {
	pollIntervalSeconds: number;
	timeoutSeconds: number;
	/** Count an execution that finished with failed lines (`total_failure > 0`) as failed. */
	failOnLineErrors: boolean;
}

export const waitOptionFields: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 0.05 },
		default: 5,
		description: 'Time between two status checks. After 5 minutes of waiting it grows gently, up to 60 s.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3600,
		description: 'Give up waiting after this long. The executions go on on the platform; wait again later or use the Mediarithmics Trigger.',
	},
	{
		displayName: 'Fail on Line Errors',
		name: 'failOnLineErrors',
		type: 'boolean',
		default: false,
		description: 'Whether an execution that finished with some failed lines (total_failure above 0) counts as failed. FAILED, CANCELED, LOST and EXECUTOR_NOT_RESPONDING always do.',
	},
];

export const DEFAULT_WAIT_OPTIONS: WaitOptions = { pollIntervalSeconds: 5, timeoutSeconds: 3600, failOnLineErrors: false };

const GROW_AFTER_MS = 5 * 60 * 1000;
const MAX_INTERVAL_MS = 60 * 1000;
const LIST_PAGE_SIZE = 500;

const key = (ref: ExecutionRef) => `${ref.datamartId}/${ref.importId}/${ref.executionId}`;

/** Why a finished execution counts as failed, or undefined when it succeeded. */
export function failureReason(execution: IDataObject, failOnLineErrors: boolean): string | undefined {
	const outcome = executionOutcome(execution);
	const summary = executionSummary(execution);
	if (outcome !== 'succeeded' && outcome !== 'succeededWithErrors') {
		return `${String(execution.status)}${summary.error ? `: ${summary.error}` : ''}`;
	}
	if (failOnLineErrors && outcome === 'succeededWithErrors') {
		return `${summary.total_failure} failed lines${summary.error ? `: ${summary.error}` : ''}`;
	}
	return undefined;
}

/**
 * Polls until every execution is in a terminal status. One API call per poll
 * and per document import: a single execution is read directly, several of
 * the same import through its list (newest first), so waiting on 200 parts of
 * one upload costs what waiting on one does. Honours the workflow's cancel
 * signal. Returns the final executions in the order of `refs`.
 */
export async function waitForExecutions(
	this: IExecuteFunctions,
	refs: ExecutionRef[],
	options: WaitOptions,
): Promise<IDataObject[]> {
	const finals = new Map<string, IDataObject>();
	const lastSeen = new Map<string, IDataObject>();
	const baseInterval = Math.max(50, options.pollIntervalSeconds * 1000);
	const started = Date.now();
	let interval = baseInterval;

	for (;;) {
		const pending = refs.filter((ref) => !finals.has(key(ref)));
		for (const group of groupByImport(pending)) {
			for (const execution of await readExecutions.call(this, group)) {
				const ref = group.find((candidate) => candidate.executionId === String(execution.id));
				if (!ref) continue;
				lastSeen.set(key(ref), execution);
				if (isTerminal(String(execution.status))) finals.set(key(ref), execution);
			}
		}
		if (refs.every((ref) => finals.has(key(ref)))) return refs.map((ref) => finals.get(key(ref))!);

		const elapsed = Date.now() - started;
		if (elapsed + interval > options.timeoutSeconds * 1000) {
			throw timeoutError.call(this, refs, finals, lastSeen, options.timeoutSeconds);
		}
		await sleepUnlessCanceled.call(this, interval, 'for the executions to finish', 'The workflow was stopped. The executions go on on the platform.');
		if (Date.now() - started > GROW_AFTER_MS) interval = Math.min(Math.round(interval * 1.2), Math.max(MAX_INTERVAL_MS, baseInterval));
	}
}

function groupByImport(refs: ExecutionRef[]): ExecutionRef[][] {
	const groups = new Map<string, ExecutionRef[]>();
	for (const ref of refs) {
		const importKey = `${ref.datamartId}/${ref.importId}`;
		groups.set(importKey, [...(groups.get(importKey) ?? []), ref]);
	}
	return [...groups.values()];
}

/** The current state of the executions of one import: one GET, or list pages until all are seen. */
async function readExecutions(this: IExecuteFunctions, group: ExecutionRef[]): Promise<IDataObject[]> {
	if (group.length === 1) return [await apiRequest.call(this, 'GET', executionPath(group[0]))];
	const wanted = new Set(group.map((ref) => ref.executionId));
	const seen: IDataObject[] = [];
	const path = executionsPath(group[0].datamartId, group[0].importId);
	for (let firstResult = 0; wanted.size > 0; ) {
		const { data, total } = await apiRequestPage.call(this, path, firstResult, LIST_PAGE_SIZE);
		for (const execution of data) {
			if (wanted.delete(String(execution.id))) seen.push(execution);
		}
		firstResult += data.length;
		if (data.length < LIST_PAGE_SIZE || (total !== undefined && firstResult >= total)) break;
	}
	// Executions the list did not show (should not happen): read them one by one.
	for (const executionId of wanted) {
		seen.push(await apiRequest.call(this, 'GET', executionPath({ ...group[0], executionId })));
	}
	return seen;
}

function timeoutError(
	this: IExecuteFunctions,
	refs: ExecutionRef[],
	finals: Map<string, IDataObject>,
	lastSeen: Map<string, IDataObject>,
	timeoutSeconds: number,
): NodeOperationError {
	const unfinished = refs.filter((ref) => !finals.has(key(ref)));
	const statuses = unfinished
		.map((ref) => `${ref.executionId} (${lastSeen.get(key(ref))?.status ?? 'not read yet'})`)
		.join(', ');
	return new NodeOperationError(
		this.getNode(),
		`Timed out after ${timeoutSeconds} s: ${unfinished.length} of ${refs.length} executions not finished: ${statuses}`,
		{
			description:
				'The executions go on on the platform. To continue, run Execution > Wait for Completion again with these execution IDs, raise the Timeout, or react to them with the Mediarithmics Trigger.',
		},
	);
}
