/*
 * Upload, stage by stage (docs/development.md walks one upload through these files):
 *
 *  1. options.ts, target.ts  the options checked, the import resolved (or named to be created).
 *  2. input/                 one module per Input mode, each an UploadSource (input/source.ts) chosen by
 *                            input/planJobs.ts: binaryFile, items (items, and items mapped to lines),
 *                            recordsFromFile (a CSV or NDJSON file's records mapped to lines, with
 *                            recordInput), urlFile (url/: the download). Its plan() is pass 1: it reads
 *                            the whole input and hands back UploadJobs, each with its part plan.
 *  3. lines/                 Build Lines From Fields: one builder per line type (lineFields.ts), and
 *                            mapping/ (parameters read without n8n's per-item evaluation).
 *  4. check, cut             in the bulk/ domain: bulk/rules/checkLine.ts checks each line,
 *                            bulk/split/ cuts the parts (two passes, or one without validation).
 *     A dry run stops here: report/dryRun.ts.
 *  5. send/                  uploadJob.ts sends each part as one execution through transport's apiCall
 *                            (retries); partBody.ts makes the HTTP body; uploadLedger.ts settles an
 *                            attempt whose outcome is unknown; rerun.ts keeps n8n's Retry On Fail from
 *                            uploading twice.
 *  6. report/                outputItems.ts (an item per part, a failure naming the line to resume from,
 *                            the skipped lines), emptyImport.ts (a new import that got nothing is deleted),
 *                            waitFailure.ts; waiting is ../waitForExecutions.ts, reported by ../reportFinished.ts.
 *
 * Callbacks, where a later stage calls back into an earlier one:
 *  - job.parts, a PartSource (input/source.ts): open(fromPart) is pass 2, run by send/uploadJob.ts, which
 *    opens the input again from a part for each retry of a streamed part; partStart(index) and partCount()
 *    say where a part starts and how many there are (known up front, or as a one-pass cut goes).
 *  - apiCall's body(attempt) (send/uploadJob.ts): the part's bytes again for a retry;
 *    findCreated(since, deadline): asks the ledger whether a lost attempt created an execution.
 *  - onInputError (send/uploadJob.ts): an input that fails while a part is read is the error told, not the request's.
 *  - bulk/split/records/recordParts.ts takes records from a RecordInput (input/recordInput.ts) through a sink;
 *    each record's line is written on demand by writeLine (lines/mapping/recordLines.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isMimeType } from '../../../bulk';
import { executionsPath, type ExecutionRef } from '../executionFields';
import { asNodeError } from '../../helpers';
import { reportFinished } from '../reportFinished';
import { checkedWaitOptions } from '../optionChecks';
import { waitForExecutions } from '../waitForExecutions';
import { splitOptionsOf, uploadOptionsOf } from './options';
import { dryRunItem } from './report/dryRun';
import { planJobs } from './input/planJobs';
import { UploadLedger } from './send/uploadLedger';
import { uploadFields } from './report/outputItems';
import { deleteEmptyNewImport } from './report/emptyImport';
import { uploadJob } from './send/uploadJob';
import { assertEncodingServed, createImportIfNew, resolveTarget } from './target';
import { earlierRun, rememberRun, replay } from './send/rerun';
import { waitFailureError, waitFailureItems } from './report/waitFailure';
import { mirrorDryRunItem, mirrorStateItem, planMirror } from './mirror/mirrorStage';
import { mirrorOptionOf } from './mirror/mirrorSettings';

/** What a run has put up so far: a try of n8n's Retry On Fail after it must send nothing (send/rerun.ts). */
interface Progress {
	refs: ExecutionRef[];
	newImportLeft: boolean;
}

