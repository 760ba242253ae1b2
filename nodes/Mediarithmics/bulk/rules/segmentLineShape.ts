/**
 * The shape of a USER_SEGMENT line, read from its bytes: for each field the
 * rules know, the class of its value (absent, null, 0, a small whole number,
 * an empty string, a string with the kinds of characters it holds and its
 * escapes, non-ASCII text, white space at its edges, hash-like hexadecimal
 * length; a list and the classes of its items; a data_bag with the kind of
 * JSON it holds; the operation's exact word), and the names of the other
 * fields. Nothing is decoded and no object is built.
 *
 * The rules of lineRules.ts judge a line by exactly such classes, so two lines
 * of one shape get the same verdict: fastSegmentLine.ts lets the full rules
 * judge the first line of each shape and reuses a "valid" for the next ones.
 * A value outside the classes (a nested value, a fraction, a negative or long
 * number, an escaped key, a repeated field, an operation that is not a known
 * word, malformed JSON or UTF-8) has no shape: the line goes to the full check.
 */
import { innerKind, readEscapedJson, sawNonAscii } from './escapedJson';
import { quickInnerKind, quickNonAscii, readEscapedJsonQuickly } from './escapedJsonQuick';
import {
	numberIsSmallWhole,
	numberIsZero,
	readNumber,
	readString,
	readWord,
	stringEmpty,
	stringFlags,
	LONG_BYTES,
	STRING_LONG,
	STRING_NON_ASCII,
} from './jsonScan';
import { SEGMENT_CSV_COLUMNS } from './segmentCsvColumns';

const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;

// The fields the segment rules name: the same list as the CSV columns.
const KEYS = SEGMENT_CSV_COLUMNS.map((key) => Buffer.from(key, 'ascii'));
const OPERATION = SEGMENT_CSV_COLUMNS.indexOf('operation');
const DATA_BAG = SEGMENT_CSV_COLUMNS.indexOf('data_bag');

/** Slots of a shape: one per known key, then the other keys' count and a sum of their names' hashes. */
export const SHAPE_SLOTS = KEYS.length + 2;
const OTHER_COUNT = KEYS.length;
const OTHER_NAMES = KEYS.length + 1;

/** Value kinds (a slot holds kind << 16 | flags). */
const NULL = 1;
const ZERO = 2;
const WHOLE = 3;
const EMPTY_STRING = 4;
const STRING = 5;
const LIST = 6;
const DATA = 7;
const TRUE = 8;
const FALSE = 9;
const WORD = 10;
const KIND_SHIFT = 16;

const WORDS = ['UPDATE', 'DELETE', 'UPSERT'].map((word) => Buffer.from(word, 'ascii'));

/** List flags beyond the items' string flags. */
const LIST_HAS_NUMBER = 1 << 13;
const LIST_SEVERAL = 1 << 14;
const HEX_BITS = 7 << 10;

/** The shape of the line last read by readSegmentShape. */
export const shape = new Int32Array(SHAPE_SLOTS);

/** Known keys by length and first byte, which tell them apart: the key's index, or -1. */
const MAX_KEY_LENGTH = 32;
const KEY_BY_LENGTH_AND_FIRST_BYTE = new Int8Array(MAX_KEY_LENGTH * 256).fill(-1);
KEYS.forEach((key, index) => {
	if (KEY_BY_LENGTH_AND_FIRST_BYTE[key.length * 256 + key[0]] !== -1) throw new Error(`two known keys alike: ${key.toString()}`);
	KEY_BY_LENGTH_AND_FIRST_BYTE[key.length * 256 + key[0]] = index;
});

/** Set by readKey: the index after the key's closing quote, and an unknown key's name hash. */
let keyEnd = -1;
let keyHash = 0;

/** The key whose content starts at `index`: the index of a known key, or -1 for another plain ASCII one (keyEnd -1: not plain). */
function readKey(bytes: Buffer, index: number, to: number): number {
	keyEnd = -1;
	const start = index;
	while (index < to && PLAIN_KEY_BYTE[bytes[index]] === 1) index++;
	// An escaped or non-ASCII name is left to the full check.
	if (index >= to || bytes[index] !== QUOTE) return -1;
	keyEnd = index + 1;
	const length = index - start;
	if (length > 0 && length < MAX_KEY_LENGTH) {
		const known = KEY_BY_LENGTH_AND_FIRST_BYTE[length * 256 + bytes[start]];
		if (known !== -1 && equalsAt(bytes, start, KEYS[known])) return known;
	}
	// FNV-1a over the name.
	let hash = 0x811c9dc5;
	for (let at = start; at < index; at++) hash = Math.imul(hash ^ bytes[at], 0x01000193);
	// 30 bits: a small integer to V8, stored without allocating.
	keyHash = hash >>> 2;
	return -1;
}

