import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { executionSummary } from '../actions/execution/executionFields';
import { executionOutcome, type ExecutionOutcome } from '../actions/execution/executionOutcome';
import {
	advance,
	importFloor,
	pendingIdsOf,
	startFloor,
	startState,
	type ObservedExecution,
	type TriggerState,
} from './finishedExecutions';
import { newestExecutions, observeImport } from './observeExecutions';
import { startPollBudget } from './pollBudget';
import { keepStart, latestState } from './startRecord';
import { describeScope, importsInScope, readScope, scopeKey, type ImportInScope, type TriggerScope } from './scope';

/** Where the trigger keeps its state in the workflow's static data (per node). */
export const STATE_KEY = 'finishedExecutions';

/**
 * The poll contexts that have polled already. n8n builds one poll context when
 * a workflow is activated and polls with it (at once, then on schedule), so the
 * first poll of a context in activation mode "activate" is the first one after
 * the user activated the workflow: the trigger then starts afresh, so that
 * what finished while it was inactive is not replayed. After an n8n restart
 * (mode "init") or a republish ("update") it carries on from its state. Under
 * n8n's newer scheduler the activation poll is the same, and every scheduled
 * poll has a context of its own in mode "update" (see startRecord.ts).
 */
const contextsThatPolled = new WeakSet<object>();

function startsAfresh(context: IPollFunctions): boolean {
	const first = !contextsThatPolled.has(context);
	contextsThatPolled.add(context);
	return first && context.getActivationMode() === 'activate';
}

/**
 * One poll. The first (at activation, or with a new scope) only records what
 * is in flight and emits nothing (the imports n8n's poll budget left it no time
 * for are read by the next polls the same way). Later ones emit one item per
 * execution that finished since, with an outcome the user chose. The state is written only
 * once every API call has succeeded: a poll that fails (429, 5xx, network)
 * leaves it as it was, and the next poll emits what this one missed.
 */
export async function pollFinishedExecutions(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const outcomes = readOutcomes.call(this);
	const scope = readScope.call(this);
	if (this.getMode() === 'manual') return [[await sampleExecution.call(this, scope, outcomes)]];

	const staticData = this.getWorkflowStaticData('node');
	const key = scopeKey(scope);
	const now = Date.now();
	const outOfTime = startPollBudget(this, now);
	const saved = startsAfresh(this) ? undefined : latestState(this, staticData[STATE_KEY], key);
	const imports = await importsInScope.call(this, scope);
	// Imports read as the first poll reads them: all of them in the first poll, then those it had no time for.
	const starting = new Set(saved ? (saved.starting ?? []) : imports.map((item) => item.id));
	const observed: Array<ObservedExecution<IDataObject>> = [];
	const gone: string[] = [];
	const unread: string[] = [];
	const started: string[] = [];
	const notStarted: string[] = [];
	for (const documentImport of readOrder(imports, saved)) {
		const isStart = starting.has(documentImport.id);
		const seen = outOfTime()
			? { observed: [], gone: [], complete: false }
			: await observeImport.call(
					this,
					scope.datamartId,
					documentImport.id,
					isStart || !saved ? startFloor(now) : importFloor(saved, documentImport.id),
					isStart ? [] : pendingIdsOf(saved, documentImport.id),
					outOfTime,
				);
		if (isStart) {
			// A start read counts only whole: what it did not see would later be taken for new.
			if (seen.complete) observed.push(...seen.observed);
			(seen.complete ? started : notStarted).push(documentImport.id);
			continue;
		}
		observed.push(...seen.observed);
		gone.push(...seen.gone);
		if (!seen.complete) unread.push(documentImport.id);
	}

	if (!saved) {
		const state = startState(key, observed, now, notStarted);
		staticData[STATE_KEY] = state as unknown as IDataObject;
		keepStart(this, state);
		return null;
	}
	const { state, finished, abandoned } = advance(saved, { observed, gone, importIds: imports.map((item) => item.id), now, unread, started });
	for (const entry of abandoned) {
		this.logger.warn(
			`mediarithmics: execution ${entry.id} of document import ${entry.importId} is still unfinished 7 days after its creation: the trigger no longer watches it and will not emit it when it ends. Check it with Execution > Get.`,
		);
	}
	const importsById = new Map(imports.map((item) => [item.id, item]));
	const items = finished
		.filter((execution) => outcomes.includes(executionOutcome(execution.value) as ExecutionOutcome))
		.map((execution) => outputItem(scope, importsById.get(execution.importId)!, execution.value));
	staticData[STATE_KEY] = state satisfies TriggerState as unknown as IDataObject;
	return items.length > 0 ? [items] : null;
}

/** Manual mode ("Fetch Test Event"): the most recent finished execution in scope, so that fields can be mapped. */
async function sampleExecution(this: IPollFunctions, scope: TriggerScope, outcomes: ExecutionOutcome[]): Promise<INodeExecutionData> {
	let best: { documentImport: ImportInScope; execution: ObservedExecution<IDataObject> } | undefined;
	for (const documentImport of await importsInScope.call(this, scope)) {
		for (const execution of await newestExecutions.call(this, scope.datamartId, documentImport.id)) {
			const outcome = executionOutcome(execution.value);
			if (!outcome || !outcomes.includes(outcome)) continue;
			if (!best || endOf(execution) > endOf(best.execution)) best = { documentImport, execution };
		}
	}
	if (!best) {
		throw new NodeOperationError(this.getNode(), `No finished execution with the chosen outcomes in ${describeScope(scope)}`, {
			description:
				'There is nothing to show yet. Upload a file (Mediarithmics node > Execution > Upload) and fetch again once it has finished, or choose more outcomes. Once active, the trigger starts the workflow for executions that finish after activation.',
		});
	}
	return outputItem(scope, best.documentImport, best.execution.value);
}

/** The execution as the API answered it, where it belongs, and the flat summary of Wait for Completion. */
function outputItem(scope: TriggerScope, documentImport: ImportInScope, execution: IDataObject): INodeExecutionData {
	return {
		json: {
			...execution,
			datamart_id: scope.datamartId,
			document_import_id: documentImport.id,
			document_import_name: documentImport.name,
			document_import_type: documentImport.documentType,
			outcome: executionOutcome(execution) ?? null,
			summary: executionSummary(execution),
		},
	};
}

function readOutcomes(this: IPollFunctions): ExecutionOutcome[] {
	const outcomes = this.getNodeParameter('outcomes', []) as ExecutionOutcome[];
	if (!Array.isArray(outcomes) || outcomes.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No outcome chosen: the trigger would never start the workflow', {
			description: 'Choose at least one of Succeeded, Succeeded With Errors, Failed and Canceled in Outcomes.',
		});
	}
	return outcomes;
}

/**
 * The imports the first poll had no time for, then those a poll cut short, then the others: a budget
 * too short for all of them still reaches each in turn.
 */
function readOrder(imports: ImportInScope[], saved: TriggerState | undefined): ImportInScope[] {
	const first = [...(saved?.starting ?? []), ...(saved?.unread ?? [])];
	if (first.length === 0) return imports;
	const rank = (item: ImportInScope) => {
		const index = first.indexOf(item.id);
		return index === -1 ? first.length : index;
	};
	return [...imports].sort((a, b) => rank(a) - rank(b));
}

function endOf(execution: ObservedExecution<IDataObject>): number {
	return execution.ended ?? execution.created;
}
