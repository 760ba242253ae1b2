/**
 * A quicker reader of the data_bag strings that real files hold (escapedJson.ts
 * reads any): JSON text written in a JSON string the common way, i.e. inner
 * quotes as \", inner escapes as \\ followed by the escape, raw spaces between
 * tokens, non-ASCII text raw. It walks the outer string's bytes in one loop,
 * without decoding them one character at a time. Anything else (an outer
 * escape such as \n, \t, \/ or \u, deep nesting, malformed text) gives -1,
 * and the caller then asks readEscapedJson, whose answer is the one that
 * counts: this reader only ever accepts what readEscapedJson accepts, with the
 * same end, kind and non-ASCII flag (test/unit/bulk/escapedJsonQuick.property.test.ts).
 */
import { INNER_ARRAY, INNER_OBJECT, INNER_OTHER } from './escapedJson';
import { readNumber, readUtf8, readWord } from './jsonScan';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;

/** What the reader expects next. */
const VALUE = 0;
const AFTER_VALUE = 1;
const KEY = 2;
const FIRST_KEY = 3;
const FIRST_ITEM = 4;

const OBJECT = 1;
const ARRAY = 2;
const MAX_DEPTH = 32;
const containers = new Uint8Array(MAX_DEPTH);

/** Bytes that stand for themselves inside an inner string: printable ASCII but the quote and the backslash. */
const PLAIN = new Uint8Array(256);
for (let byte = 0x20; byte < 0x80; byte++) PLAIN[byte] = byte === QUOTE || byte === BACKSLASH ? 0 : 1;

/** Set by readEscapedJsonQuickly: the inner text's top-level kind (INNER_*), and whether it held non-ASCII text. */
export let quickInnerKind = 0;
export let quickNonAscii = false;

/** Inner string content from `index` (just past its \"): the index after its closing \", or -1. */
function innerString(bytes: Buffer, index: number, to: number): number {
	for (;;) {
		while (index < to && PLAIN[bytes[index]] === 1) index++;
		if (index + 1 >= to) return -1;
		const byte = bytes[index];
		if (byte === BACKSLASH) {
			const next = bytes[index + 1];
			if (next === QUOTE) return index + 2;
			if (next !== BACKSLASH || index + 2 >= to) return -1;
			// \\ then the inner escape's letter: \\\" and \\\\ (an escaped quote or backslash), or a letter, or u and four hex digits.
			const letter = bytes[index + 2];
			if (letter === BACKSLASH) {
				if (index + 3 >= to || (bytes[index + 3] !== QUOTE && bytes[index + 3] !== BACKSLASH)) return -1;
				index += 4;
			} else if (letter === 0x2f || letter === 0x62 || letter === 0x66 || letter === 0x6e || letter === 0x72 || letter === 0x74) {
				index += 3;
			} else if (letter === 0x75) {
				if (index + 7 > to) return -1;
				for (let k = 3; k < 7; k++) if (!isHex(bytes[index + k])) return -1;
				index += 7;
			} else {
				return -1;
			}
		} else if (byte >= 0x80) {
			index = readUtf8(bytes, index, to);
			if (index === -1) return -1;
			quickNonAscii = true;
		} else {
			// The outer string's end, or a control character.
			return -1;
		}
	}
}

function isHex(byte: number): boolean {
	const lower = byte | 0x20;
	return (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x66);
}

const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;

/**
 * Reads the JSON string whose content starts at `from` (just past its opening
 * quote) as readEscapedJson does, for the common way of writing it (above):
 * the index after the closing quote, or -1 when this reader does not take it.
 */
export function readEscapedJsonQuickly(bytes: Buffer, from: number, to: number): number {
	quickNonAscii = false;
	let index = from;
	let depth = 0;
	let expect = VALUE;
	while (index < to && bytes[index] === SPACE) index++;
	const first = index < to ? bytes[index] : 0;
	quickInnerKind = first === 0x7b ? INNER_OBJECT : first === 0x5b ? INNER_ARRAY : INNER_OTHER;
	for (;;) {
		while (index < to && bytes[index] === SPACE) index++;
		if (index >= to) return -1;
		const byte = bytes[index];
		if (expect === AFTER_VALUE) {
			if (depth === 0) return byte === QUOTE ? index + 1 : -1;
			const container = containers[depth - 1];
			if (byte === 0x2c) {
				expect = container === OBJECT ? KEY : VALUE;
				index++;
			} else if (byte === (container === OBJECT ? 0x7d : 0x5d)) {
				depth--;
				index++;
			} else {
				return -1;
			}
			continue;
		}
		if (expect === KEY || expect === FIRST_KEY) {
			if (expect === FIRST_KEY && byte === 0x7d) {
				depth--;
				index++;
				expect = AFTER_VALUE;
				continue;
			}
			if (byte !== BACKSLASH || index + 1 >= to || bytes[index + 1] !== QUOTE) return -1;
			index = innerString(bytes, index + 2, to);
			if (index === -1) return -1;
			while (index < to && bytes[index] === SPACE) index++;
			if (index >= to || bytes[index] !== 0x3a /* : */) return -1;
			index++;
			expect = VALUE;
			continue;
		}
		if (expect === FIRST_ITEM && byte === 0x5d) {
			depth--;
			index++;
			expect = AFTER_VALUE;
			continue;
		}
		// A value.
		if (byte === 0x7b || byte === 0x5b) {
			if (depth === MAX_DEPTH) return -1;
			containers[depth++] = byte === 0x7b ? OBJECT : ARRAY;
			expect = byte === 0x7b ? FIRST_KEY : FIRST_ITEM;
			index++;
			continue;
		}
		if (byte === BACKSLASH) {
			if (index + 1 >= to || bytes[index + 1] !== QUOTE) return -1;
			index = innerString(bytes, index + 2, to);
		} else if (byte === 0x2d || isDigit(byte)) {
			index = readNumber(bytes, index, to);
		} else if (byte === 0x74) {
			index = readWord(bytes, index, to, 'true');
		} else if (byte === 0x66) {
			index = readWord(bytes, index, to, 'false');
		} else if (byte === 0x6e) {
			index = readWord(bytes, index, to, 'null');
		} else {
			return -1;
		}
		if (index === -1) return -1;
		expect = AFTER_VALUE;
	}
}
