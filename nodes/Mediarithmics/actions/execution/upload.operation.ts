import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	BulkInputError,
	fileFormatOf,
	InputChangedError,
	invalidLinesError,
	isMimeType,
	encodeItemParts,
	planParts,
	readParts,
} from '../../bulk';
import type { InvalidLine, Part, PartPlan, PlannedPart, SplitOptions } from '../../bulk';
import { checkInputStart, OnePassProgress, streamParts, type StreamedPart } from '../../bulk/onePassSplit';
import { apiCall, apiRequest, failedCallReportOf } from '../../transport';
import { UploadLedger, UploadOutcomeUnknownError, uploadOutcomeOf } from './uploadRecovery';
import { datamartLocator, documentImportLocator, documentTypeOptions, mimeTypeOptions } from '../common.descriptions';
import { documentImportPath, errorItemJson, locatorValue } from '../helpers';
import { createDocumentImport } from '../documentImport/createDocumentImport';
import { assertMimeTypeAllowed, definedFields, documentImportOptionFields } from '../documentImport/fields';
import { executionsPath, type ExecutionRef } from './executionFields';
import { buildLine, lineFieldProperties } from './lineFields';
import { binarySource, collect, isReadable, toReadable } from './uploadSource';
import { reportFinished } from './waitForCompletion.operation';
import { DEFAULT_WAIT_OPTIONS, waitForExecutions, waitOptionFields, type WaitOptions } from './waitForExecutions';

const MB = 1000 * 1000;

const properties: INodeProperties[] = [
	{
		displayName:
			'Files are split into parts of at most Max Part Size (100 MB, as the platform advises); each part becomes one execution. Create one new document import per batch, e.g. per night.',
		name: 'uploadNotice',
		type: 'notice',
		default: '',
	},
	datamartLocator,
	{
		displayName: 'Upload To',
		name: 'target',
		type: 'options',
		options: [
			{ name: 'Existing Document Import', value: 'existing', description: 'Upload to a document import that exists' },
			{ name: 'New Document Import', value: 'new', description: 'Create a document import for this batch, then upload to it' },
		],
		default: 'existing',
		description: 'The platform advises a new document import per batch, e.g. one per night',
	},
	{ ...documentImportLocator, displayOptions: { show: { target: ['existing'] } } },
	{
		displayName: 'New Import Name',
		name: 'newImportName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. User profiles from CRM - {{ $now.toISODate() }}',
		displayOptions: { show: { target: ['new'] } },
	},
	{
		displayName: 'Document Type',
		name: 'newImportDocumentType',
		type: 'options',
		options: documentTypeOptions,
		default: 'USER_SEGMENT',
		displayOptions: { show: { target: ['new'] } },
	},
	{
		displayName: 'Format',
		name: 'newImportMimeType',
		type: 'options',
		options: mimeTypeOptions,
		default: 'APPLICATION_X_NDJSON',
		description: 'CSV is accepted for User Segment only',
		displayOptions: { show: { target: ['new'] } },
	},
	{
		displayName: 'New Import Options',
		name: 'newImportOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: documentImportOptionFields,
		displayOptions: { show: { target: ['new'] } },
	},
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file of each input item (NDJSON or CSV), streamed' },
			{ name: 'Items as Lines', value: 'items', description: 'The JSON of each input item is one line; all items go in one upload' },
			{ name: 'Build Lines From Fields', value: 'fields', description: 'Map item fields to the parts of a line of any documented type (segment, profile, activity, choice, deletion, association)' },
		],
		default: 'binary',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { inputMode: ['binary'] } },
		hint: 'The name of the input binary field holding the file',
	},
	...lineFieldProperties,
	{
		displayName: 'Options',
		name: 'uploadOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'CSV Has Header Line',
				name: 'csvHasHeader',
				type: 'boolean',
				default: true,
				description: 'Whether the first line of a CSV file names its columns. It is repeated at the start of every part.',
			},
			{
				displayName: 'Invalid Lines',
				name: 'invalidLines',
				type: 'options',
				options: [
					{ name: 'Stop Before Upload', value: 'stop', description: 'Upload nothing and name the invalid lines' },
					{ name: 'Skip and Report', value: 'skip', description: 'Upload the valid lines; output each skipped line with its reason' },
				],
				default: 'stop',
			},
			{
				displayName: 'Max Part Size (MB)',
				name: 'maxPartMegabytes',
				type: 'number',
				typeOptions: { minValue: 0.001 },
				default: 100,
				description: 'Largest part uploaded as one execution, in MB (1,000,000 bytes). The platform advises at most 100.',
			},
			{
				displayName: 'Validate Lines',
				name: 'validate',
				type: 'boolean',
				default: true,
				description: "Whether to check every line against the document type's rules before anything is sent",
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: false,
				description: 'Whether to wait until every execution has finished and output their results',
			},
			...waitOptionFields.map((field) => ({ ...field, displayOptions: { show: { waitForCompletion: [true] } } })),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['execution'], operation: ['upload'] } }, properties);

