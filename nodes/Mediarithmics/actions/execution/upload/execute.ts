import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isMimeType } from '../../../bulk';
import type { ExecutionRef } from '../executionFields';
import { executionsPath } from '../executionFields';
import { asNodeError } from '../../helpers';
import { reportFinished } from '../waitForCompletion.operation';
import { waitForExecutions } from '../waitForExecutions';
import { splitOptionsOf, uploadOptionsOf, waitOptionsOf } from './options';
import { dryRunItem } from './dryRun';
import { planJobs } from './plan';
import { UploadLedger } from './recover';
import { uploadFields } from './report';
import { deleteEmptyNewImport } from './emptyImport';
import { uploadJob } from './send';
import { createImportIfNew, resolveTarget } from './target';

/** Upload, stage by stage: target, plan (every input read and checked; a dry run stops there), create, send, recover, report, wait. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Options first: a bad one is found before any request, not after the parts are up.
	const options = uploadOptionsOf.call(this);
	const target = await resolveTarget.call(this);
	const mimeType = target.mimeType;
	if (!isMimeType(mimeType)) {
		throw new NodeOperationError(this.getNode(), `Document import ${target.importId} has an unknown format "${target.mimeType}"`);
	}
	const splitOptions = splitOptionsOf(options, { ...target, mimeType });

	const dryRun = options.dryRun === true;

	// Pass 1 for every job before anything is sent: bad input uploads nothing, not even a new import.
	const jobs = await planJobs.call(this, items, splitOptions, target, { dryRun });
	if (dryRun) {
		const plans: INodeExecutionData[] = [];
		for (const job of jobs) plans.push(await dryRunItem(job, target));
		return plans;
	}
	const createdImport = await createImportIfNew.call(this, target);

	const output: INodeExecutionData[] = [];
	// Filled by uploadJob as each part is accepted, so that a job that throws after part 1 is known to have put part 1 up.
	const refs: ExecutionRef[] = [];
	// What the import holds before and during the run, to settle unknown outcomes.
	const ledger = new UploadLedger(executionsPath(target.datamartId, target.importId!));
	await ledger.noteExisting(this, createdImport);
	try {
		for (const job of jobs) {
			output.push(...(await uploadJob.call(this, job, target, createdImport, ledger, refs)));
		}
	} catch (error) {
		// A new import that got nothing is not left behind (see emptyImport.ts); one with an accepted part is never deleted.
		if (createdImport && refs.length === 0 && error instanceof NodeOperationError) {
			error.description = [error.description, (await deleteEmptyNewImport.call(this, target)).sentence].filter(Boolean).join(' ');
		}
		throw asNodeError.call(this, error);
	}
	const failures = output.filter((item) => item.json.error !== undefined);
	if (createdImport && refs.length === 0 && failures.length > 0) {
		// Continue On Fail: the same, told in each failure item.
		const { deleted, sentence } = await deleteEmptyNewImport.call(this, target);
		for (const item of failures) Object.assign(item.json, { description: [item.json.description, sentence].filter(Boolean).join(' '), document_import_deleted: deleted });
	}
	// Once everything is up (the latest moment before the node's output), each part whose timed-out attempt
	// may still have been finished by the platform is looked for once more.
	await ledger.reportLateCopies(this);

	if (options.waitForCompletion) {
		const waitOptions = waitOptionsOf.call(this, options);
		const executionItems = output.filter((item) => item.json.part !== undefined);
		const finals = await waitForExecutions.call(this, refs, waitOptions);
		const waited = reportFinished.call(
			this,
			finals,
			refs,
			waitOptions.failOnLineErrors,
			(index) => (executionItems[index].pairedItem as { item: number }).item,
			(index) => uploadFields(executionItems[index].json),
		);
		return [...waited, ...output.filter((item) => item.json.part === undefined)];
	}
	return output;
}
