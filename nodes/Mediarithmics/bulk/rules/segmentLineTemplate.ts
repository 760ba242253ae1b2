/**
 * The shape of the last USER_SEGMENT line the fast check (fastSegmentLine.ts)
 * found certainly valid, to recognise the next lines of the same shape at a
 * fraction of the cost. A large file is written by one program: its lines
 * have the same keys in the same order, the same spacing, and values of the
 * same kinds; only the values differ. So a line is compared with the literal
 * text of that line (keys, quotes, colons, commas, spacing) four bytes at a
 * time, and only its values are read.
 *
 * A line that matches differs from the learnt one only in its values, each of
 * the same kind (a non-empty plain ASCII string, or a whole number of 1 to 15
 * digits); the fast check's rules depend on the values' kinds only, except
 * for the operation's value, which is checked here too. So it is certainly
 * valid as well. Any other line is left to the fast check (a miss costs a
 * compare that most often stops at the first differing byte).
 * test/unit/bulk/fastSegmentLine.property.test.ts checks, on generated lines
 * and mutations of them right after their template was learnt, that a match
 * never calls valid a line the full check refuses.
 */

const QUOTE = 0x22;
const ZERO = 0x30;
const NINE = 0x39;
const SPACE = 0x20;
const TAB = 0x09;
const BACKSLASH = 0x5c;

const AT = 0x40;

const STRING = 1;
const NUMBER = 2;

/** Bytes a plain string may hold as they are (as in fastSegmentLine.ts): printable ASCII but the quote and the backslash. */
const PLAIN_STRING_BYTE = new Uint8Array(256);
for (let byte = SPACE; byte < 0x80; byte++) PLAIN_STRING_BYTE[byte] = byte === QUOTE || byte === BACKSLASH ? 0 : 1;

const OPERATION_KEY = Buffer.from('"operation"', 'ascii');
const EMAIL_HASH_KEY = Buffer.from('"email_hash"', 'ascii');
const UPDATE = Buffer.from('UPDATE', 'ascii');
const DELETE = Buffer.from('DELETE', 'ascii');

interface Template {
	/** literals[i] comes before value i; the last one ends the line. */
	literals: Buffer[];
	/** Each literal as little-endian 32-bit words (its last length % 4 bytes are compared one by one). */
	words: Int32Array[];
	kinds: Uint8Array;
	/** The value that is the operation's. */
	operation: number;
	/** The value that is the email hash's (-1: none), which must not hold "@". */
	emailHash: number;
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

/**
 * A DataView over the memory of the buffer (index it at bytes.byteOffset +
 * offset): one per chunk, as the lines of a chunk (or of the items' 1 MiB
 * blocks) share it.
 */
function viewOf(bytes: Buffer): DataView<ArrayBufferLike> | undefined {
	const memory = bytes.buffer;
	if (memory.byteLength > MAX_VIEWED_BYTES) return undefined;
	if (memory !== viewed) {
		viewed = memory;
		view = new DataView(memory);
	}
	return view;
}

/** True when bytes[from, to) is the learnt line with other values of the same kinds. */
export function matchesTemplate(bytes: Buffer, from: number, to: number): boolean {
	const learnt = template;
	if (learnt === undefined) return false;
	const words = viewOf(bytes);
	const base = bytes.byteOffset;
	const { literals, kinds } = learnt;
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
		if (value === kinds.length) return at === to;
		const start = at;
		if (kinds[value] === STRING) {
			// Stops at the closing quote, which the next literal starts with (or at a byte no plain string holds: no match).
			while (at < to && PLAIN_STRING_BYTE[bytes[at]] === 1) at++;
			// Empty, or starting with a space (perhaps all spaces): left to the fast check, as the rules refuse blank strings.
			if (at === start || bytes[start] === SPACE) return false;
			if (value === learnt.emailHash && holdsAt(bytes, start, at)) return false;
			if (value === learnt.operation && !(at - start === 6 && (equalsAt(bytes, start, UPDATE) || equalsAt(bytes, start, DELETE)))) return false;
		} else {
			while (at < to && bytes[at] >= ZERO && bytes[at] <= NINE) at++;
			const digits = at - start;
			// JSON has no leading zeros; more than 15 digits may not be a safe integer.
			if (digits === 0 || digits > 15 || (digits > 1 && bytes[start] === ZERO)) return false;
		}
	}
}

/**
 * Learns the shape of bytes[from, to), a line the fast check found certainly
 * valid (so a flat object of plain tokens). A line with a value of another
 * kind (null, true, false, an empty string, a fraction, a long number) is not
 * learnt: the template stays as it was.
 */
export function learnTemplate(bytes: Buffer, from: number, to: number): void {
	const literals: Buffer[] = [];
	const kinds: number[] = [];
	let operation = -1;
	let emailHash = -1;
	let literalStart = from;
	let index = from;
	for (;;) {
		// To the next key's opening quote, or the end of the line.
		while (index < to && bytes[index] !== QUOTE) index++;
		if (index >= to) break;
		const keyStart = index;
		index++;
		while (index < to && bytes[index] !== QUOTE) index++;
		index++;
		const isOperation = index - keyStart === OPERATION_KEY.length && equalsAt(bytes, keyStart, OPERATION_KEY);
		const isEmailHash = index - keyStart === EMAIL_HASH_KEY.length && equalsAt(bytes, keyStart, EMAIL_HASH_KEY);
		// Past the colon and any spacing, to the value.
		while (index < to && (bytes[index] === SPACE || bytes[index] === TAB || bytes[index] === 0x3a)) index++;
		let valueStart: number;
		let valueEnd: number;
		if (bytes[index] === QUOTE) {
			valueStart = index + 1;
			valueEnd = valueStart;
			while (valueEnd < to && bytes[valueEnd] !== QUOTE) valueEnd++;
			if (valueEnd === valueStart) return;
			kinds.push(STRING);
		} else if (bytes[index] >= ZERO && bytes[index] <= NINE) {
			valueStart = index;
			valueEnd = index;
			while (valueEnd < to && bytes[valueEnd] >= ZERO && bytes[valueEnd] <= NINE) valueEnd++;
			const next = bytes[valueEnd];
			if (valueEnd - valueStart > 15 || next === 0x2e || next === 0x65 || next === 0x45) return;
			kinds.push(NUMBER);
		} else {
			return;
		}
		if (isOperation) operation = kinds.length - 1;
		if (isEmailHash) emailHash = kinds.length - 1;
		literals.push(Buffer.from(bytes.subarray(literalStart, valueStart)));
		literalStart = valueEnd;
		// A string's closing quote starts the next literal.
		index = bytes[valueEnd] === QUOTE ? valueEnd + 1 : valueEnd;
	}
	if (operation === -1) return;
	literals.push(Buffer.from(bytes.subarray(literalStart, to)));
	template = {
		literals,
		words: literals.map((literal) => Int32Array.from({ length: literal.length >> 2 }, (_, word) => literal.readInt32LE(word * 4))),
		kinds: Uint8Array.from(kinds),
		operation,
		emailHash,
	};
}

export function hasTemplate(): boolean {
	return template !== undefined;
}

/** Forgets the learnt shape (tests). */
export function forgetTemplate(): void {
	template = undefined;
}

function holdsAt(bytes: Buffer, from: number, to: number): boolean {
	for (let index = from; index < to; index++) if (bytes[index] === AT) return true;
	return false;
}

function equalsAt(bytes: Buffer, from: number, word: Buffer): boolean {
	for (let offset = 0; offset < word.length; offset++) if (bytes[from + offset] !== word[offset]) return false;
	return true;
}