interface ImportTarget {
	datamartId: string;
	importId?: string;
	documentType: string;
	mimeType: string;
	name?: string;
}

/** Which import the data goes to: read it (existing) or describe it (new, created only once the data is known to be valid). */
async function resolveTarget(this: IExecuteFunctions): Promise<ImportTarget> {
	const datamartId = locatorValue.call(this, 'datamart', 0);
	if (this.getNodeParameter('target', 0) === 'existing') {
		const importId = locatorValue.call(this, 'documentImport', 0);
		const existing = await apiRequest.call(this, 'GET', documentImportPath(datamartId, importId));
		return { datamartId, importId, documentType: String(existing.document_type), mimeType: String(existing.mime_type), name: String(existing.name) };
	}
	const documentType = this.getNodeParameter('newImportDocumentType', 0) as string;
	const mimeType = this.getNodeParameter('newImportMimeType', 0) as string;
	assertMimeTypeAllowed.call(this, documentType, mimeType, 0);
	return { datamartId, documentType, mimeType, name: this.getNodeParameter('newImportName', 0) as string };
}

async function createImportIfNew(this: IExecuteFunctions, target: ImportTarget): Promise<boolean> {
	if (target.importId) return false;
	const created = await createDocumentImport.call(this, target.datamartId, {
		document_type: target.documentType,
		mime_type: target.mimeType,
		encoding: 'utf-8',
		name: target.name,
		...definedFields(this.getNodeParameter('newImportOptions', 0, {}) as IDataObject),
	});
	target.importId = String(created.id);
	return true;
}

/**
 * A part as the upload sees it: planned before the upload (two passes, or
 * items), or cut while it is sent (one pass, a file without validation), whose
 * size and record count are known once its stream has been read.
 */
type UploadPart = Part | StreamedPart;

/** A whole upload: one run of the split (one file, or all items), its parts, and what became of them. */
interface UploadJob {
	label: string;
	/** The plan from the first pass; undefined when the parts are cut while sent (one pass). */
	plan?: PartPlan;
	/** The parts from part `fromPart` (1-based) on, each time read afresh from the input. */
	parts: (fromPart: number) => AsyncGenerator<UploadPart>;
	/** Where part `index` starts, once known (to name the line to resume from), and how many parts there are, once known. */
	partStart: (index: number) => { index: number; firstLine: number } | undefined;
	partCount: () => number | undefined;
	/** The input item(s) the outputs pair with. */
	pairedItem: number;
}

