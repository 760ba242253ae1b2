import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { invalidLinesError } from '../../../../bulk';
import type { Part, PartPlan, PlannedPart, SplitOptions } from '../../../../bulk';
import type { StreamedPart } from '../../../../bulk/split/onePassSplit';
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
	/** The parts from part `fromPart` (1-based) on, each time read afresh from the input. */
	parts: (fromPart: number) => AsyncGenerator<UploadPart>;
	/** Where part `index` starts, once known (to name the line to resume from), and how many parts there are, once known. */
	partStart: (index: number) => { index: number; firstLine: number } | undefined;
	partCount: () => number | undefined;
	/** The input item(s) the outputs pair with. */
	pairedItem: number;
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

/** Where the parts of a plan start, and how many there are: known before the upload. */
export function plannedParts(plan: PartPlan): Pick<UploadJob, 'partStart' | 'partCount'> {
	return {
		partStart: (index) => plan.parts[index - 1],
		partCount: () => plan.parts.length,
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
