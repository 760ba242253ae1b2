import { BulkInputError } from '../../../../nodes/Mediarithmics/bulk/errors';
import { checkGuard, deleteLine, diffMembers, markTouched, memberKeyAt, membersOfLine, nextMembers, REMOVED, UNCERTAIN, updateLine } from '../../../../nodes/Mediarithmics/bulk/mirror';
import { emailHash, listOf, member } from './helpers';

describe('members of a list line', () => {
	it('lists one member per segment of a list column, and none for a row flagged for removal', () => {
		const line = { operation: 'UPDATE', user_account_id: 'c1', compartment_id: '7', segment_technical_names: ['a', 'b'], expiration_duration: 0, data_bag: '{"x":1}' };
		const members = membersOfLine(line, 1)!;
		expect(members.keys).toEqual([
			{ identifier: 'user_account_id', value: 'c1', compartmentId: '7', segmentBy: 'segment_technical_name', segment: 'a' },
			{ identifier: 'user_account_id', value: 'c1', compartmentId: '7', segmentBy: 'segment_technical_name', segment: 'b' },
		]);
		expect(members.rest).toEqual({ expiration_duration: 0, data_bag: '{"x":1}' });
		expect(updateLine(members.keys[1], members.rest)).toEqual({ operation: 'UPDATE', user_account_id: 'c1', compartment_id: '7', segment_technical_name: 'b', expiration_duration: 0, data_bag: '{"x":1}' });
		expect(deleteLine(members.keys[0])).toEqual({ operation: 'DELETE', user_account_id: 'c1', compartment_id: '7', segment_technical_name: 'a', expiration_duration: 0 });
		expect(membersOfLine({ ...line, operation: 'DELETE' }, 2)).toBeUndefined();
	});

	it('refuses a finite expiration, naming the line and the fix', () => {
		expect(() => membersOfLine(member('a@x.io', 's', { expiration_duration: 60 }), 3)).toThrow('Line 3: a mirror cannot keep a member with a finite expiration (expiration_duration 60)');
		expect(() => membersOfLine(member('a@x.io', 's', { expiration_ts: 1767225600000 }), 4)).toThrow(/Line 4: .*expiration_ts 1767225600000/);
		expect(membersOfLine(member('a@x.io', 's', { expiration_ts: 0 }), 5)).toBeDefined();
	});

	it('refuses a raw email address as email_hash without writing it into the error, so that no address reaches the state', () => {
		const run = () => membersOfLine({ operation: 'UPDATE', email_hash: 'jane.doe@example.com', segment_id: '1', expiration_duration: 0 }, 6);
		expect(run).toThrow('Line 6: email_hash holds "@": it looks like a raw email address, not a hash');
		try {
			run();
		} catch (error) {
			expect(JSON.stringify({ message: (error as BulkInputError).message, description: (error as BulkInputError).description, lines: (error as BulkInputError).lines })).not.toContain('jane.doe');
		}
		expect.assertions(2);
	});

	it('reads a change of the data bag as a change, and field order as none', () => {
		const digest = (line: Record<string, unknown>) => Buffer.from(membersOfLine(line, 1)!.lineDigest).toString('hex');
		expect(digest({ operation: 'UPDATE', email_hash: emailHash('a'), segment_id: '1', expiration_duration: 0, data_bag: 'x' })).toBe(
			digest({ data_bag: 'x', segment_id: '1', expiration_duration: 0, email_hash: emailHash('b'), operation: 'UPDATE' }),
		);
		expect(digest(member('a', 's', { data_bag: '{"tier":"gold"}' }))).not.toBe(digest(member('a', 's', { data_bag: '{"tier":"silver"}' })));
	});
});

