/**
 * Folding the journal into the state (docs/mirror.md, Never wrong for good): every member named by
 * a line of an execution the state cannot vouch for (one it does not know, or one that did not end
 * cleanly) becomes uncertain, and is added as REMOVED when the state lacks it, so the next diff
 * sends it again in whatever direction the list says.
 */
import { BulkInputError } from '../errors';
import { encodeIdentifier, segmentText, type MemberKey } from './memberKey';
import { compareDigests, REMOVED, TableBuilder, UNCERTAIN, type MemberTable } from './memberTable';

const NO_LINE = new Uint8Array(8);

/** The keys a sent mirror line names (one member a line, UPDATE or DELETE). */
export function keysOfSentLine(line: Record<string, unknown>, where: string): MemberKey[] {
	const identifier = (['email_hash', 'user_account_id', 'user_agent_id'] as const).find((field) => typeof line[field] === 'string');
	if (identifier === undefined) throw new BulkInputError(`${where} names no identifier`, 'The mirror reads back the lines of its own document import: upload only mirror lines to it.');
	const keys: MemberKey[] = [];
	const base = { identifier, value: line[identifier] as string, ...(identifier === 'user_account_id' && typeof line.compartment_id === 'string' && line.compartment_id !== '' ? { compartmentId: line.compartment_id } : {}) };
	const push = (segmentBy: MemberKey['segmentBy'], value: unknown) => {
		if (typeof value === 'string') keys.push({ ...base, segmentBy, segment: value });
	};
	push('segment_id', line.segment_id);
	push('segment_technical_name', line.segment_technical_name);
	if (Array.isArray(line.segment_ids)) for (const value of line.segment_ids) push('segment_id', value);
	if (Array.isArray(line.segment_technical_names)) for (const value of line.segment_technical_names) push('segment_technical_name', value);
	return keys;
}

export function markTouched(state: MemberTable | undefined, touchedLines: Iterable<Record<string, unknown>>): MemberTable | undefined {
	const touchedBuilder = new TableBuilder();
	let line = 0;
	for (const sent of touchedLines) {
		line++;
		for (const key of keysOfSentLine(sent, `Line ${line} of an earlier mirror execution`)) touchedBuilder.add(encodeIdentifier(key), segmentText(key.segmentBy, key.segment), NO_LINE, UNCERTAIN | REMOVED, 0);
	}
	if (touchedBuilder.count === 0) return state;
	const touched = touchedBuilder.finish();
	const merged = new TableBuilder();
	const add = (table: MemberTable, index: number, flags: number) =>
		merged.add(table.identifiers.subarray(table.identifierStart[index], table.identifierStart[index + 1]), table.segments[table.segment[index]], table.lineDigests.subarray(index * 8), flags, 0);
	const stateCount = state?.count ?? 0;
	let kept = 0;
	let mark = 0;
	while (kept < stateCount || mark < touched.count) {
		const order = kept >= stateCount ? 1 : mark >= touched.count ? -1 : compareDigests(state!.keyDigests, kept, touched.keyDigests, mark);
		if (order < 0) add(state!, kept, state!.flags[kept++]);
		else if (order > 0) add(touched, mark, touched.flags[mark++]);
		else {
			add(state!, kept, state!.flags[kept++] | UNCERTAIN);
			mark++;
		}
	}
	return merged.finish();
}