/** What a part turned out to hold: known before the upload for a planned part, after its stream was read for a streamed one. */
function plannedOf(part: UploadPart): PlannedPart | undefined {
	return 'planned' in part ? part.planned : part;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const target = await resolveTarget.call(this);
	if (!isMimeType(target.mimeType)) {
		throw new NodeOperationError(this.getNode(), `Document import ${target.importId} has an unknown format "${target.mimeType}"`);
	}
	const options = this.getNodeParameter('uploadOptions', 0, {}) as IDataObject;
	const splitOptions: SplitOptions = {
		maxPartBytes: Math.floor(Number(options.maxPartMegabytes ?? 100) * MB),
		documentType: target.documentType,
		format: fileFormatOf(target.mimeType),
		csvHasHeader: (options.csvHasHeader as boolean | undefined) ?? true,
		validate: (options.validate as boolean | undefined) ?? true,
		invalidLines: (options.invalidLines as 'stop' | 'skip' | undefined) ?? 'stop',
		// Every skipped line is reported; "stop" names the first ones only.
		maxReportedErrors: options.invalidLines === 'skip' ? 100_000 : 20,
	};

	// Pass 1 for every job before anything is sent: bad input uploads nothing, not even a new import.
	const jobs = await planJobs.call(this, items, splitOptions, target);
	const createdImport = await createImportIfNew.call(this, target);

	const output: INodeExecutionData[] = [];
	const refs: ExecutionRef[] = [];
	// What the import holds before and during the run, to settle unknown outcomes.
	const ledger = new UploadLedger(executionsPath(target.datamartId, target.importId!));
	await ledger.noteExisting(this, createdImport);
	for (const job of jobs) {
		const uploaded = await uploadJob.call(this, job, target, createdImport, ledger);
		output.push(...uploaded.items);
		refs.push(...uploaded.refs);
	}
	// Once everything is up (the latest moment before the node's output), each part whose timed-out attempt
	// may still have been finished by the platform is looked for once more.
	await ledger.reportLateCopies(this);

	if (options.waitForCompletion) {
		const waitOptions: WaitOptions = {
			pollIntervalSeconds: (options.pollIntervalSeconds as number | undefined) ?? DEFAULT_WAIT_OPTIONS.pollIntervalSeconds,
			timeoutSeconds: (options.timeoutSeconds as number | undefined) ?? DEFAULT_WAIT_OPTIONS.timeoutSeconds,
			failOnLineErrors: (options.failOnLineErrors as boolean | undefined) ?? DEFAULT_WAIT_OPTIONS.failOnLineErrors,
		};
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

async function planJobs(this: IExecuteFunctions, items: INodeExecutionData[], splitOptions: SplitOptions, target: ImportTarget): Promise<UploadJob[]> {
	const mode = this.getNodeParameter('inputMode', 0) as string;
	try {
		if (mode === 'binary') {
			const jobs: UploadJob[] = [];
			for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
				const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
				const source = await binarySource.call(this, items[itemIndex], itemIndex, property);
				const label = `file "${source.fileName}" of item ${itemIndex + 1}`;
				if (!splitOptions.validate) {
					// Nothing to check: one pass, each part cut while it is sent (bulk/onePassSplit.ts).
					// Only the start is read now, so that an empty file creates nothing.
					await checkInputStart(await source.open(), splitOptions);
					const progress = new OnePassProgress();
					jobs.push({
						label,
						pairedItem: itemIndex,
						parts: async function* (fromPart: number) {
							const stream = await source.open();
							for await (const part of streamParts(stream, splitOptions, progress, fromPart)) yield isReadable(stream) ? withTemplate(part, stream) : part;
						},
						partStart: (index) => {
							const start = progress.starts.get(index);
							return start && { index, firstLine: start.firstLine };
						},
						partCount: () => progress.partCount,
					});
					continue;
				}
				const plan = refuseInvalidLines(await planParts(await source.open(), splitOptions));
				jobs.push({ label, plan, pairedItem: itemIndex, ...plannedParts(plan), parts: async function* (fromPart: number) {
					const stream = await source.open();
					for await (const part of readParts(stream, plan, { fromPart })) yield isReadable(stream) ? withTemplate(part, stream) : part;
				} });
			}
			return jobs;
		}
		const values = mode === 'items' ? items.map((item) => item.json) : items.map((_item, itemIndex) => buildLine.call(this, itemIndex));
		if (mode === 'fields') {
			const lineType = this.getNodeParameter('lineDocumentType', 0) as string;
			if (lineType !== target.documentType) {
				throw new NodeOperationError(this.getNode(), `The lines built are ${lineType} commands but the document import is ${target.documentType}`, {
					description: 'Choose the Line Type that matches the document import, or another import.',
				});
			}
		}
		const { plan, parts } = await encodeItemParts(values, splitOptions);
		refuseInvalidLines(plan);
		return [{ label: `${items.length} items`, plan, pairedItem: 0, ...plannedParts(plan), parts: async function* (fromPart) {
			yield* parts.slice(fromPart - 1);
		} }];
	} catch (error) {
		throw asInputError.call(this, error);
	}
}

/** Where the parts of a plan start, and how many there are: known before the upload. */
function plannedParts(plan: PartPlan): Pick<UploadJob, 'partStart' | 'partCount'> {
	return {
		partStart: (index) => plan.parts[index - 1],
		partCount: () => plan.parts.length,
	};
}

/** With Invalid Lines = Stop, any invalid line ends the run here: before any import or execution is created. */
function refuseInvalidLines(plan: PartPlan): PartPlan {
	const refused = invalidLinesError(plan);
	if (refused) throw refused;
	return plan;
}

/**
 * The HTTP body of a part: a stream when the input is (n8n's binary store),
 * else the part in memory (at most Max Part Size). `owner`, when given, is
 * closed once the stream has been read.
 */
async function partBody(part: UploadPart, onInputError: (error: unknown) => Error, owner?: AsyncGenerator<UploadPart>): Promise<Buffer | NodeJS.ReadableStream> {
	const template = (part as UploadPart & { template?: unknown }).template;
	const chunks = (async function* () {
		try {
			yield* part.stream();
		} catch (error) {
			// Reading the input failed, or found it wrong (e.g. a line larger than a part, without validation):
			// that, not the cut request, is what the user must hear about.
			throw onInputError(error);
		}
	})();
	if (!template || !isReadable(template)) {
		const bytes = await collect(chunks);
		await owner?.return(undefined);
		return bytes;
	}
	return toReadable(
		template,
		(async function* () {
			try {
				yield* chunks;
			} finally {
				await owner?.return(undefined);
			}
		})(),
	);
}

/** Remembers the input stream so that the part's body can be a Readable of the same family. */
function withTemplate<T extends UploadPart>(part: T, template: unknown): T {
	return Object.assign(Object.create(part) as T, { template });
}

async function uploadJob(
	this: IExecuteFunctions,
	job: UploadJob,
	target: ImportTarget,
	createdImport: boolean,
	ledger: UploadLedger,
): Promise<{ items: INodeExecutionData[]; refs: ExecutionRef[] }> {
	const items: INodeExecutionData[] = [];
	const refs: ExecutionRef[] = [];
	const path = executionsPath(target.datamartId, target.importId!);
	let inputError: Error | undefined;
	const onInputError = (error: unknown): Error => {
		inputError = asInputError.call(this, error);
		return inputError;
	};
	let parts = job.parts(1);
	try {
		for (let next = await parts.next(); !next.done; next = await parts.next()) {
			const part = next.value;
			// An input error belongs to the attempt that met it: a later failure may have another cause.
			inputError = undefined;
			const firstBody = await partBody(part, onInputError);
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
					const again = job.parts(part.index);
					reopened.push(again);
					attempted = (await again.next()).value as UploadPart;
					return await partBody(attempted, onInputError, again);
				},
				headers: { 'Content-Type': part.contentType, ...(size !== undefined ? { 'Content-Length': String(size) } : {}) },
				// A streamed part whose body was cut before its end has no record count yet: no execution can come of a body the server did not get whole.
				findCreated: async (since, deadline) => {
					const planned = plannedOf(attempted);
					return planned === undefined ? undefined : await ledger.find(this, planned, since, deadline);
				},
			});
			const { body: envelope, report } = await call.finally(async () => {
				for (const generator of reopened) await generator.return(undefined);
			});
			const execution = (envelope as IDataObject).data as IDataObject;
			const planned = plannedOf(attempted);
			if (planned === undefined) throw new NodeOperationError(this.getNode(), `The platform answered before part ${part.index} was sent whole`);
			ledger.claim(String(execution.id));
			refs.push({ datamartId: target.datamartId, importId: target.importId!, executionId: String(execution.id) });
			items.push({
				json: {
					...execution,
					...uploadFields({
						document_import_id: target.importId,
						document_import_name: target.name,
						document_import_created: createdImport,
						datamart_id: target.datamartId,
						part: part.index,
						parts: job.partCount() ?? null,
						lines: planned.lines,
						bytes: planned.bytes,
						firstLine: planned.firstLine,
						lastLine: planned.lastLine,
						uploadOutcome: uploadOutcomeOf(report),
						retries: report.retries.map((retry) => `attempt ${retry.attempt}: ${retry.reason}`),
					}),
				},
				pairedItem: { item: job.pairedItem },
			});
			if (report.lateCopyPossible) ledger.watchForLateCopy({ item: items[items.length - 1], lines: planned.lines, since: callStartedAt });
			// After a failed attempt the input stream of this part may be half read: go on from a fresh one
			// (or stop, when this was the last part).
			if (report.attempts > 1 && !Buffer.isBuffer(firstBody)) {
				await parts.return(undefined);
				const count = job.partCount();
				if (count !== undefined && part.index >= count) break;
				parts = job.parts(part.index + 1);
			}
		}
		// Parts cut while sent: how many there are is known now.
		for (const item of items) item.json.parts = job.partCount() ?? null;
	} catch (caught) {
		const error = inputError ?? (caught as Error);
		// Parts go up in order, so the one that failed is the first without an execution.
		const failed = job.partStart(refs.length + 1);
		const created = refs.map((ref) => ref.executionId);
		const total = job.partCount();
		// An outcome that could not be settled: the part may be in an execution (named in the error's description).
		const unsettled = error instanceof UploadOutcomeUnknownError ? error : undefined;
		const message = `Part ${failed?.index ?? refs.length + 1}${total !== undefined ? ` of ${total}` : ''} of the ${job.label} ${unsettled ? 'may or may not have been uploaded' : 'was not uploaded'}: ${error.message}`;
		const description = [
			created.length
				? `Parts 1 to ${created.length} were uploaded as executions ${created.join(', ')} of document import ${target.importId}.`
				: `Nothing of this input was uploaded to document import ${target.importId}.`,
			failed && !unsettled ? `To resume, upload again from line ${failed.firstLine} of the input (part ${failed.index}).` : '',
			// The platform is not stopped by a timeout: resuming blindly could then send this part twice.
			failed && failedCallReportOf(caught)?.lateCopyPossible
				? `An attempt of part ${failed.index} timed out and was not found done, but the platform may still finish it: before resuming, list the executions of document import ${target.importId}; if a new one holds the lines of part ${failed.index}, resume after them instead.`
				: '',
			(error as { description?: string }).description ?? '',
		]
			.filter(Boolean)
			.join(' ');
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
				resume_from_line: failed?.firstLine ?? null,
				...(unsettled ? { unconfirmed_executions: unsettled.executionIds } : {}),
			},
			pairedItem: { item: job.pairedItem },
		});
	}
	if (job.plan !== undefined && job.plan.invalidLineCount > 0) items.push(skippedLinesItem(job.plan, job, target));
	return { items, refs };
}

/** The upload bookkeeping every output item carries (kept when Wait for Completion replaces the execution). */
function uploadFields(json: IDataObject): IDataObject {
	const keys = ['document_import_id', 'document_import_name', 'document_import_created', 'datamart_id', 'part', 'parts', 'lines', 'bytes', 'firstLine', 'lastLine', 'uploadOutcome', 'retries', 'lateCopy'];
	return Object.fromEntries(keys.filter((key) => key in json).map((key) => [key, json[key]]));
}

/** With Invalid Lines = Skip: one item listing every skipped line with its number and reason. */
function skippedLinesItem(plan: PartPlan, job: UploadJob, target: ImportTarget): INodeExecutionData {
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

function asInputError(this: IExecuteFunctions, error: unknown): Error {
	if (error instanceof BulkInputError) {
		return new NodeOperationError(this.getNode(), error.message, { description: error.description });
	}
	if (error instanceof InputChangedError) return new NodeOperationError(this.getNode(), error.message);
	return error as Error;
}
