/**
 * The mirror's import as its journal (docs/mirror.md, Never wrong for good), read at the start of a
 * run: every execution the state cannot vouch for has its input file read back and the members it
 * names marked uncertain, so a run that failed after some parts went in (and output no state) is
 * repaired by the next one whatever state it is handed.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkJournal, markTouched, nextJournal, type ImportExecution, type MemberTable, type MirrorJournal } from '../../../../bulk';
import { apiDownload, apiRequestAllItems } from '../../../../transport';
import { executionsPath } from '../../executionFields';
import { asInputError } from '../input/inputError';
import type { ImportTarget } from '../target';

/** An execution of the mirror's import as listed, with the file its lines came from. */
export interface ListedExecution extends ImportExecution {
	inputFileUri?: string;
}

/** Every execution of the mirror's import (the executions list, all pages). */
export async function listImportExecutions(this: IExecuteFunctions, target: ImportTarget): Promise<ListedExecution[]> {
	const listed = await apiRequestAllItems.call(this, executionsPath(target.datamartId, target.importId!));
	return listed.map((execution) => {
		const result = (execution.result ?? undefined) as IDataObject | undefined;
		const parameters = (execution.parameters ?? undefined) as IDataObject | undefined;
		const uri = result?.input_file_uri ?? parameters?.file_uri;
		return {
			id: String(execution.id),
			creationDate: Number(execution.creation_date),
			status: String(execution.status),
			totalFailure: typeof result?.total_failure === 'number' ? result.total_failure : undefined,
			inputFileUri: typeof uri === 'string' ? uri : undefined,
		};
	});
}

/**
 * The state's members with every member named by an execution it cannot vouch for marked uncertain.
 * Stops (nothing sent) while an execution of the import is unfinished: its lines and this run's could
 * be applied in either order.
 */
export async function foldJournal(
	this: IExecuteFunctions,
	target: ImportTarget,
	journal: MirrorJournal | undefined,
	members: MemberTable | undefined,
	executions: ListedExecution[],
): Promise<MemberTable | undefined> {
	const check = checkJournal(journal, executions);
	const byId = new Map(executions.map((execution) => [execution.id, execution]));
	if (check.running.length > 0) {
		const first = byId.get(check.running[0])!;
		const more = check.running.length > 1 ? ` (and ${check.running.length - 1} more)` : '';
		throw new NodeOperationError(this.getNode(), `Execution ${first.id} of document import ${target.importId} is still ${first.status}${more}: the mirror sends nothing until it has finished`, {
			description:
				'Lines of a run still being applied and lines of this run could land in either order. Wait for it (Execution > Wait for Completion, or run again later); nothing was sent.',
		});
	}
	const touched: Array<Record<string, unknown>> = [];
	for (const id of check.toRead) touched.push(...(await inputLines.call(this, target, byId.get(id)!)));
	try {
		return markTouched(members, touched);
	} catch (error) {
		// A line that names no member (another writer's file on the mirror's import): a clear error, nothing sent.
		throw asInputError.call(this, error);
	}
}

/** The journal the new state records: every execution listed now is known, the run's own stay pending until seen clean. */
export async function journalAfterRun(
	this: IExecuteFunctions,
	target: ImportTarget,
	listedAtStart: ListedExecution[],
	createdByRun: string[],
): Promise<MirrorJournal> {
	const executionsNow = createdByRun.length > 0 ? await listImportExecutions.call(this, target) : listedAtStart;
	return nextJournal(executionsNow, createdByRun);
}

/** The lines of an execution's input file, read back through the API. */
async function inputLines(this: IExecuteFunctions, target: ImportTarget, execution: ListedExecution): Promise<Array<Record<string, unknown>>> {
	const uri = execution.inputFileUri;
	// Only the platform's own file URIs, fetched through the configured API URL: never a URL from a response.
	if (uri === undefined || !uri.startsWith('mics://')) {
		throw new NodeOperationError(this.getNode(), `Execution ${execution.id} of document import ${target.importId} names no readable input file`, {
			description: 'The mirror reads back the lines of the executions its state does not know (a mics:// input file URI). Contact mediarithmics support.',
		});
	}
	const text = (await apiDownload.call(this, '/v1/data_file/data', { uri })).toString('utf8');
	return text.split('\n').flatMap((line, index) => {
		if (line.trim() === '') return [];
		try {
			return [JSON.parse(line) as Record<string, unknown>];
		} catch {
			throw new NodeOperationError(this.getNode(), `Line ${index + 1} of execution ${execution.id}'s input file is not JSON`, {
				description: 'The mirror reads back the lines of its own document import: upload only mirror lines to it.',
			});
		}
	});
}
