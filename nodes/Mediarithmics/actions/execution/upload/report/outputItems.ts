import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { InvalidLine, PartPlan, PlannedPart } from '../../../../bulk';
import { failedCallReportOf, type CallReport } from '../../../../transport';
import type { ExecutionRef } from '../../executionFields';
import { UploadOutcomeUnknownError, uploadOutcomeOf } from '../send/uploadLedger';
import type { UploadJob } from '../input/source';
import type { ImportTarget } from '../target';

/** The upload bookkeeping every output item carries (kept when Wait for Completion replaces the execution). */
export function uploadFields(json: IDataObject): IDataObject {
	const keys = ['document_import_id', 'document_import_name', 'document_import_created', 'datamart_id', 'part', 'parts', 'lines', 'bytes', 'firstLine', 'lastLine', 'uploadOutcome', 'retries', 'lateCopy'];
	return Object.fromEntries(keys.filter((key) => key in json).map((key) => [key, json[key]]));
}

/** The output item of one uploaded part: the execution the platform created, and what it holds. */
export function partItem(args: {
	execution: IDataObject;
	target: ImportTarget;
	createdImport: boolean;
	job: UploadJob;
	index: number;
	planned: PlannedPart;
	report: CallReport;
}): INodeExecutionData {
	const { execution, target, job, planned, report } = args;
	return {
		json: {
			...execution,
			...uploadFields({
				document_import_id: target.importId,
				document_import_name: target.name,
				document_import_created: args.createdImport,
				datamart_id: target.datamartId,
				part: args.index,
				parts: job.parts.partCount() ?? null,
				lines: planned.lines,
				bytes: planned.bytes,
				firstLine: planned.firstLine,
				lastLine: planned.lastLine,
				uploadOutcome: uploadOutcomeOf(report),
				retries: report.retries.map((retry) => `attempt ${retry.attempt}: ${retry.reason}`),
			}),
		},
		pairedItem: { item: job.pairedItem },
	};
}

/** How a mirror goes on after a failure: its lines are a difference, not the input's lines, and it must see the whole list. */
export const MIRROR_RESUME = (importId: string | undefined) =>
	`Run the mirror again (the same list with the state this run was handed, or a newer list): it reads back what was sent from the executions of document import ${importId} and sends whatever the list still needs; UPDATE and DELETE lines are idempotent, so nothing is imported twice.`;

/**
 * Why a job stopped, and how to go on: which parts are up (as which
 * executions), and the input line to resume from; for a mirror, running it again.
 */
export function jobFailure(job: UploadJob, refs: ExecutionRef[], target: ImportTarget, error: Error, caught: unknown, mirror = false) {
	// Parts go up in order, so the one that failed is the first without an execution.
	const failed = job.parts.partStart(refs.length + 1);
	const created = refs.map((ref) => ref.executionId);
	const total = job.parts.partCount();
	// An outcome that could not be settled: the part may be in an execution (named in the error's description).
	const unsettled = error instanceof UploadOutcomeUnknownError ? error : undefined;
	// The last attempt may have been done, and the check after it failed: nothing is known of the part.
	const unchecked = unsettled === undefined && failedCallReportOf(caught)?.outcomeUnknown === true;
	// Every part already has an execution (the input failed a check at its very end): say so, never "part N+1 of N".
	const allUp = total !== undefined && created.length >= total;
	const message = allUp
		? `All ${total} parts of the ${job.label} were uploaded, then the run stopped: ${error.message}`
		: `Part ${failed?.index ?? refs.length + 1}${total !== undefined ? ` of ${total}` : ''} of the ${job.label} ${unsettled || unchecked ? 'may or may not have been uploaded' : 'was not uploaded'}: ${error.message}`;
	if (mirror) {
		const description = [
			created.length
				? `Parts 1 to ${created.length} of the mirror's lines were uploaded as executions ${created.join(', ')} of document import ${target.importId}.`
				: `Nothing was uploaded to document import ${target.importId}.`,
			MIRROR_RESUME(target.importId),
			(error as { description?: string }).description ?? '',
		]
			.filter(Boolean)
			.join(' ');
		return { message, description, created, resumeFromLine: null, unconfirmed: unsettled?.executionIds };
	}
	const description = [
		created.length
			? `Parts 1 to ${created.length} were uploaded as executions ${created.join(', ')} of document import ${target.importId}.`
			: `Nothing of this input was uploaded to document import ${target.importId}.`,
		allUp ? 'Every part is up: running this input again into this import would import its lines twice.' : '',
		failed && unchecked
			? `Before resuming, list the executions of document import ${target.importId}: if one created at the failed attempt holds the lines of part ${failed.index}, go on after them; if none does, upload again from line ${failed.firstLine} (set Start From Input Line to ${failed.firstLine}).`
			: '',
		failed && !unsettled && !unchecked
			? `To resume, upload again from line ${failed.firstLine} of the input (part ${failed.index}): set Start From Input Line to ${failed.firstLine} and run the upload again into document import ${target.importId}.`
			: '',
		// The platform is not stopped by a timeout: resuming blindly could then send this part twice.
		failed && failedCallReportOf(caught)?.lateCopyPossible
			? `An attempt of part ${failed.index} timed out and was not found done, but the platform may still finish it: before resuming, list the executions of document import ${target.importId}; if a new one holds the lines of part ${failed.index}, resume after them instead.`
			: '',
		(error as { description?: string }).description ?? '',
	]
		.filter(Boolean)
		.join(' ');
	return { message, description, created, resumeFromLine: failed?.firstLine ?? null, unconfirmed: unsettled?.executionIds };
}

/** With Invalid Lines = Skip: one item listing every skipped line with its number and reason. */
export function skippedLinesItem(plan: PartPlan, job: UploadJob, target: ImportTarget): INodeExecutionData {
	const skipped: InvalidLine[] = [...plan.invalidLines];
	return {
		json: {
			skipped_lines: skipped,
			skipped_line_count: plan.invalidLineCount,
			skipped_lines_listed: skipped.length,
			document_import_id: target.importId,
			input: job.label,
		},
		pairedItem: { item: job.pairedItem },
	};
}
