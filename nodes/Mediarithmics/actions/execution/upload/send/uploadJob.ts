import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiCall } from '../../../../transport';
import { errorItemJson } from '../../../helpers';
import { executionsPath, type ExecutionRef } from '../../executionFields';
import { asInputError } from '../input/inputError';
import { partBody } from './partBody';
import type { UploadLedger } from './uploadLedger';
import { jobFailure, partItem, skippedLinesItem } from '../report/outputItems';
import { plannedOf, type UploadJob, type UploadPart } from '../input/source';
import type { ImportTarget } from '../target';

/**
 * Sends the parts of one job in order, each as one execution, with the
 * transport's retries; a part whose attempt had an unknown outcome is settled
 * by the ledger. A failure stops the job and names the line to resume from.
 * Each accepted part's execution is added to `accepted` at once (not when the
 * job returns): a job that throws after part 1 must not pass for one that put
 * nothing up (the run would delete a new import holding part 1).
 */
export async function uploadJob(
	this: IExecuteFunctions,
	job: UploadJob,
	target: ImportTarget,
	createdImport: boolean,
	ledger: UploadLedger,
	accepted: ExecutionRef[],
	/** The Mirror option's lines: a failure says to run the mirror again, not to resume from a line. */
	mirror = false,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	const refs: ExecutionRef[] = [];
	const path = executionsPath(target.datamartId, target.importId!);
	let inputError: Error | undefined;
	const onInputError = (error: unknown): Error => {
		inputError = asInputError.call(this, error);
		return inputError;
	};
	let parts = job.parts.open(1);
	try {
		for (let next = await parts.next(); !next.done; next = await parts.next()) {
			const part = next.value;
			// An input error belongs to the attempt that met it: a later failure may have another cause.
			inputError = undefined;
			const firstBody = await partBody(part, job.parts.streamClass, onInputError);
			// Inputs opened again for retries: closed once the call is over, whether or not they were read.
			const reopened: Array<AsyncGenerator<UploadPart>> = [];
			// The part as the latest attempt read it: a part cut while sent is known (size, lines) once an attempt read it whole.
			let attempted: UploadPart = part;
			// A part cut while it is sent has no size yet: it goes with chunked transfer encoding.
			const size = Buffer.isBuffer(firstBody) ? firstBody.length : plannedOf(part)?.bytes;
			const callStartedAt = Date.now();
			const call = apiCall.call(this, 'POST', path, {
				// A retry needs the part's bytes again: a buffer is sent as is, a stream is read afresh from the input.
				body: async (attempt) => {
					if (attempt === 1 || Buffer.isBuffer(firstBody)) return firstBody;
					inputError = undefined;
					// (A generator that throws has closed itself: nothing to clean up on error.)
					const again = job.parts.open(part.index);
					reopened.push(again);
					attempted = (await again.next()).value as UploadPart;
					return await partBody(attempted, job.parts.streamClass, onInputError, again);
				},
				headers: { 'Content-Type': part.contentType, ...(size !== undefined ? { 'Content-Length': String(size) } : {}) },
				// A streamed part whose body was cut before its end has no record count yet: no execution can come of a body the server did not get whole.
				findCreated: async (since, deadline) => {
					const planned = plannedOf(attempted);
					if (planned === undefined) return undefined;
					// Field by field, not spread: a part read from the input keeps its line counts in getters, which a spread drops.
					const { index, lines, firstLine, lastLine } = planned;
					return await ledger.find(this, { index, lines, firstLine, lastLine, nextLine: job.parts.partStart(index + 1)?.firstLine }, since, deadline);
				},
			});
			const { body: envelope, report } = await call.finally(async () => {
				for (const generator of reopened) await generator.return(undefined);
			});
			const execution = (envelope as IDataObject).data as IDataObject;
			const planned = plannedOf(attempted);
			if (planned === undefined) throw new NodeOperationError(this.getNode(), `The platform answered before part ${part.index} was sent whole`);
			ledger.claim(String(execution.id));
			const ref: ExecutionRef = { datamartId: target.datamartId, importId: target.importId!, executionId: String(execution.id) };
			refs.push(ref);
			accepted.push(ref);
			items.push(partItem({ execution, target, createdImport, job, index: part.index, planned, report }));
			if (report.lateCopyPossible) ledger.watchForLateCopy({ item: items[items.length - 1], lines: planned.lines, since: callStartedAt });
			// After a failed attempt the input stream of this part may be half read: go on from a fresh one
			// (or stop, when this was the last part).
			if (report.attempts > 1 && !Buffer.isBuffer(firstBody)) {
				await parts.return(undefined);
				const count = job.parts.partCount();
				if (count !== undefined && part.index >= count) break;
				parts = job.parts.open(part.index + 1);
			}
		}
		// Parts cut while sent: how many there are is known now.
		for (const item of items) item.json.parts = job.parts.partCount() ?? null;
	} catch (caught) {
		const error = inputError ?? (caught as Error);
		const { message, description, created, resumeFromLine, unconfirmed } = jobFailure(job, refs, target, error, caught, mirror);
		await parts.return(undefined).catch(() => undefined);
		if (!this.continueOnFail()) {
			// The run ends here: a late copy of a part already up must be in the error too.
			const lateCopies = await ledger.reportLateCopies(this);
			throw new NodeOperationError(this.getNode(), message, { description: [description, ...lateCopies].join(' '), itemIndex: job.pairedItem });
		}
		items.push({
			json: {
				// The platform's status, error code and error id, as every operation's error item has them.
				...errorItemJson(error),
				error: message,
				description,
				created_executions: created,
				resume_from_line: resumeFromLine,
				...(unconfirmed ? { unconfirmed_executions: unconfirmed } : {}),
			},
			pairedItem: { item: job.pairedItem },
		});
	}
	if (job.plan !== undefined && job.plan.invalidLineCount > 0) items.push(skippedLinesItem(job.plan, job, target));
	return items;
}
