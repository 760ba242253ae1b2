/**
 * Upload's Mirror option (docs/mirror.md): the lines built from the items are compared with the
 * sync state of the previous run, and only the difference is sent (UPDATE for new or changed
 * members, DELETE for removed ones). Checked and guarded before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	checkGuard,
	type SplitOptions,
	decodeState,
	deleteLine,
	diffMembers,
	encodeNextState,
	memberKeyAt,
	type GuardOptions,
	type MirrorDiff,
	type MirrorJournal,
	type MirrorState,
	type SendOutcome,
	BulkInputError,
	withoutSkipAdvice,
} from '../../../../bulk';
import { asInputError } from '../input/inputError';
import type { UploadJob } from '../input/source';
import type { ImportTarget } from '../target';
import { foldJournal, journalAfterRun, listImportExecutions, type ListedExecution } from './journalCheck';
import { fileRecordsList } from './mirrorFromFile';
import { itemsList } from './mirrorItems';
import { mirrorSettingsOf, type MirrorSettings } from './mirrorSettings';

export interface MirrorPlan {
	settings: MirrorSettings;
	/** The lines to send as one upload; undefined when the segment already equals the list. */
	job: UploadJob | undefined;
	diff: MirrorDiff;
	/** Sample lines of each kind, for a dry run. */
	samples: { updates: unknown[]; deletes: unknown[] };
	/** The state as it will be written when every line sent is known to be applied (or not). */
	nextState: (outcome: SendOutcome, journal: MirrorJournal) => Uint8Array;
	/** The import's executions listed before anything was sent (the journal check). */
	executionsAtStart: ListedExecution[];
	target: ImportTarget;
	/** Why a real run would stop before sending (Max Removals, Allow Empty List): dry runs only. */
	guardRefusal?: string;
}

const SAMPLES = 3;

/** Pass 1 of a mirror: the list, the previous state, the difference, the guard; the lines to send as one job. */
export async function planMirror(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	options: IDataObject,
	splitOptions: SplitOptions,
	target: ImportTarget,
): Promise<MirrorPlan> {
	const settings = mirrorSettingsOf.call(this, options, target);
	const list = await noSkip(async () =>
		this.getNodeParameter('recordsFrom', 0, 'items') === 'items' ? itemsList.call(this, items) : await fileRecordsList.call(this, items, splitOptions),
	);
	const state = await readState.call(this, items, settings, target);
	// The journal check: members of executions the state cannot vouch for become uncertain (sent again).
	const executionsAtStart = await listImportExecutions.call(this, target);
	const checked = await foldJournal.call(this, target, state?.journal, state?.members, executionsAtStart);
	const diff = diffMembers(list.table, checked);
	// A dry run reports what the guard would refuse (with samples of the members that would go) instead of stopping.
	const refusal = guardRefusalOf(diff, list.table.count, settings.guard);
	if (refusal !== undefined && options.dryRun !== true) throw asInputError.call(this, refusal);
	const guardRefusal = refusal?.message;

	// Written when read (as many as the state's members with an empty list allowed), never all held at once.
	const deletes = function* (): Generator<unknown> {
		if (checked) for (const index of diff.deletes) yield deleteLine(memberKeyAt(checked, index));
	};
	const nextState = (outcome: SendOutcome, journal: MirrorJournal) =>
		encodeNextState({ datamartId: target.datamartId, importId: target.importId!, createdAt: Date.now(), journal }, list.table, checked, diff, outcome);
	const plan = { settings, job: undefined, diff, nextState, guardRefusal, executionsAtStart, target };
	if (options.dryRun === true) return { ...plan, samples: { updates: await list.sampleUpdates(diff.updates, SAMPLES), deletes: Array.from(diff.deletes.subarray(0, SAMPLES), (index) => deleteLine(memberKeyAt(checked!, index))) } };
	const samples = { updates: [], deletes: [] };
	if (diff.updates.length + diff.deletes.length === 0) return { ...plan, samples };
	return { ...plan, samples, job: await noSkip(async () => await list.job(diff.updates, deletes, splitOptions)) };
}

/** Invalid lines refused without the advice to skip them, which a mirror refuses. */
async function noSkip<T>(step: () => Promise<T>): Promise<T> {
	try {
		return await step();
	} catch (error) {
		throw withoutSkipAdviceIfInvalid(error);
	}
}

function withoutSkipAdviceIfInvalid(error: unknown): unknown {
	return error instanceof BulkInputError ? withoutSkipAdvice(error, 'a mirror cannot skip a line, which would read as a member that left the list') : error;
}

/** Why the guard would stop the run, or undefined. */
function guardRefusalOf(diff: MirrorDiff, listed: number, guard: GuardOptions): Error | undefined {
	try {
		checkGuard(diff, listed, guard);
		return undefined;
	} catch (error) {
		return error as Error;
	}
}

/** The previous state from the first item's binary field; none on a first run (a full refresh). */
async function readState(this: IExecuteFunctions, items: INodeExecutionData[], settings: MirrorSettings, target: ImportTarget): Promise<MirrorState | undefined> {
	if (items[0]?.binary?.[settings.stateField] === undefined) return undefined;
	// Wherever n8n keeps binary data (in the item, or its binary data store).
	const bytes = await this.helpers.getBinaryDataBuffer(0, settings.stateField);
	return decodeState(bytes, { datamartId: target.datamartId, importId: target.importId! });
}

/** Per segment: what the mirror would send or leave as it is. */
function segmentCounts(diff: MirrorDiff): IDataObject {
	const segments: IDataObject = {};
	for (const [segment, counts] of diff.perSegment) segments[segment.slice(2)] = { ...counts };
	return segments;
}

/** A dry run's report: counts per segment and sample lines; nothing was sent. */
export function mirrorDryRunItem(plan: MirrorPlan): INodeExecutionData {
	return {
		json: {
			dry_run: true,
			mirror: true,
			would_send: plan.guardRefusal === undefined,
			...(plan.guardRefusal === undefined ? {} : { guard_refusal: plan.guardRefusal }),
			would_send_updates: plan.diff.updates.length,
			would_send_deletes: plan.diff.deletes.length,
			unchanged: plan.diff.unchanged,
			segments: segmentCounts(plan.diff),
			sample_updates: plan.samples.updates as IDataObject[],
			sample_deletes: plan.samples.deletes as IDataObject[],
		},
		pairedItem: { item: 0 },
	};
}

/**
 * The item carrying the new state. The lines sent count as applied only when the run waited and
 * every execution succeeded without a failed line; otherwise they are kept uncertain, so the next
 * run sends them again whatever its list says.
 */
export async function mirrorStateItem(this: IExecuteFunctions, plan: MirrorPlan, confirmed: boolean, createdByRun: string[] = []): Promise<INodeExecutionData> {
	const journal = await journalAfterRun.call(this, plan.target, plan.executionsAtStart, createdByRun);
	const bytes = plan.nextState(confirmed ? 'accepted' : 'uncertain', journal);
	const binary = await this.helpers.prepareBinaryData(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'mirror-state.bin', 'application/octet-stream');
	return {
		json: {
			mirror: true,
			sent_updates: plan.diff.updates.length,
			sent_deletes: plan.diff.deletes.length,
			unchanged: plan.diff.unchanged,
			segments: segmentCounts(plan.diff),
			confirmed,
		},
		binary: { [plan.settings.stateField]: binary },
		pairedItem: { item: 0 },
	};
}
