/**
 * Members as typed arrays, sorted by key digest: a list or a state of 10,000,000 members is a few
 * large arrays, never a Map of strings. Built by TableBuilder (the list, the next state) or read
 * from a state (state.ts).
 */
import { decodeIdentifier, keyDigest, segmentOf, type MemberKey } from './memberKey';

/** Member flags: the state's claim about the member (docs/mirror.md). */
export const UNCERTAIN = 1;
/** A DELETE whose outcome is not known: the member is sent DELETE again unless the list holds it. */
export const REMOVED = 2;

/** Segment texts ("i:<id>", "t:<name>") and their index. */
export class SegmentTable {
	readonly texts: string[] = [];
	private readonly index = new Map<string, number>();

	indexOf(text: string): number {
		let found = this.index.get(text);
		if (found === undefined) {
			found = this.texts.length;
			this.texts.push(text);
			this.index.set(text, found);
		}
		return found;
	}
}

export interface MemberTable {
	count: number;
	segments: string[];
	/** 16 bytes a member, ascending. */
	keyDigests: Uint8Array;
	/** 8 bytes a member. */
	lineDigests: Uint8Array;
	flags: Uint8Array;
	segment: Uint32Array;
	/** The encoded identifier of member i is identifiers[identifierStart[i] .. identifierStart[i + 1]). */
	identifierStart: Uint32Array;
	identifiers: Uint8Array;
	/** For a list: the index (0-based) of the row the member came from; empty for a state read from its file. */
	row: Uint32Array;
}

export function memberKeyAt(table: MemberTable, index: number): MemberKey {
	const identifier = decodeIdentifier(table.identifiers.subarray(table.identifierStart[index], table.identifierStart[index + 1]));
	return { ...identifier, ...segmentOf(table.segments[table.segment[index]]) };
}

export function compareDigests(a: Uint8Array, aIndex: number, b: Uint8Array, bIndex: number): number {
	const aStart = aIndex * 16;
	const bStart = bIndex * 16;
	for (let offset = 0; offset < 16; offset++) {
		const difference = a[aStart + offset] - b[bStart + offset];
		if (difference !== 0) return difference;
	}
	return 0;
}

/** The index of the member with this key in a table, or -1 (a binary search on the key digests). */
export function findMember(table: MemberTable, identifier: Uint8Array, segmentText: string): number {
	const digest = keyDigest(identifier, segmentText);
	let low = 0;
	let high = table.count - 1;
	while (low <= high) {
		const middle = (low + high) >>> 1;
		const order = compareDigests(table.keyDigests, middle, digest, 0);
		if (order === 0) return middle;
		if (order < 0) low = middle + 1;
		else high = middle - 1;
	}
	return -1;
}

export function sameLine(a: MemberTable, aIndex: number, b: MemberTable, bIndex: number): boolean {
	for (let offset = 0; offset < 8; offset++) if (a.lineDigests[aIndex * 8 + offset] !== b.lineDigests[bIndex * 8 + offset]) return false;
	return true;
}

function grow<T extends Uint8Array | Uint32Array>(array: T, size: number): T {
	if (size <= array.length) return array;
	const grown = new (array.constructor as new (length: number) => T)(Math.max(size, array.length * 2));
	grown.set(array);
	return grown;
}

/**
 * Collects members in any order, then sorts them by key digest. The same member added twice keeps
 * the later one (a list's later row wins, as the platform would apply the two lines in order).
 */
export class TableBuilder {
	count = 0;
	readonly segments = new SegmentTable();
	private keyDigests = new Uint8Array(16 * 1024);
	private lineDigests = new Uint8Array(8 * 1024);
	private flags = new Uint8Array(1024);
	private segment = new Uint32Array(1024);
	private identifierStart = new Uint32Array(1025);
	private identifiers = new Uint8Array(48 * 1024);
	private row = new Uint32Array(1024);
	/** Members given twice, the earlier copy left out. */
	duplicates = 0;

