/**
 * Whether a JSON string's content, once unescaped, is itself JSON text (a
 * USER_SEGMENT data_bag, "escaped JSON"), read from the bytes of the outer
 * string without building either string: the outer string is validated (its
 * escapes, control characters, UTF-8) and decoded on the fly, and the inner
 * text is checked against JSON's grammar as JSON.parse would. Used by the fast segment check only; anything it does not read
 * (deep nesting, malformed text) is left to the full check.
 */

import { readUtf8 } from './jsonScan';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The decoded character at the cursor: a code unit below 0x80, NON_ASCII for any other, END at the outer closing quote, BAD for an error. */
const NON_ASCII = 0x100;
const END = -1;
const BAD = -2;
const MAX_DEPTH = 64;

let bytes: Buffer = Buffer.alloc(0);
let to = 0;
/** Where the character after the current one starts. */
let next = 0;
let current = END;

export const INNER_OBJECT = 1;
export const INNER_ARRAY = 2;
export const INNER_OTHER = 3;

/** Set by readEscapedJson: what the inner text's top-level value is (INNER_*). */
export let innerKind = 0;

function decodeAt(index: number): void {
	if (index >= to) {
		current = BAD;
		return;
	}
	const byte = bytes[index];
	if (byte === QUOTE) {
		current = END;
		next = index;
	} else if (byte === BACKSLASH) {
		if (index + 1 >= to) return void (current = BAD);
		const escape = bytes[index + 1];
		next = index + 2;
		if (escape === QUOTE || escape === BACKSLASH || escape === 0x2f) current = escape;
		else if (escape === 0x62) current = 8;
		else if (escape === 0x66) current = 12;
		else if (escape === 0x6e) current = 10;
		else if (escape === 0x72) current = 13;
		else if (escape === 0x74) current = 9;
		else if (escape === 0x75 && index + 6 <= to) {
			let unit = 0;
			for (let k = 2; k < 6; k++) {
				const byte = bytes[index + k];
				const lower = byte | 0x20;
				const digit = byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
				if (digit === -1) return void (current = BAD);
				unit = (unit << 4) | digit;
			}
			next = index + 6;
			current = unit < 0x80 ? unit : NON_ASCII;
			if (unit >= 0x80) sawNonAscii = true;
		} else current = BAD;
	} else if (byte < 0x20) {
		current = BAD;
	} else if (byte < 0x80) {
		current = byte;
		next = index + 1;
	} else {
		next = readUtf8(bytes, index, to);
		current = next === -1 ? BAD : NON_ASCII;
		sawNonAscii = true;
	}
}

/** The current character (a function, so that the checks after each advance() are not narrowed away by the compiler). */
const peek = (): number => current;

const advance = () => decodeAt(next);

function skipSpace(): void {
	while (peek() === 0x20 || peek() === 0x09 || peek() === 0x0a || peek() === 0x0d) advance();
}

const isDigit = (unit: number) => unit >= 0x30 && unit <= 0x39;

function digits(): boolean {
	if (!isDigit(peek())) return false;
	// Raw digits stand for themselves: skipped in one loop.
	let index = next;
	while (index < to && bytes[index] >= 0x30 && bytes[index] <= 0x39) index++;
	decodeAt(index);
	return true;
}

function number(): boolean {
	if (peek() === 0x2d) advance();
	if (peek() === 0x30) advance();
	else if (!digits()) return false;
	if (peek() === 0x2e) {
		advance();
		if (!digits()) return false;
	}
	if (peek() === 0x65 || peek() === 0x45) {
		advance();
		if (peek() === 0x2b || peek() === 0x2d) advance();
		if (!digits()) return false;
	}
	return true;
}

/** An inner string whose opening quote is the current character. */
function string(): boolean {
	let index = next;
	for (;;) {
		// Bytes that stand for themselves (printable ASCII but the quote and the backslash) are plain
		// characters of the inner string: skipped in one loop.
		while (index < to && STANDS_FOR_ITSELF[bytes[index]] === 1) index++;
		// The usual end: an escaped quote.
		if (index + 1 < to && bytes[index] === BACKSLASH && bytes[index + 1] === QUOTE) {
			decodeAt(index + 2);
			return true;
		}
		// Any other character, decoded.
		decodeAt(index);
		if (peek() === QUOTE) {
			advance();
			return true;
		}
		if (peek() === BACKSLASH) {
			// An escape of the inner string: its letter (and a \u escape's digits) come decoded too.
			advance();
			if (peek() === 0x75) {
				for (let k = 0; k < 4; k++) {
					advance();
					const lower = peek() | 0x20;
					if (!(isDigit(peek()) || (lower >= 0x61 && lower <= 0x66))) return false;
				}
			} else if (!(peek() === QUOTE || peek() === BACKSLASH || peek() === 0x2f || peek() === 0x62 || peek() === 0x66 || peek() === 0x6e || peek() === 0x72 || peek() === 0x74)) {
				return false;
			}
			index = next;
			continue;
		}
		// Control characters (and the outer string's end or an error) end the inner string badly.
		if (peek() < 0x20) return false;
		index = next;
	}
}

const STANDS_FOR_ITSELF = new Uint8Array(256);
for (let byte = 0x20; byte < 0x80; byte++) STANDS_FOR_ITSELF[byte] = byte === QUOTE || byte === BACKSLASH ? 0 : 1;

function word(text: string): boolean {
	for (let k = 0; k < text.length; k++) {
		if (peek() !== text.charCodeAt(k)) return false;
		advance();
	}
	return true;
}

function value(depth: number): boolean {
	if (depth > MAX_DEPTH) return false;
	switch (peek()) {
		case 0x7b /* { */: {
			advance();
			skipSpace();
			if (peek() === 0x7d) {
				advance();
				return true;
			}
			for (;;) {
				if (peek() !== QUOTE || !string()) return false;
				skipSpace();
				if (peek() !== 0x3a) return false;
				advance();
				skipSpace();
				if (!value(depth + 1)) return false;
				skipSpace();
				if (peek() === 0x2c) {
					advance();
					skipSpace();
					continue;
				}
				if (peek() !== 0x7d) return false;
				advance();
				return true;
			}
		}
		case 0x5b /* [ */: {
			advance();
			skipSpace();
			if (peek() === 0x5d) {
				advance();
				return true;
			}
			for (;;) {
				if (!value(depth + 1)) return false;
				skipSpace();
				if (peek() === 0x2c) {
					advance();
					skipSpace();
					continue;
				}
				if (peek() !== 0x5d) return false;
				advance();
				return true;
			}
		}
		case QUOTE:
			return string();
		case 0x74:
			return word('true');
		case 0x66:
			return word('false');
		case 0x6e:
			return word('null');
		default:
			return number();
	}
}

/** Set by readEscapedJson: whether the string held non-ASCII text (raw or escaped). */
export let sawNonAscii = false;

/**
 * Reads the JSON string whose content starts at `from` (just past its opening
 * quote) and checks that this content, once unescaped, is JSON text: the
 * index after the closing quote, or -1 (a malformed string, or content that
 * is not JSON text). Sets innerKind and sawNonAscii.
 */
export function readEscapedJson(buffer: Buffer, from: number, end: number): number {
	bytes = buffer;
	to = end;
	sawNonAscii = false;
	decodeAt(from);
	skipSpace();
	innerKind = peek() === 0x7b ? INNER_OBJECT : peek() === 0x5b ? INNER_ARRAY : INNER_OTHER;
	const valid = value(0);
	skipSpace();
	bytes = EMPTY;
	return valid && peek() === END ? next + 1 : -1;
}

const EMPTY = Buffer.alloc(0);