/** Bytes a key may hold here: printable ASCII but the quote and the backslash. */
const PLAIN_KEY_BYTE = new Uint8Array(256);
for (let byte = 0x20; byte < 0x80; byte++) PLAIN_KEY_BYTE[byte] = byte === QUOTE || byte === 0x5c ? 0 : 1;

function equalsAt(bytes: Buffer, from: number, word: Buffer): boolean {
	for (let offset = 0; offset < word.length; offset++) if (bytes[from + offset] !== word[offset]) return false;
	return true;
}

function skipBlanks(bytes: Buffer, index: number, to: number): number {
	while (index < to && (bytes[index] === SPACE || bytes[index] === TAB)) index++;
	return index;
}

/** The hashes of the other fields' names in the line being read; more of them go to the full check. */
const MAX_OTHER_KEYS = 32;
const otherKeyHashes = new Int32Array(MAX_OTHER_KEYS);

/** Set by readScalar: the slot of the value just read. */
let slot = 0;

/** A string, number, true, false or null at `index`; the index after it, or -1 (slot set). */
function readScalar(bytes: Buffer, index: number, to: number): number {
	const first = bytes[index];
	if (first === QUOTE) {
		const start = index + 1;
		index = readString(bytes, start, to);
		slot = stringEmpty ? EMPTY_STRING << KIND_SHIFT : (STRING << KIND_SHIFT) | stringFlags;
		return index;
	}
	if (first === 0x2d || (first >= 0x30 && first <= 0x39)) {
		index = readNumber(bytes, index, to);
		// Other numbers (negative, fractions, long ones) have no class here.
		if (index === -1 || !numberIsSmallWhole) return -1;
		slot = (numberIsZero ? ZERO : WHOLE) << KIND_SHIFT;
		return index;
	}
	let end = readWord(bytes, index, to, 'null');
	if (end !== -1) {
		slot = NULL << KIND_SHIFT;
		return end;
	}
	end = readWord(bytes, index, to, 'true');
	if (end !== -1) {
		slot = TRUE << KIND_SHIFT;
		return end;
	}
	end = readWord(bytes, index, to, 'false');
	slot = FALSE << KIND_SHIFT;
	return end;
}

/** A non-empty list of non-empty strings and small whole numbers at `index` (its "["); the index after it, or -1 (slot set). */
function readList(bytes: Buffer, index: number, to: number): number {
	let flags = 0;
	let hex = -1;
	let count = 0;
	index = skipBlanks(bytes, index + 1, to);
	for (;;) {
		if (index >= to) return -1;
		index = readScalar(bytes, index, to);
		if (index === -1) return -1;
		const kind = slot >>> KIND_SHIFT;
		if (kind === STRING) {
			flags |= slot & ~HEX_BITS & 0xffff;
			const itemHex = slot & HEX_BITS;
			hex = hex === -1 || hex === itemHex ? itemHex : HEX_BITS;
		} else if (kind === ZERO || kind === WHOLE) {
			flags |= LIST_HAS_NUMBER;
			hex = HEX_BITS;
		} else {
			return -1;
		}
		count++;
		index = skipBlanks(bytes, index, to);
		if (index >= to) return -1;
		if (bytes[index] === 0x2c) {
			index = skipBlanks(bytes, index + 1, to);
			continue;
		}
		if (bytes[index] !== 0x5d) return -1;
		slot = (LIST << KIND_SHIFT) | flags | hex | (count > 1 ? LIST_SEVERAL : 0);
		return index + 1;
	}
}

