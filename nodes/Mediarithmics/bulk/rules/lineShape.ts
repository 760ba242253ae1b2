/**
 * The shape of any NDJSON line, read from its bytes (the fast check of every
 * document type but USER_SEGMENT, which has its own, segmentLineShape.ts): a
 * list of tokens for the whole JSON value, in which each value is reduced to
 * the class the line rules (lineRules.ts, fieldChecks.ts) judge it by:
 * - a string: empty, holding "@" or not (checkEmailHash), or, for a word of
 *   capitals and punctuation (the enums: operation, type, update_strategy,
 *   $type ...), its exact text; a blank string (only white space or control
 *   characters) has no shape, as the rules refuse blank values;
 * - a number: 0, a whole number >= 0 of at most 15 digits, or a number > 0
 *   with a fraction (a non-zero decimal within 15 characters, no exponent);
 *   any other number (negative, exponent, long, "1.0") has no shape;
 * - true, false, null;
 * - an object: its keys (by two hashes of the name) in order, each with its
 *   value's shape; a key written twice, escaped or non-ASCII has no shape;
 * - an array: none, one or several items, and the distinct shapes of its
 *   items in order of first appearance (the rules judge each item alone).
 * Nothing is decoded and no object is built. Values are validated as
 * JSON.parse and the UTF-8 decoding of the full check would (jsonScan.ts);
 * anything this does not read has no shape and goes to the full check.
 */
import {
	numberIsSmallWhole,
	numberIsZero,
	readNumber,
	readSeparator,
	readString,
	readWord,
	skipBlanks,
	stringEmpty,
	stringFlags,
	CHAR_AT,
	CHAR_OTHER,
	CHAR_UPPER,
	STRING_ESCAPED,
	STRING_NON_ASCII,
} from './jsonScan';
import { isTextOfHashes } from './hashedTexts';

const QUOTE = 0x22;

/** Token kinds (the low byte of a token; a few carry data in the bits above). */
const OBJECT = 1;
const OBJECT_END = 2;
const KEY = 3;
const ARRAY = 4;
const ARRAY_END = 5; // | item count class << 8
const ITEM = 6; // | token count of the item << 8
const NULL = 7;
const TRUE = 8;
const FALSE = 9;
const ZERO = 10;
const WHOLE = 11;
const FRACTION = 12;
const EMPTY_STRING = 13;
const STRING = 14;
const STRING_WITH_AT = 15;
const WORD = 16; // followed by two hashes of the text

/** Longer shapes (lines of many distinct nested values) go to the full check. */
export const MAX_TOKENS = 2048;
const MAX_DEPTH = 64;
const MAX_KEYS = 1024;
const MAX_WORD_BYTES = 40;

/** The tokens of the line last read by readLineShape, tokens[0, tokenCount). */
export const tokens = new Int32Array(MAX_TOKENS);
export let tokenCount = 0;

/** The two hashes of each key of the objects open, for repeated keys. */
const keyHashes = new Int32Array(MAX_KEYS * 2);
let keyTop = 0;

let depth = 0;

function push(token: number): boolean {
	if (tokenCount === MAX_TOKENS) return false;
	tokens[tokenCount++] = token;
	return true;
}

/** Set by hashBytes: a second, independent hash of the same bytes. */
let secondHash = 0;

/** Mixes a text's length into its multiply-add hash. */
const LENGTH_MIX = 0x9e3779b1 | 0;

/** FNV-1a of bytes[from, to), and a multiply-add hash (its length mixed in) in secondHash. */
function hashBytes(bytes: Buffer, from: number, to: number): number {
	let fnv = 0x811c9dc5;
	let other = 0;
	for (let at = from; at < to; at++) {
		const byte = bytes[at];
		fnv = Math.imul(fnv ^ byte, 0x01000193);
		other = (Math.imul(other, 31) + byte) | 0;
	}
	secondHash = (other + Math.imul(to - from, LENGTH_MIX)) | 0;
	return fnv | 0;
}

/** Bytes a key may hold here: printable ASCII but the quote and the backslash. */
const PLAIN_KEY_BYTE = new Uint8Array(256);
for (let byte = 0x20; byte < 0x80; byte++) PLAIN_KEY_BYTE[byte] = byte === QUOTE || byte === 0x5c ? 0 : 1;

function readObject(bytes: Buffer, index: number, to: number): number {
	if (++depth > MAX_DEPTH || !push(OBJECT)) return -1;
	const keyBase = keyTop;
	index = skipBlanks(bytes, index + 1, to);
	if (index < to && bytes[index] === 0x7d /* } */) {
		depth--;
		return push(OBJECT_END) ? index + 1 : -1;
	}
	for (;;) {
		if (index >= to || bytes[index] !== QUOTE) return -1;
		// The key is checked and hashed in one pass over its bytes (as hashBytes would hash them).
		const start = index + 1;
		index = start;
		let first = 0x811c9dc5;
		let second = 0;
		let byte = 0;
		while (index < to && PLAIN_KEY_BYTE[(byte = bytes[index])] === 1) {
			first = Math.imul(first ^ byte, 0x01000193);
			second = (Math.imul(second, 31) + byte) | 0;
			index++;
		}
		if (index >= to || byte !== QUOTE) return -1;
		first |= 0;
		second = (second + Math.imul(index - start, LENGTH_MIX)) | 0;
		if (!isTextOfHashes(bytes, start, index, first, second)) return -1;
		for (let at = keyBase; at < keyTop; at += 2) if (keyHashes[at] === first && keyHashes[at + 1] === second) return -1;
		if (keyTop === keyHashes.length) return -1;
		keyHashes[keyTop++] = first;
		keyHashes[keyTop++] = second;
		if (tokenCount + 3 > MAX_TOKENS) return -1;
		tokens[tokenCount++] = KEY;
		tokens[tokenCount++] = first;
		tokens[tokenCount++] = second;
		index = skipBlanks(bytes, index + 1, to);
		if (index >= to || bytes[index] !== 0x3a /* : */) return -1;
		index = readValue(bytes, skipBlanks(bytes, index + 1, to), to);
		if (index === -1) return -1;
		index = readSeparator(bytes, index, to, 0x7d);
		if (index >= 0) continue;
		if (index === -1) return -1;
		keyTop = keyBase;
		depth--;
		return push(OBJECT_END) ? ~index : -1;
	}
}