describe('the diff', () => {
	const state = listOf([member('ann', 'n'), member('bob', 'n'), member('cid', 'n', { data_bag: '{"v":1}' }), member('dan', 'n')]);

	it('sends UPDATE for new and changed members, DELETE for those the list lacks, nothing for the rest', () => {
		const list = listOf([member('ann', 'n'), member('cid', 'n', { data_bag: '{"v":2}' }), member('eve', 'n'), member('dan', 'n')]);
		const diff = diffMembers(list, state);
		const updated = Array.from(diff.updates, (index) => memberKeyAt(list, index).value);
		expect(new Map(updated.map((value, position) => [value, diff.updateReasons[position]]))).toEqual(
			new Map([
				[emailHash('cid'), 'changed'],
				[emailHash('eve'), 'added'],
			]),
		);
		expect(Array.from(diff.deletes, (index) => memberKeyAt(state, index).value)).toEqual([emailHash('bob')]);
		expect(diff.unchanged).toBe(2);
		expect(diff.perSegment.get('t:n')).toEqual({ added: 1, changed: 1, removed: 1, resent: 0, unchanged: 2 });
	});

	it('without a state, sends every member (a full refresh)', () => {
		const list = listOf([member('ann', 'n'), member('ann', 'm')]);
		expect(Array.from(diffMembers(list, undefined).updateReasons)).toEqual(['added', 'added']);
	});

	it('re-sends uncertain members in the direction the list says', () => {
		const uncertain = markTouched(state, [deleteLine(memberKeyAt(state, 0)), { operation: 'UPDATE', email_hash: emailHash('zed'), segment_technical_name: 'n', expiration_duration: 0 }])!;
		expect(uncertain.count).toBe(5);
		const zed = Array.from({ length: uncertain.count }, (_, index) => index).find((index) => memberKeyAt(uncertain, index).value === emailHash('zed'))!;
		expect(uncertain.flags[zed]).toBe(UNCERTAIN | REMOVED);
		const list = listOf([member('ann', 'n'), member('bob', 'n'), member('cid', 'n', { data_bag: '{"v":1}' }), member('dan', 'n')]);
		const diff = diffMembers(list, uncertain);
		expect(diff.updateReasons).toEqual(['resent']);
		expect(memberKeyAt(list, diff.updates[0])).toEqual(memberKeyAt(state, 0));
		expect(diff.deleteReasons).toEqual(['resent']);
		expect(memberKeyAt(uncertain, diff.deletes[0]).value).toBe(emailHash('zed'));
		expect(diff.removals).toBe(0);
	});

	it('keeps in the next state the members whose lines were not known to arrive, uncertain', () => {
		const list = listOf([member('ann', 'n'), member('eve', 'n')]);
		const diff = diffMembers(list, state);
		// The DELETE of cid has an unknown outcome; those of bob and dan were accepted.
		const deleteOutcomes = Array.from(diff.deletes, (index) => (memberKeyAt(state, index).value === emailHash('cid') ? 'uncertain' : 'accepted') as 'uncertain' | 'accepted');
		expect(diff.deletes.length).toBe(3);
		const next = nextMembers(list, state, diff, ['uncertain'], deleteOutcomes);
		const flags = new Map(Array.from({ length: next.count }, (_, index) => [memberKeyAt(next, index).value, next.flags[index]]));
		expect(flags).toEqual(
			new Map([
				[emailHash('ann'), 0],
				[emailHash('eve'), UNCERTAIN],
				[emailHash('cid'), UNCERTAIN | REMOVED],
			]),
		);
	});
});

describe('Max Removals', () => {
	const state = listOf(Array.from({ length: 20 }, (_, index) => member(`p${index}`, 'n')));

	it('lets a run remove up to the share, and stops one that would remove more, saying how many', () => {
		const keep = (count: number) => listOf(Array.from({ length: count }, (_, index) => member(`p${index}`, 'n')));
		expect(() => checkGuard(diffMembers(keep(18), state), 18)).not.toThrow();
		expect(() => checkGuard(diffMembers(keep(17), state), 17)).toThrow('The mirror would remove 3 of 20 members (15.0%), more than Max Removals (10%), so nothing was sent');
		expect(() => checkGuard(diffMembers(keep(17), state), 17, { maxRemovalsPercent: 15, allowEmptyList: false })).not.toThrow();
	});

	it('advises a Max Removals that lets the run through, also when the share rounds down (3 of 23 is 13.04%)', () => {
		const of23 = listOf(Array.from({ length: 23 }, (_, index) => member(`p${index}`, 'n')));
		const keep20 = listOf(Array.from({ length: 20 }, (_, index) => member(`p${index}`, 'n')));
		const advice = (): string => {
			try {
				checkGuard(diffMembers(keep20, of23), 20);
			} catch (error) {
				return (error as BulkInputError).description;
			}
			return 'no error';
		};
		expect(advice()).toMatch(/raise Max Removals to at least 14% for this run/);
		expect(() => checkGuard(diffMembers(keep20, of23), 20, { maxRemovalsPercent: 13, allowEmptyList: false })).toThrow(/more than Max Removals \(13%\)/);
		expect(() => checkGuard(diffMembers(keep20, of23), 20, { maxRemovalsPercent: 14, allowEmptyList: false })).not.toThrow();
	});

	it('stops an empty list unless Allow Empty List is on', () => {
		const diff = diffMembers(listOf([]), state);
		expect(() => checkGuard(diff, 0, { maxRemovalsPercent: 100, allowEmptyList: false })).toThrow(BulkInputError);
		expect(() => checkGuard(diff, 0, { maxRemovalsPercent: 100, allowEmptyList: false })).toThrow(/The list is empty: the mirror would remove all 20 members/);
		expect(() => checkGuard(diff, 0, { maxRemovalsPercent: 100, allowEmptyList: true })).not.toThrow();
		// As its message says, Allow Empty List alone lets the segment be emptied, whatever Max Removals.
		expect(() => checkGuard(diff, 0, { maxRemovalsPercent: 10, allowEmptyList: true })).not.toThrow();
	});
});
