import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { invalidLinesError } from '../../../../bulk';
import type { OnePassProgress, Part, PartPlan, PlannedPart, SplitOptions, StreamedPart } from '../../../../bulk';
import { isStream } from '../../../../transport';
import type { ImportTarget } from '../target';

/**
 * A part as the upload sees it: planned before the upload (two passes, or
 * items), or cut while it is sent (one pass, a file without validation), whose
 * size and record count are known once its stream has been read.
 */
export type UploadPart = Part | StreamedPart;

/** A whole upload: one run of the split (one file, or all items), its parts, and what became of them. */
export interface UploadJob {
	label: string;
	/** The plan from the first pass; undefined when the parts are cut while sent (one pass). */
	plan?: PartPlan;
	/** Where the send stage reads the parts from (pass 2). */
	parts: PartSource;
	/** The input item(s) the outputs pair with. */
	pairedItem: number;
}

/** Node's Readable class, taken from a stream n8n handed over (community nodes may not import `stream`). */
export interface ReadableClass {
	from(chunks: AsyncIterable<Buffer>, options: { objectMode: boolean }): NodeJS.ReadableStream;
}

/** The parts of one job, for the send stage: each open reads them afresh from the input. */
export interface PartSource {
	/** The parts from part `fromPart` (1-based) on. */
	open(fromPart: number): AsyncGenerator<UploadPart>;
	/** Where part `index` starts, once known (to name the line to resume from). */
	partStart(index: number): { index: number; firstLine: number } | undefined;
	/** How many parts there are, once known. */
	partCount(): number | undefined;
	/** The class of the input's stream: each part's body is streamed as one of its kind. Undefined: the input is in memory, each part is sent as one buffer. */
	readonly streamClass?: ReadableClass;
}

/** The Readable class of an input opened as a stream (n8n's binary store, a download), else undefined (in memory). */
export function streamClassOf(input: unknown): ReadableClass | undefined {
	return isStream(input) ? (input.constructor as unknown as ReadableClass) : undefined;
}

/**
 * Where an upload's lines come from (a binary file, the items, mapped items).
 * Each source reads and checks all of its input before anything is sent
 * (pass 1), and hands out the jobs whose parts the send stage uploads.
 */
export interface UploadSource {
	plan(this: IExecuteFunctions, items: INodeExecutionData[], options: SplitOptions, target: ImportTarget, how: PlanSettings): Promise<UploadJob[]>;
}

/** How the plan is made. A dry run plans every part up front (even where a real run cuts them while sending) and keeps invalid lines for its report. */
export interface PlanSettings {
	dryRun: boolean;
}

/** What a part turned out to hold: known before the upload for a planned part, after its stream was read for a streamed one. */
export function plannedOf(part: UploadPart): PlannedPart | undefined {
	return 'planned' in part ? part.planned : part;
}

/** The parts of a plan (pass 1 done): where each starts and how many there are are known before the upload. */
export function plannedParts(plan: PartPlan, open: PartSource['open'], streamClass?: ReadableClass): PartSource {
	return {
		open,
		partStart: (index) => plan.parts[index - 1],
		partCount: () => plan.parts.length,
		streamClass,
	};
}

/** The parts of a one-pass cut: where each starts and how many there are are known as the cut goes. */
export function partsCutWhileSent(progress: OnePassProgress, open: PartSource['open'], streamClass?: ReadableClass): PartSource {
	return {
		open,
		partStart: (index) => {
			const start = progress.starts.get(index);
			return start && { index, firstLine: start.firstLine };
		},
		partCount: () => progress.partCount,
		streamClass,
	};
}

/**
 * With Invalid Lines = Stop, any invalid line ends the run here: before any
 * import or execution is created. A dry run reports them instead.
 */
export function refuseInvalidLines(plan: PartPlan, how: PlanSettings): PartPlan {
	if (how.dryRun) return plan;
	const refused = invalidLinesError(plan);
	if (refused) throw refused;
	return plan;
}