/** Whether tokens[from, from + length) equal tokens[other, other + length). */
function sameTokens(from: number, other: number, length: number): boolean {
	for (let offset = 0; offset < length; offset++) if (tokens[from + offset] !== tokens[other + offset]) return false;
	return true;
}

function readArray(bytes: Buffer, index: number, to: number): number {
	if (++depth > MAX_DEPTH || !push(ARRAY)) return -1;
	const first = tokenCount;
	let count = 0;
	index = skipBlanks(bytes, index + 1, to);
	if (index < to && bytes[index] === 0x5d /* ] */) {
		depth--;
		return push(ARRAY_END) ? index + 1 : -1;
	}
	for (;;) {
		// Each item as ITEM | its length, then its tokens; an item shaped like an earlier one is dropped.
		const item = tokenCount;
		if (!push(ITEM)) return -1;
		index = readValue(bytes, index, to);
		if (index === -1) return -1;
		const length = tokenCount - item - 1;
		tokens[item] = ITEM | (length << 8);
		for (let earlier = first; earlier < item; earlier += 1 + (tokens[earlier] >> 8)) {
			if (tokens[earlier] === tokens[item] && sameTokens(earlier + 1, item + 1, length)) {
				tokenCount = item;
				break;
			}
		}
		count++;
		index = readSeparator(bytes, index, to, 0x5d);
		if (index >= 0) continue;
		if (index === -1) return -1;
		depth--;
		return push(ARRAY_END | ((count > 1 ? 2 : 1) << 8)) ? ~index : -1;
	}
}

/** The kinds of characters of a word compared exactly: capitals and punctuation, unescaped ASCII. */
const NOT_WORD = ~(CHAR_UPPER | CHAR_OTHER) & 63;

function readStringValue(bytes: Buffer, index: number, to: number): number {
	const start = index + 1;
	const end = readString(bytes, start, to);
	if (end === -1) return -1;
	if (stringEmpty) return push(EMPTY_STRING) ? end : -1;
	const flags = stringFlags;
	if ((flags & (NOT_WORD | STRING_ESCAPED | STRING_NON_ASCII)) === 0 && end - 1 - start <= MAX_WORD_BYTES) {
		const first = hashBytes(bytes, start, end - 1);
		if (!isTextOfHashes(bytes, start, end - 1, first, secondHash)) return -1;
		return push(WORD) && push(first) && push(secondHash) ? end : -1;
	}
	return push((flags & CHAR_AT) !== 0 ? STRING_WITH_AT : STRING) ? end : -1;
}

/** A number > 0 with a fraction: no sign or exponent, at most 15 characters, a non-zero digit after the point. */
function isPlainFraction(bytes: Buffer, from: number, to: number): boolean {
	if (to - from > 15 || bytes[from] === 0x2d) return false;
	let point = -1;
	for (let at = from; at < to; at++) {
		const byte = bytes[at];
		if (byte === 0x2e) point = at;
		else if (byte < 0x30 || byte > 0x39) return false;
		else if (point !== -1 && byte !== 0x30) return true;
	}
	return false;
}

function readValue(bytes: Buffer, index: number, to: number): number {
	if (index >= to) return -1;
	const first = bytes[index];
	if (first === QUOTE) return readStringValue(bytes, index, to);
	if (first === 0x7b) return readObject(bytes, index, to);
	if (first === 0x5b) return readArray(bytes, index, to);
	if (first === 0x2d || (first >= 0x30 && first <= 0x39)) {
		const end = readNumber(bytes, index, to);
		if (end === -1) return -1;
		if (numberIsSmallWhole) return push(numberIsZero ? ZERO : WHOLE) ? end : -1;
		return isPlainFraction(bytes, index, end) && push(FRACTION) ? end : -1;
	}
	let end = readWord(bytes, index, to, 'null');
	if (end !== -1) return push(NULL) ? end : -1;
	end = readWord(bytes, index, to, 'true');
	if (end !== -1) return push(TRUE) ? end : -1;
	end = readWord(bytes, index, to, 'false');
	return end !== -1 && push(FALSE) ? end : -1;
}

/** Reads the shape of bytes[from, to) into `tokens`; false when the line has none (see above). */
export function readLineShape(bytes: Buffer, from: number, to: number): boolean {
	tokenCount = 0;
	keyTop = 0;
	depth = 0;
	const end = readValue(bytes, skipBlanks(bytes, from, to), to);
	return end !== -1 && skipBlanks(bytes, end, to) === to;
}
