/**
 * The state a run outputs (docs/mirror.md, Never wrong for good): every listed member, certain when
 * its UPDATE was accepted or it was not sent because the state was sure of it, uncertain when its
 * part's outcome is not known; and every DELETE whose outcome is not known, kept as REMOVED.
 */
import type { MirrorDiff } from './diff';
import { REMOVED, TableBuilder, UNCERTAIN, type MemberTable } from './memberTable';

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
