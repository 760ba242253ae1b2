import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IPollFunctions, JsonObject } from 'n8n-workflow';

import { isTerminal } from '../bulk';
import { executionPath, executionsPath } from '../actions/execution/executionFields';
import { apiRequest, apiRequestPage } from '../transport';
import type { ObservedExecution } from './finishedExecutions';

/**
 * Most polls only need the first page. As large as Wait for Completion's, so
 * that the hundreds of executions a big upload creates are seen in one call a
 * poll (bench: "Waiting").
 */
const PAGE_SIZE = 500;

export interface ImportObservation {
	observed: Array<ObservedExecution<IDataObject>>;
	/** Watched executions the API no longer knows. */
	gone: string[];
	/** false: the poll ran out of time before the list's end or the watched ones (the next poll reads the import again). */
	complete: boolean;
}

/**
 * Lists one import's executions newest first, down to `floor` (a creation
 * date), then reads one by one the `watched` ones the list did not show. A page
 * that is not newest first (the API does not document the order) is not taken
 * as a reason to stop: the list is then read to its end.
 */
export async function observeImport(
	this: IPollFunctions,
	datamartId: string,
	importId: string,
	floor: number,
	watched: string[],
	outOfTime: () => boolean = () => false,
): Promise<ImportObservation> {
	const observed: Array<ObservedExecution<IDataObject>> = [];
	const path = executionsPath(datamartId, importId);
	for (let firstResult = 0; ; ) {
		if (outOfTime()) return { observed, gone: [], complete: false };
		const { data, total } = await apiRequestPage.call(this, path, firstResult, PAGE_SIZE);
		const seen = data.map((execution) => toObserved.call(this, importId, execution));
		observed.push(...seen);
		firstResult += data.length;
		const atEnd = data.length === 0 || (total !== undefined ? firstResult >= total : data.length < PAGE_SIZE);
		const newestFirst = seen.length > 0 && seen[0].created >= seen[seen.length - 1].created;
		const belowFloor = newestFirst && seen[seen.length - 1].created < floor;
		if (atEnd || belowFloor) break;
	}

	const listed = new Set(observed.map((execution) => execution.id));
	const gone: string[] = [];
	for (const executionId of watched.filter((id) => !listed.has(id))) {
		if (outOfTime()) return { observed, gone, complete: false };
		try {
			const execution = await apiRequest.call(this, 'GET', executionPath({ datamartId, importId, executionId }));
			observed.push(toObserved.call(this, importId, execution));
		} catch (error) {
			if (!(error instanceof NodeApiError)) throw new NodeOperationError(this.getNode(), error as Error);
			if (error.httpCode !== '404') throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			gone.push(executionId);
		}
	}
	return { observed, gone, complete: true };
}

/** The newest executions of an import, first page only (manual mode's sample). */
export async function newestExecutions(
	this: IPollFunctions,
	datamartId: string,
	importId: string,
): Promise<Array<ObservedExecution<IDataObject>>> {
	const { data } = await apiRequestPage.call(this, executionsPath(datamartId, importId), 0, PAGE_SIZE);
	return data.map((execution) => toObserved.call(this, importId, execution));
}

function toObserved(this: IPollFunctions, importId: string, execution: IDataObject): ObservedExecution<IDataObject> {
	return {
		importId,
		id: String(execution.id),
		finished: isTerminal(String(execution.status)),
		created: creationDate.call(this, execution),
		ended: epochMs(execution.end_date) ?? null,
		value: execution,
	};
}

/** Every documented execution has one; the trigger cannot tell new from old without it. */
function creationDate(this: IPollFunctions, execution: IDataObject): number {
	const created = epochMs(execution.creation_date);
	if (created === undefined) {
		throw new NodeOperationError(this.getNode(), `Execution ${String(execution.id)} has no creation_date`, {
			description: 'The trigger orders executions by their creation date (epoch milliseconds), as the API documents. Contact mediarithmics support if the API stopped sending it.',
		});
	}
	return created;
}

function epochMs(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
