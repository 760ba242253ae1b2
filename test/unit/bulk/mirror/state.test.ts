import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import { decodeState, diffMembers, encodeState, memberKeyAt, MirrorStateError, REMOVED, UNCERTAIN, type MirrorState } from '../../../../nodes/Mediarithmics/bulk/mirror';
import { emailHash, listOf, member } from './helpers';

function stateOf(lines: Array<Record<string, unknown>>): MirrorState {
	return {
		datamartId: '1509',
		importId: '20001',
		createdAt: 1_765_000_000_000,
		journal: { knownThrough: 1_765_000_000_500, executions: [{ id: '11600001', settled: false }] },
		members: listOf(lines),
	};
}

const lines = [
	member('ann@example.com', 'newsletter', { data_bag: '{"tier":"gold"}' }),
	member('bob@example.com', 'newsletter'),
	{ operation: 'UPDATE', user_account_id: 'c-42', compartment_id: '7', segment_ids: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], expiration_duration: 0 },
	{ operation: 'UPDATE', user_agent_id: 'vec:1', segment_id: '3', expiration_duration: 0 },
	{ operation: 'UPDATE', email_hash: 'not-a-sha256', segment_id: '3', expiration_duration: 0 },
];

function withChecksum(body: Uint8Array): Uint8Array {
	return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

describe('mirror state', () => {
	it('reads back what it wrote: scope, journal, every member key, flags and line digest', () => {
		const state = stateOf(lines);
		const read = decodeState(encodeState(state), { datamartId: '1509', importId: '20001' });
		expect(read.datamartId).toBe('1509');
		expect(read.journal).toEqual(state.journal);
		expect(read.createdAt).toBe(state.createdAt);
		expect(read.members.count).toBe(state.members.count);
		expect(read.members.count).toBe(2 + 9 + 2);
		for (let index = 0; index < state.members.count; index++) {
			expect(memberKeyAt(read.members, index)).toEqual(memberKeyAt(state.members, index));
		}
		expect(Buffer.from(read.members.keyDigests)).toEqual(Buffer.from(state.members.keyDigests));
		expect(Buffer.from(read.members.lineDigests)).toEqual(Buffer.from(state.members.lineDigests));
	});

	it('keeps an email as its hash, never the address, in 39 bytes a member (under 40 MB for 1,000,000)', () => {
		const many = Array.from({ length: 1000 }, (_, index) => member(`person${index}@example.com`, 'newsletter'));
		const bytes = encodeState(stateOf(many));
		expect(Buffer.from(bytes).includes('example.com')).toBe(false);
		expect(Buffer.from(bytes).includes(Buffer.from(emailHash('person1@example.com'), 'hex'))).toBe(true);
		expect(bytes.length / 1000).toBeLessThan(39.2);
	});

	it('refuses a file that is not a state, naming what to do', () => {
		expect(() => decodeState(Buffer.from('email,segment\nann@example.com,a\n'))).toThrow(/not a mirror state/);
		expect(() => decodeState(new Uint8Array(0))).toThrow(MirrorStateError);
	});

	it('refuses a state of another version', () => {
		const bytes = Buffer.from(encodeState(stateOf(lines)));
		bytes[8] = 3;
		expect(() => decodeState(bytes)).toThrow(/format version 3; this node reads versions 1 to 2/);
	});

	it('refuses a corrupt state: any byte changed, or the file cut short', () => {
		const bytes = encodeState(stateOf(lines));
		for (const offset of [9, 30, bytes.length - 40, bytes.length - 1]) {
			const changed = Buffer.from(bytes);
			changed[offset] ^= 0x01;
			expect(() => decodeState(changed)).toThrow(/corrupt or cut short/);
		}
		expect(() => decodeState(bytes.subarray(0, bytes.length - 10))).toThrow(/corrupt or cut short/);
	});

	it('refuses a state of another mirror (datamart or import)', () => {
		const bytes = encodeState(stateOf(lines));
		expect(() => decodeState(bytes, { datamartId: '1509', importId: '20002' })).toThrow(/belongs to document import 20001 of datamart 1509, not to this upload's import 20002/);
		expect(() => decodeState(bytes, { datamartId: '1', importId: '20001' })).toThrow(MirrorStateError);
	});

	it('refuses members out of order even with a valid checksum', () => {
		const state = stateOf([member('ann@example.com', 'a'), member('bob@example.com', 'a')]);
		const bytes = encodeState(state);
		const original = Buffer.from(bytes.subarray(0, bytes.length - 32));
		const body = Buffer.from(original);
		// Two email members of segment 0 are the last 2 x 39 bytes: swap them.
		const first = Buffer.from(body.subarray(body.length - 78, body.length - 39));
		const second = Buffer.from(body.subarray(body.length - 39));
		second.copy(body, body.length - 78);
		first.copy(body, body.length - 39);
		expect(() => decodeState(withChecksum(body))).toThrow(/cannot be read: members 1 and 2 are out of order/);
		expect(() => decodeState(withChecksum(Buffer.concat([original, Buffer.of(0)])))).toThrow(/cannot be read: 1 bytes after the last member/);
	});

	it('reads a version 1 state (8-byte line digests, as the previous release wrote it): same members and flags, and its unchanged members compare unchanged', () => {
		const v1 = readFileSync(join(__dirname, 'fixtures', 'state-v1.bin'));
		expect(v1[8]).toBe(1);
		const read = decodeState(v1, { datamartId: '1509', importId: '20001' });
		expect(read.journal).toEqual({ knownThrough: 1_765_000_000_500, executions: [{ id: '11600001', settled: false }] });
		const fixtureLines = lines.slice(0, 4);
		const list = listOf(fixtureLines);
		expect(read.members.count).toBe(list.count);
		for (let index = 0; index < list.count; index++) expect(memberKeyAt(read.members, index)).toEqual(memberKeyAt(list, index));
		expect(Array.from(read.members.flags).filter(Boolean)).toEqual([UNCERTAIN, UNCERTAIN | REMOVED]);
		const diff = diffMembers(list, read.members);
		expect(diff.updateReasons.filter((reason) => reason === 'changed')).toEqual([]);
		expect(diff.unchanged).toBe(list.count - 2);
		// Written again, it is a version 2 state that reads back the same.
		const again = decodeState(encodeState(read));
		expect(again.members.lineDigests).toEqual(read.members.lineDigests);
		expect(encodeState(read)[8]).toBe(2);
	});
});