	/** Adds a member whose segment is a segment text and identifier already encoded. */
	add(identifier: Uint8Array, segmentText: string, lineDigest: Uint8Array, flags: number, row: number): void {
		const index = this.count++;
		this.keyDigests = grow(this.keyDigests, this.count * 16);
		this.lineDigests = grow(this.lineDigests, this.count * 8);
		this.flags = grow(this.flags, this.count);
		this.segment = grow(this.segment, this.count);
		this.row = grow(this.row, this.count);
		this.identifierStart = grow(this.identifierStart, this.count + 1);
		const start = this.identifierStart[index];
		this.identifiers = grow(this.identifiers, start + identifier.length);
		this.identifiers.set(identifier, start);
		this.identifierStart[index + 1] = start + identifier.length;
		this.keyDigests.set(keyDigest(identifier, segmentText), index * 16);
		this.lineDigests.set(lineDigest.subarray(0, 8), index * 8);
		this.flags[index] = flags;
		this.segment[index] = this.segments.indexOf(segmentText);
		this.row[index] = row;
	}

	/** The members sorted by key digest, the later of two equal keys kept. */
	finish(): MemberTable {
		const count = this.count;
		let digests = this.keyDigests;
		// Sorting on the first 32 bits as numbers is what makes 10,000,000 members sort in seconds;
		// the full digest only breaks ties, and insertion order last (so the later copy comes last).
		const high = new Uint32Array(count);
		for (let index = 0; index < count; index++) {
			const at = index * 16;
			high[index] = ((digests[at] << 24) | (digests[at + 1] << 16) | (digests[at + 2] << 8) | digests[at + 3]) >>> 0;
		}
		const order = new Uint32Array(count);
		for (let index = 0; index < count; index++) order[index] = index;
		order.sort((a, b) => high[a] - high[b] || compareDigests(digests, a, digests, b) || a - b);
		let kept = 0;
		const keep = new Uint32Array(count);
		for (let position = 0; position < count; position++) {
			const index = order[position];
			const next = order[position + 1];
			if (position + 1 < count && compareDigests(digests, index, digests, next) === 0) {
				this.duplicates++;
				continue;
			}
			keep[kept++] = index;
		}
		// One array at a time, each of the builder's let go once copied: the peak is the builder's
		// arrays plus one compact array, not both tables whole.
		const gather = <T extends Uint8Array | Uint32Array>(source: T, width: number): T => {
			const target = new (source.constructor as new (length: number) => T)(kept * width);
			for (let position = 0; position < kept; position++) {
				const index = keep[position];
				if (width === 1) target[position] = source[index];
				else target.set(source.subarray(index * width, index * width + width), position * width);
			}
			return target;
		};
		const keyDigests = gather(digests, 16);
		digests = this.keyDigests = new Uint8Array(0);
		const lineDigests = gather(this.lineDigests, 8);
		this.lineDigests = new Uint8Array(0);
		const flags = gather(this.flags, 1);
		const segment = gather(this.segment, 1);
		const row = gather(this.row, 1);
		const identifierStart = new Uint32Array(kept + 1);
		const identifiers = new Uint8Array(this.identifierStart[count]);
		let identifierEnd = 0;
		for (let position = 0; position < kept; position++) {
			const index = keep[position];
			const identifier = this.identifiers.subarray(this.identifierStart[index], this.identifierStart[index + 1]);
			identifiers.set(identifier, identifierEnd);
			identifierEnd += identifier.length;
			identifierStart[position + 1] = identifierEnd;
		}
		const table: MemberTable = {
			count: kept,
			segments: this.segments.texts.slice(),
			keyDigests,
			lineDigests,
			flags,
			segment,
			identifierStart,
			identifiers: kept === count ? identifiers : identifiers.slice(0, identifierEnd),
			row,
		};
		this.release();
		return table;
	}

	/** The builder's arrays are let go at once: with millions of members they are hundreds of MB. */
	private release(): void {
		this.keyDigests = new Uint8Array(0);
		this.lineDigests = new Uint8Array(0);
		this.flags = new Uint8Array(0);
		this.segment = new Uint32Array(0);
		this.identifierStart = new Uint32Array(1);
		this.identifiers = new Uint8Array(0);
		this.row = new Uint32Array(0);
		this.count = 0;
	}
}
