/**
 * The state a run outputs (docs/mirror.md, Never wrong for good): every listed member, certain when
 * its UPDATE was accepted or it was not sent because the state was sure of it, uncertain when its
 * part's outcome is not known; and every DELETE whose outcome is not known, kept as REMOVED.
 */
import type { MirrorDiff } from './diff';
import { compareDigests, REMOVED, TableBuilder, UNCERTAIN, type MemberTable } from './memberTable';
import { StateWriter, type MirrorState } from './state';

/** What became of a line the run meant to send. */
export type SendOutcome = 'accepted' | 'uncertain';

export function nextMembers(
	list: MemberTable,
	state: MemberTable | undefined,
	diff: MirrorDiff,
	updateOutcomes: SendOutcome[],
	deleteOutcomes: SendOutcome[],
): MemberTable {
	const uncertain = new Uint8Array(list.count);
	diff.updates.forEach((listed, position) => {
		if (updateOutcomes[position] !== 'accepted') uncertain[listed] = 1;
	});
	const builder = new TableBuilder();
	for (let index = 0; index < list.count; index++) {
		const identifier = list.identifiers.subarray(list.identifierStart[index], list.identifierStart[index + 1]);
		builder.add(identifier, list.segments[list.segment[index]], list.lineDigests.subarray(index * 8), uncertain[index] ? UNCERTAIN : 0, 0);
	}
	if (state) {
		diff.deletes.forEach((kept, position) => {
			if (deleteOutcomes[position] === 'accepted') return;
			const identifier = state.identifiers.subarray(state.identifierStart[kept], state.identifierStart[kept + 1]);
			builder.add(identifier, state.segments[state.segment[kept]], state.lineDigests.subarray(kept * 8), UNCERTAIN | REMOVED, 0);
		});
	}
	return builder.finish();
}

/**
 * The next state's file written straight from the list and the state (what nextMembers holds, with
 * one outcome for every line sent), merged in key digest order: both are sorted, so no table of the
 * next state is built and sorted.
 */
export function encodeNextState(meta: Omit<MirrorState, 'members'>, list: MemberTable, state: MemberTable | undefined, diff: MirrorDiff, outcome: SendOutcome): Uint8Array {
	const uncertain = new Uint8Array(outcome === 'accepted' ? 0 : list.count);
	for (const listed of outcome === 'accepted' ? [] : diff.updates) uncertain[listed] = 1;
	// The DELETEs kept (outcome unknown) are members of the state: their segments join the list's.
	const kept = outcome === 'accepted' || !state ? new Uint32Array(0) : diff.deletes;
	const segments = list.segments.slice();
	const segmentIndex = new Map(segments.map((text, index) => [text, index]));
	const keptSegment = new Uint32Array(kept.length);
	let identifierBytes = list.identifierStart[list.count];
	kept.forEach((index, position) => {
		const text = state!.segments[state!.segment[index]];
		let found = segmentIndex.get(text);
		if (found === undefined) segmentIndex.set(text, (found = segments.push(text) - 1));
		keptSegment[position] = found;
		identifierBytes += state!.identifierStart[index + 1] - state!.identifierStart[index];
	});
	const writer = new StateWriter(meta, segments, list.count + kept.length, identifierBytes);
	let listed = 0;
	let position = 0;
	while (listed < list.count || position < kept.length) {
		if (position >= kept.length || (listed < list.count && compareDigests(list.keyDigests, listed, state!.keyDigests, kept[position]) < 0)) {
			writer.member(list, listed, uncertain[listed] === 1 ? UNCERTAIN : 0, list.segment[listed]);
			listed++;
		} else {
			writer.member(state!, kept[position], UNCERTAIN | REMOVED, keptSegment[position]);
			position++;
		}
	}
	return writer.finish();
}