/** Upload once per node run, whatever n8n's Retry On Fail does (see send/rerun.ts). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const earlier = earlierRun(this);
	if (earlier) return replay(this, earlier);
	const progress: Progress = { refs: [], newImportLeft: false };
	const putUp = () => progress.refs.length > 0 || progress.newImportLeft;
	try {
		const output = await upload.call(this, items, progress);
		if (putUp()) rememberRun(this, { output });
		return output;
	} catch (error) {
		const nodeError = asNodeError.call(this, error);
		if (putUp()) rememberRun(this, { error: nodeError });
		throw nodeError;
	}
}

/** Upload, stage by stage: target, plan (every input read and checked; a dry run stops there), create, send, recover, report, wait. */
async function upload(this: IExecuteFunctions, items: INodeExecutionData[], progress: Progress): Promise<INodeExecutionData[]> {
	// Options first: a bad one is found before any request, not after the parts are up.
	const options = uploadOptionsOf.call(this);
	const target = await resolveTarget.call(this);
	const mimeType = target.mimeType;
	if (!isMimeType(mimeType)) {
		throw new NodeOperationError(this.getNode(), `Document import ${target.importId} has an unknown format "${target.mimeType}"`);
	}
	const splitOptions = splitOptionsOf(options, { ...target, mimeType });
	assertEncodingServed.call(this, target, splitOptions.validate !== false);

	const dryRun = options.dryRun === true;

	// Pass 1 for every job before anything is sent: bad input uploads nothing, not even a new import.
	const mirror = mirrorOptionOf(options) ? await planMirror.call(this, items, options, splitOptions, target) : undefined;
	if (mirror && dryRun) return [mirrorDryRunItem(mirror)];
	// The segment already equals the list: nothing to send, the state is output as it stands.
	if (mirror && !mirror.job) return [await mirrorStateItem.call(this, mirror, true)];
	const jobs = mirror?.job ? [mirror.job] : await planJobs.call(this, items, splitOptions, target, { dryRun });
	if (dryRun) {
		const plans: INodeExecutionData[] = [];
		for (const job of jobs) plans.push(await dryRunItem(job, target));
		return plans;
	}
	const createdImport = await createImportIfNew.call(this, target);
	progress.newImportLeft = createdImport;

	const output: INodeExecutionData[] = [];
	// Filled by uploadJob as each part is accepted, so that a job that throws after part 1 is known to have put part 1 up.
	const refs = progress.refs;
	// What the import holds before and during the run, to settle unknown outcomes.
	const ledger = new UploadLedger(executionsPath(target.datamartId, target.importId!));
	await ledger.noteExisting(this, createdImport);
	try {
		for (const job of jobs) {
			output.push(...(await uploadJob.call(this, job, target, createdImport, ledger, refs, mirror !== undefined)));
		}
	} catch (error) {
		// A new import that got nothing is not left behind (see report/emptyImport.ts); one with an accepted part is never deleted.
		if (createdImport && refs.length === 0 && error instanceof NodeOperationError) {
			const { deleted, sentence } = await deleteEmptyNewImport.call(this, target);
			progress.newImportLeft = !deleted;
			error.description = [error.description, sentence].filter(Boolean).join(' ');
		}
		throw asNodeError.call(this, error);
	}
	const failures = output.filter((item) => item.json.error !== undefined);
	if (createdImport && refs.length === 0 && failures.length > 0) {
		// Continue On Fail: the same, told in each failure item.
		const { deleted, sentence } = await deleteEmptyNewImport.call(this, target);
		progress.newImportLeft = !deleted;
		for (const item of failures) Object.assign(item.json, { description: [item.json.description, sentence].filter(Boolean).join(' '), document_import_deleted: deleted });
	}
	// Once everything is up (the latest moment before the node's output), each part whose timed-out attempt
	// may still have been finished by the platform is looked for once more.
	await ledger.reportLateCopies(this);

	if (options.waitForCompletion) {
		const waitOptions = checkedWaitOptions(this.getNode(), options);
		const executionItems = output.filter((item) => item.json.part !== undefined);
		let finals: IDataObject[];
		try {
			finals = await waitForExecutions.call(this, refs, waitOptions);
		} catch (caught) {
			const error = asNodeError.call(this, caught);
			if (!this.continueOnFail()) throw waitFailureError(this.getNode(), refs, target, error);
			// Each part's item in its place, with the failure; the other items (a failed job's, skipped lines) as they were.
			return [...waitFailureItems(executionItems, refs, target, error), ...output.filter((item) => !executionItems.includes(item))];
		}
		const waited = reportFinished.call(
			this,
			finals,
			refs,
			waitOptions.failOnLineErrors,
			(index) => (executionItems[index].pairedItem as { item: number }).item,
			(index) => uploadFields(executionItems[index].json),
		);
		const result = [...waited, ...output.filter((item) => item.json.part === undefined)];
		const confirmed = finals.every((final) => final.status === 'SUCCEEDED' && (final.result as IDataObject | undefined)?.total_failure === 0);
		return mirror ? [...result, await mirrorStateItem.call(this, mirror, confirmed && executionItems.length === output.length, createdIds(refs))] : result;
	}
	return mirror ? [...output, await mirrorStateItem.call(this, mirror, false, createdIds(refs))] : output;
}

/** The executions this run created, pending in the mirror's journal until seen finished cleanly. */
function createdIds(refs: ExecutionRef[]): string[] {
	return refs.map((ref) => ref.executionId);
}
