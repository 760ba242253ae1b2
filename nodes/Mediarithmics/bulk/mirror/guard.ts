/** Max Removals: a truncated or empty export must never empty a segment (docs/mirror.md). */
import { BulkInputError } from '../errors';
import type { MirrorDiff } from './diff';

export interface GuardOptions {
	/** Share of the state's members a run may remove, in percent (default 10). */
	maxRemovalsPercent: number;
	/** Let an empty list remove every member. */
	allowEmptyList: boolean;
}

export const DEFAULT_GUARD: GuardOptions = { maxRemovalsPercent: 10, allowEmptyList: false };

/** Throws, before anything is sent, when the run would remove more than the guard allows. */
export function checkGuard(diff: MirrorDiff, listedCount: number, options: GuardOptions = DEFAULT_GUARD): void {
	if (diff.removals === 0) return;
	if (listedCount === 0) {
		// Allow Empty List is the one switch for emptying a segment: Max Removals (always exceeded) does not apply.
		if (options.allowEmptyList) return;
		throw new BulkInputError(
			`The list is empty: the mirror would remove all ${diff.removals} members of the segment, so nothing was sent`,
			'An empty export is more often a failed export than an emptied list. Check the step that produced the list; if the segment really must be emptied, turn on Allow Empty List for this run.',
		);
	}
	const allowed = (percent: number) => Math.floor((diff.stateMembers * percent) / 100);
	if (diff.removals > allowed(options.maxRemovalsPercent)) {
		// The advice must let the run through: the smallest whole share that allows these removals.
		let needed = Math.ceil((diff.removals * 100) / diff.stateMembers);
		while (allowed(needed) < diff.removals) needed++;
		const share = ((diff.removals / diff.stateMembers) * 100).toFixed(1);
		throw new BulkInputError(
			`The mirror would remove ${diff.removals} of ${diff.stateMembers} members (${share}%), more than Max Removals (${options.maxRemovalsPercent}%), so nothing was sent`,
			`A list that lost many rows is often a truncated or filtered export. Check it (run with Dry Run to see samples of the members that would go); if the removals are real, raise Max Removals to at least ${needed}% for this run.`,
		);
	}
}