/** Reads the shape of bytes[from, to) into `shape`; false when the line has none (see above). */
export function readSegmentShape(bytes: Buffer, from: number, to: number): boolean {
	shape.fill(0);
	flatValues = 0;
	flat = true;
	let index = skipBlanks(bytes, from, to);
	if (index >= to || bytes[index] !== 0x7b /* { */) return false;
	index = skipBlanks(bytes, index + 1, to);
	for (;;) {
		if (index >= to || bytes[index] !== QUOTE) return false;
		const key = readKey(bytes, index + 1, to);
		if (keyEnd === -1) return false;
		index = skipBlanks(bytes, keyEnd, to);
		if (index >= to || bytes[index] !== 0x3a /* : */) return false;
		index = skipBlanks(bytes, index + 1, to);
		if (index >= to) return false;
		const valueStart = index;
		if (key === DATA_BAG && bytes[index] === QUOTE) index = readDataBag(bytes, index, to);
		else index = bytes[index] === 0x5b /* [ */ ? readList(bytes, index, to) : readScalar(bytes, index, to);
		if (index === -1) return false;
		recordValue(key, valueStart, index);
		if (key === -1) {
			// The rules pass other fields untouched, but a name written twice makes the line ambiguous: two
			// names of one hash go to the full check, so that a line whose other names only sum alike is never taken.
			const others = shape[OTHER_COUNT];
			if (others === MAX_OTHER_KEYS) return false;
			for (let other = 0; other < others; other++) if (otherKeyHashes[other] === keyHash) return false;
			otherKeyHashes[others] = keyHash;
			shape[OTHER_COUNT]++;
			shape[OTHER_NAMES] = (shape[OTHER_NAMES] + keyHash) | 0;
		} else {
			// JSON.parse keeps the last of repeated keys: leave that to the full check.
			if (shape[key] !== 0) return false;
			if (key === OPERATION && !readOperation(bytes, valueStart, index)) return false;
			shape[key] = slot;
		}
		index = skipBlanks(bytes, index, to);
		if (index >= to) return false;
		if (bytes[index] === 0x2c /* , */) {
			index = skipBlanks(bytes, index + 1, to);
			continue;
		}
		if (bytes[index] !== 0x7d /* } */) return false;
		return skipBlanks(bytes, index + 1, to) === to;
	}
}

/**
 * Where the values of the line last read are, for segmentLineTemplate.ts:
 * each string (quotes included) or number, with its slot; the operation's
 * word is left in the text around them. `flat` is false when the line holds
 * another kind of value (a list, a data_bag, null, true, false).
 */
export const MAX_FLAT_VALUES = 16;
export const flatStarts = new Int32Array(MAX_FLAT_VALUES);
export const flatEnds = new Int32Array(MAX_FLAT_VALUES);
export const flatSlots = new Int32Array(MAX_FLAT_VALUES);
export let flatValues = 0;
export let flat = true;

function recordValue(key: number, start: number, end: number): void {
	if (key === OPERATION || !flat) return;
	const kind = slot >>> KIND_SHIFT;
	if (flatValues === MAX_FLAT_VALUES || !(kind === STRING || kind === EMPTY_STRING || kind === ZERO || kind === WHOLE)) {
		flat = false;
		return;
	}
	flatStarts[flatValues] = start;
	flatEnds[flatValues] = end;
	flatSlots[flatValues] = slot;
	flatValues++;
}

/** The slot of the string or number at `index` (its opening quote or first digit), set in `slot`; the index after it, or -1. */
export function readFlatValue(bytes: Buffer, index: number, to: number): number {
	return readScalar(bytes, index, to);
}

export const readSlot = (): number => slot;

/** The operation's value as one of the known words (the rules compare it exactly); false for any other. */
function readOperation(bytes: Buffer, from: number, to: number): boolean {
	if (slot >>> KIND_SHIFT !== STRING) return true;
	for (let word = 0; word < WORDS.length; word++) {
		if (to - from - 2 === WORDS[word].length && equalsAt(bytes, from + 1, WORDS[word])) {
			slot = (WORD << KIND_SHIFT) | (word + 1);
			return true;
		}
	}
	return false;
}

/** A data_bag string holding JSON text at `index` (its opening quote), classed by that text's kind; the index after it, or -1. */
function readDataBag(bytes: Buffer, index: number, to: number): number {
	// Most bags are written the common way, which the quick reader takes; the general one judges the others.
	let end = readEscapedJsonQuickly(bytes, index + 1, to);
	let kind = quickInnerKind;
	let nonAscii = quickNonAscii;
	if (end === -1) {
		end = readEscapedJson(bytes, index + 1, to);
		kind = innerKind;
		nonAscii = sawNonAscii;
	}
	slot = (DATA << KIND_SHIFT) | kind | (nonAscii ? STRING_NON_ASCII : 0) | (end - index >= LONG_BYTES ? STRING_LONG : 0);
	return end;
}
