/**
 * The text of a line whose shape is known valid (fastSegmentLine.ts), to
 * recognise the next lines written alike at a fraction of the cost. A file
 * written by one program has lines with the same keys in the same order, the
 * same spacing and the same operation: only the values differ. So a line is
 * compared with the text around the learnt line's values (keys, quotes,
 * colons, commas, spacing, the operation's word) four bytes at a time, and
 * only its values are read, each of which must fall in the class the learnt
 * one had. A line that matches has the learnt line's shape, so the full
 * rules' verdict on that shape holds for it too. Only flat lines (strings and
 * small whole numbers) are learnt; any other line goes to the shape reader.
 */
import { flatEnds, flatSlots, flatStarts, flatValues, flat, readFlatValue, readSlot } from './segmentLineShape';

interface Template {
	/** literals[i] comes before value i; the last one ends the line. */
	literals: Buffer[];
	/** Each literal as little-endian 32-bit words (its last length % 4 bytes are compared one by one). */
	words: Int32Array[];
	/** The slot (segmentLineShape.ts) each value must have. */
	slots: Int32Array;
}

let template: Template | undefined;

let viewed: ArrayBufferLike | undefined;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(4));

/**
 * The view is kept for the next line: it holds its memory, so only a chunk's
 * size may stay held once the input is read (a line joined across chunks can
 * be as large as a part: it is compared byte by byte).
 */
const MAX_VIEWED_BYTES = 4 * 1024 * 1024;

/** A DataView over the memory of the buffer (index it at bytes.byteOffset + offset): one per chunk, as its lines share it. */
function viewOf(bytes: Buffer): DataView<ArrayBufferLike> | undefined {
	const memory = bytes.buffer;
	if (memory.byteLength > MAX_VIEWED_BYTES) return undefined;
	if (memory !== viewed) {
		viewed = memory;
		view = new DataView(memory);
	}
	return view;
}

/** True when bytes[from, to) is the learnt line with other values of the same classes. */
export function matchesTemplate(bytes: Buffer, from: number, to: number): boolean {
	const learnt = template;
	if (learnt === undefined) return false;
	const words = viewOf(bytes);
	const base = bytes.byteOffset;
	const { literals, slots } = learnt;
	let at = from;
	for (let value = 0; ; value++) {
		const literal = literals[value];
		const end = at + literal.length;
		if (end > to) return false;
		const literalWords = learnt.words[value];
		let offset = 0;
		if (words !== undefined) {
			for (let word = 0; word < literalWords.length; word++, at += 4) if (words.getInt32(base + at, true) !== literalWords[word]) return false;
			offset = literalWords.length * 4;
		}
		for (; at < end; offset++, at++) if (bytes[at] !== literal[offset]) return false;
		if (value === slots.length) return at === to;
		at = readFlatValue(bytes, at, to);
		if (at === -1 || readSlot() !== slots[value]) return false;
	}
}

/** Learns the text of bytes[from, to), the line segmentLineShape.readSegmentShape read last, when it is flat. */
export function learnTemplate(bytes: Buffer, from: number, to: number): void {
	if (!flat) return;
	const literals: Buffer[] = [];
	let literalStart = from;
	for (let value = 0; value < flatValues; value++) {
		literals.push(Buffer.from(bytes.subarray(literalStart, flatStarts[value])));
		literalStart = flatEnds[value];
	}
	literals.push(Buffer.from(bytes.subarray(literalStart, to)));
	template = {
		literals,
		words: literals.map((literal) => Int32Array.from({ length: literal.length >> 2 }, (_, word) => literal.readInt32LE(word * 4))),
		slots: flatSlots.slice(0, flatValues),
	};
}

/** Forgets the learnt text (tests, and with the shapes). */
export function forgetTemplate(): void {
	template = undefined;
}
