import { decodeState, diffMembers, encodeNextState, encodeState, memberKeyAt, nextMembers, type MemberTable, type SendOutcome } from '../../../../nodes/Mediarithmics/bulk/mirror';
import { listOf, member } from './helpers';

const meta = { datamartId: '1509', importId: '20001', createdAt: 1_765_000_000_000, journal: { knownThrough: 5, executions: [{ id: '9', settled: false }] } };

/** Each member as its key, flags and line digest, in file order. */
function membersOf(table: MemberTable) {
	return Array.from({ length: table.count }, (_value, index) => ({
		key: memberKeyAt(table, index),
		flags: table.flags[index],
		line: Buffer.from(table.lineDigests.subarray(index * 8, index * 8 + 8)).toString('hex'),
	}));
}

describe('encodeNextState', () => {
	// The state has members in nine segments (past the inline limit of 7), some the new list lacks.
	const stateLines = Array.from({ length: 60 }, (_value, index) => member(`p${index}@example.com`, `s${index % 9}`, { data_bag: index % 5 === 0 ? '{"a":1}' : undefined }));
	const listLines = [...stateLines.slice(20).map((line, index) => (index % 7 === 0 ? { ...line, data_bag: '{"b":2}' } : line)), member('new@example.com', 'fresh')];
	const state = listOf(stateLines);
	const list = listOf(listLines);
	const diff = diffMembers(list, state);

	test.each<SendOutcome>(['accepted', 'uncertain'])('writes, merged, the members nextMembers holds (outcome %s)', (outcome) => {
		expect(diff.deletes.length).toBeGreaterThan(0);
		const merged = decodeState(encodeNextState(meta, list, state, diff, outcome));
		const built = decodeState(
			encodeState({ ...meta, members: nextMembers(list, state, diff, new Array<SendOutcome>(diff.updates.length).fill(outcome), new Array<SendOutcome>(diff.deletes.length).fill(outcome)) }),
		);
		expect(merged.journal).toEqual(meta.journal);
		expect(membersOf(merged.members)).toEqual(membersOf(built.members));
		expect(merged.members.count).toBe(outcome === 'accepted' ? list.count : list.count + diff.deletes.length);
	});

	test('a first run (no state) writes the list, every member sent uncertain until confirmed', () => {
		const first = diffMembers(list, undefined);
		const written = decodeState(encodeNextState(meta, list, undefined, first, 'uncertain'));
		expect(written.members.count).toBe(list.count);
		expect(Array.from(written.members.flags).every((flags) => flags === 1)).toBe(true);
	});
});
