/**
 * The difference between the list and the state (docs/mirror.md): one merge walk over two tables
 * sorted by key digest. A listed member is sent UPDATE when it is new, its line changed, or the
 * state is not sure of it; a state member the list lacks is sent DELETE.
 */
import { compareDigests, REMOVED, sameLine, UNCERTAIN, type MemberTable } from './memberTable';

export type UpdateReason = 'added' | 'changed' | 'resent';
export type DeleteReason = 'removed' | 'resent';

export interface SegmentCounts {
	added: number;
	changed: number;
	removed: number;
	/** Uncertain members sent again (either way). */
	resent: number;
	unchanged: number;
}

export interface MirrorDiff {
	/** Indices in the list of the members to send UPDATE, ascending. */
	updates: Uint32Array;
	updateReasons: UpdateReason[];
	/** Indices in the state of the members to send DELETE, ascending. */
	deletes: Uint32Array;
	deleteReasons: DeleteReason[];
	/** For each listed member, its index in the state, or -1. */
	stateIndexOfListed: Int32Array;
	/** Members of the state the list lacks and the state holds as in the segment (the guard counts these). */
	removals: number;
	/** Members the state holds as in the segment (not REMOVED): the guard's denominator. */
	stateMembers: number;
	unchanged: number;
	perSegment: Map<string, SegmentCounts>;
}

export function emptyCounts(): SegmentCounts {
	return { added: 0, changed: 0, removed: 0, resent: 0, unchanged: 0 };
}

export function diffMembers(list: MemberTable, state: MemberTable | undefined): MirrorDiff {
	const updates: number[] = [];
	const updateReasons: UpdateReason[] = [];
	const deletes: number[] = [];
	const deleteReasons: DeleteReason[] = [];
	const stateIndexOfListed = new Int32Array(list.count).fill(-1);
	const perSegment = new Map<string, SegmentCounts>();
	const counts = (segment: string) => {
		let found = perSegment.get(segment);
		if (!found) perSegment.set(segment, (found = emptyCounts()));
		return found;
	};
	let removals = 0;
	let unchanged = 0;
	let stateMembers = 0;
	const stateCount = state?.count ?? 0;
	let listed = 0;
	let kept = 0;
	while (listed < list.count || kept < stateCount) {
		const order = listed >= list.count ? 1 : kept >= stateCount ? -1 : compareDigests(list.keyDigests, listed, state!.keyDigests, kept);
		if (order < 0) {
			updates.push(listed);
			updateReasons.push('added');
			counts(list.segments[list.segment[listed]]).added++;
			listed++;
			continue;
		}
		const flags = state!.flags[kept];
		if ((flags & REMOVED) === 0) stateMembers++;
		if (order > 0) {
			deletes.push(kept);
			const segment = counts(state!.segments[state!.segment[kept]]);
			if (flags & REMOVED) {
				deleteReasons.push('resent');
				segment.resent++;
			} else {
				deleteReasons.push('removed');
				segment.removed++;
				removals++;
			}
			kept++;
			continue;
		}
		stateIndexOfListed[listed] = kept;
		const segment = counts(list.segments[list.segment[listed]]);
		if (flags & REMOVED) {
			updates.push(listed);
			updateReasons.push('added');
			segment.added++;
		} else if (!sameLine(list, listed, state!, kept)) {
			updates.push(listed);
			updateReasons.push('changed');
			segment.changed++;
		} else if (flags & UNCERTAIN) {
			updates.push(listed);
			updateReasons.push('resent');
			segment.resent++;
		} else {
			unchanged++;
			segment.unchanged++;
		}
		listed++;
		kept++;
	}
	return {
		updates: Uint32Array.from(updates),
		updateReasons,
		deletes: Uint32Array.from(deletes),
		deleteReasons,
		stateIndexOfListed,
		removals,
		stateMembers,
		unchanged,
		perSegment,
	};
}
