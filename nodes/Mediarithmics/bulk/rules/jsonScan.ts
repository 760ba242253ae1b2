/**
 * Reading JSON values straight from UTF-8 bytes, for the fast line checks:
 * nothing is decoded into strings and no object is built. Each reader
 * validates what it reads as JSON.parse and the full check's UTF-8 decoding
 * would (escapes, control characters, well-formed UTF-8, number grammar) and
 * describes the value by a class (segmentLineShape.ts), so that lines whose
 * values fall in the same classes can share one verdict of the full rules.
 * Readers return the index after the value, or -1 for anything they do not
 * read (the caller then leaves the line to the full check).
 */

import { readUtf8, utf8CodePoint } from '../encoding/utf8';

export { readUtf8 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;

/** What a printable ASCII byte is, as bits; STOP for the bytes a plain string loop must look at. */
export const CHAR_UPPER = 1;
export const CHAR_LOWER = 2;
export const CHAR_DIGIT = 4;
export const CHAR_SPACE = 8;
export const CHAR_AT = 16;
export const CHAR_OTHER = 32;
const CHAR_NOT_HEX = 64;
const STOP = 128;

const CHAR = new Uint8Array(256).fill(STOP);
for (let byte = 0x20; byte <= 0x7f; byte++) {
	const char = String.fromCharCode(byte);
	let bits = CHAR_OTHER;
	if (/[A-Z]/.test(char)) bits = CHAR_UPPER;
	else if (/[a-z]/.test(char)) bits = CHAR_LOWER;
	else if (/[0-9]/.test(char)) bits = CHAR_DIGIT;
	else if (char === ' ') bits = CHAR_SPACE;
	else if (char === '@') bits = CHAR_AT;
	if (!/[0-9a-fA-F]/.test(char)) bits |= CHAR_NOT_HEX;
	CHAR[byte] = byte === QUOTE || byte === BACKSLASH ? STOP : bits;
}

/** Flags of a string beyond the kinds of its ASCII characters (CHAR_*). */
export const STRING_ESCAPED = 1 << 6;
export const STRING_NON_ASCII = 1 << 7;
/** Its first or last character is white space or a control character (what String#trim would remove, and more). */
export const STRING_EDGE_SPACE = 1 << 8;
export const STRING_LONG = 1 << 9;
/** All hexadecimal digits, of a hash's length: bits 10-12 hold 1 (32), 2 (40), 3 (64), 4 (128), 5 (another length). */
const HEX_SHIFT = 10;
export const LONG_BYTES = 256;

/** Set by readString: the flags of the string just read, and whether it was empty. */
export let stringFlags = 0;
export let stringEmpty = false;

/** White space as String#trim and /\s/ see it, and the control characters. */
function isSpaceOrControl(codePoint: number): boolean {
	return (
		codePoint <= 0x20 ||
		(codePoint >= 0x7f && codePoint <= 0xa0) ||
		codePoint === 0x1680 ||
		(codePoint >= 0x2000 && codePoint <= 0x200f) ||
		(codePoint >= 0x2028 && codePoint <= 0x202f) ||
		codePoint === 0x205f ||
		codePoint === 0x3000 ||
		codePoint === 0xfeff
	);
}

function hexValue(byte: number): number {
	if (byte >= ZERO && byte <= NINE) return byte - ZERO;
	const lower = byte | 0x20;
	return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** Set by readEscape: the code unit the escape stands for. */
let escapedUnit = 0;

/** Reads the escape at `index` (its backslash); the index after it, or -1 for an escape JSON does not allow. */
function readEscape(bytes: Buffer, index: number, to: number): number {
	if (index + 1 >= to) return -1;
	switch (bytes[index + 1]) {
		case QUOTE:
		case BACKSLASH:
		case 0x2f /* / */:
			escapedUnit = bytes[index + 1];
			return index + 2;
		case 0x62 /* b */:
			escapedUnit = 8;
			return index + 2;
		case 0x66 /* f */:
			escapedUnit = 12;
			return index + 2;
		case 0x6e /* n */:
			escapedUnit = 10;
			return index + 2;
		case 0x72 /* r */:
			escapedUnit = 13;
			return index + 2;
		case 0x74 /* t */:
			escapedUnit = 9;
			return index + 2;
		case 0x75 /* u */: {
			if (index + 6 > to) return -1;
			let unit = 0;
			for (let k = 2; k < 6; k++) {
				const digit = hexValue(bytes[index + k]);
				if (digit === -1) return -1;
				unit = (unit << 4) | digit;
			}
			escapedUnit = unit;
			return index + 6;
		}
		default:
			return -1;
	}
}

function hexLengthClass(length: number): number {
	if (length === 32) return 1;
	if (length === 40) return 2;
	if (length === 64) return 3;
	if (length === 128) return 4;
	return 5;
}

/**
 * Reads a JSON string whose opening quote is at `index - 1`; returns the
 * index after its closing quote, or -1. Sets stringFlags and stringEmpty.
 */
export function readString(bytes: Buffer, index: number, to: number): number {
	const start = index;
	// The kinds of characters seen (CHAR_* bits, CHAR_NOT_HEX included).
	let seen = 0;
	let flags = 0;
	let edge = false;
	/** Where the last escape or non-ASCII character that is white space or a control character ended. */
	let lastSpecialEnd = -1;
	/** Whether an escape or non-ASCII character that is neither white space nor a control character was read. */
	let specialVisible = false;
	/** The kinds that escapes and non-ASCII characters add (kept apart from `seen` to tell a blank string). */
	let specialSeen = 0;
	for (;;) {
		// The common bytes in one table look-up each.
		let bits = 0;
		while (index < to && (bits = CHAR[bytes[index]]) < STOP) {
			seen |= bits;
			index++;
		}
		if (index >= to) return -1;
		const byte = bytes[index];
		if (byte === QUOTE) break;
		let codePoint: number;
		const at = index;
		if (byte === BACKSLASH) {
			index = readEscape(bytes, index, to);
			if (index === -1) return -1;
			flags |= STRING_ESCAPED;
			codePoint = escapedUnit;
			// An escaped ASCII character counts as that character, and the string as escaped.
			if (codePoint >= 0x20 && codePoint < 0x80) specialSeen |= CHAR[codePoint] & ~STOP;
			else if (codePoint < 0x20) specialSeen |= CHAR_OTHER | CHAR_NOT_HEX;
			else {
				flags |= STRING_NON_ASCII;
				specialSeen |= CHAR_NOT_HEX;
			}
		} else if (byte >= 0x80) {
			index = readUtf8(bytes, index, to);
			if (index === -1) return -1;
			codePoint = utf8CodePoint();
			flags |= STRING_NON_ASCII;
			specialSeen |= CHAR_NOT_HEX;
		} else {
			// A control character: invalid in a JSON string.
			return -1;
		}
		if (isSpaceOrControl(codePoint) || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
			if (at === start) edge = true;
			lastSpecialEnd = index;
		} else {
			specialVisible = true;
		}
	}
	const length = index - start;
	// A string of white space and control characters alone has no shape: the rules refuse a blank value
	// where an id or a name is due, and its kinds (space, "other") could match those of a valid value.
	if (length > 0 && !specialVisible && (seen & 63 & ~CHAR_SPACE) === 0) return -1;
	seen |= specialSeen;
	if (length > 0 && (bytes[start] === 0x20 || bytes[index - 1] === 0x20 || lastSpecialEnd === index)) edge = true;
	if (edge) flags |= STRING_EDGE_SPACE;
	if (length >= LONG_BYTES) flags |= STRING_LONG;
	if (length > 0 && (seen & CHAR_NOT_HEX) === 0) flags |= hexLengthClass(length) << HEX_SHIFT;
	stringFlags = flags | (seen & 63);
	stringEmpty = length === 0;
	return index + 1;
}

/** Set by readNumber: whether the number just read is a whole number >= 0 of at most 15 digits (a safe integer), and whether it is 0. */
export let numberIsSmallWhole = false;
export let numberIsZero = false;

/** Reads a JSON number at `index` (JSON's grammar exactly); the index after it, or -1. */
export function readNumber(bytes: Buffer, index: number, to: number): number {
	const start = index;
	let plain = true;
	if (bytes[index] === MINUS) {
		plain = false;
		index++;
	}
	if (index < to && bytes[index] === ZERO) {
		index++;
	} else if (index < to && bytes[index] > ZERO && bytes[index] <= NINE) {
		while (index < to && bytes[index] >= ZERO && bytes[index] <= NINE) index++;
	} else {
		return -1;
	}
	if (index < to && bytes[index] === 0x2e /* . */) {
		plain = false;
		index++;
		if (!(index < to && bytes[index] >= ZERO && bytes[index] <= NINE)) return -1;
		while (index < to && bytes[index] >= ZERO && bytes[index] <= NINE) index++;
	}
	if (index < to && (bytes[index] | 0x20) === 0x65 /* e */) {
		plain = false;
		index++;
		if (index < to && (bytes[index] === 0x2b || bytes[index] === MINUS)) index++;
		if (!(index < to && bytes[index] >= ZERO && bytes[index] <= NINE)) return -1;
		while (index < to && bytes[index] >= ZERO && bytes[index] <= NINE) index++;
	}
	numberIsSmallWhole = plain && index - start <= 15;
	numberIsZero = plain && index - start === 1 && bytes[start] === ZERO;
	return index;
}

/** Spaces and tabs: the white space the fast checks read between values (any other goes to the full check). */
export function skipBlanks(bytes: Buffer, index: number, to: number): number {
	while (index < to && (bytes[index] === 0x20 || bytes[index] === 0x09)) index++;
	return index;
}

/**
 * After a member or item ending at `index`: blanks, then a comma or `close`
 * (a bracket's byte). Returns where the next member or item starts after a
 * comma (>= 0), ~(the index after the bracket) when closed (<= -2), or -1 for
 * anything else.
 */
export function readSeparator(bytes: Buffer, index: number, to: number, close: number): number {
	index = skipBlanks(bytes, index, to);
	if (index >= to) return -1;
	if (bytes[index] === 0x2c /* , */) return skipBlanks(bytes, index + 1, to);
	return bytes[index] === close ? ~(index + 1) : -1;
}

/** The index after `word` at `index`, or -1. */
export function readWord(bytes: Buffer, index: number, to: number, word: string): number {
	if (index + word.length > to) return -1;
	for (let offset = 0; offset < word.length; offset++) if (bytes[index + offset] !== word.charCodeAt(offset)) return -1;
	return index + word.length;
}
