/**
 * A fast verdict for the common USER_SEGMENT line, read straight from the
 * bytes without decoding them or building an object. The full check
 * (checkLine.ts: UTF-8 decode, JSON.parse, lineRules.ts) runs about 70 MB/s;
 * this runs several times faster, which matters on files of gigabytes.
 *
 * It answers only "certainly valid" (true) or "not sure" (false); on false
 * the caller runs the full check, which also gives the reason. So it never
 * changes a verdict, it can only skip work: it says true only for a line that
 * is a flat JSON object in plain ASCII whose fields the rules accept. Anything
 * unusual (escapes, non-ASCII, nested values, arrays, data_bag, fractions,
 * negative numbers, repeated known keys, CR or other odd white space) is "not
 * sure". test/unit/bulk/fastSegmentLine.property.test.ts checks, on generated
 * lines, that true always agrees with the full check. Lines of the shape of
 * the last one it found valid are recognised by segmentLineTemplate.ts.
 */

import { hasTemplate, learnTemplate, matchesTemplate } from './segmentLineTemplate';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const DOT = 0x2e;

/** What a known field holds. Null counts as absent, as in fieldChecks.isPresent. */
const ABSENT = 0;
const NULL = 1;
const EMPTY_STRING = 2;
const STRING = 3;
/** A plain whole number of at most 15 digits: a safe integer >= 0. */
const SMALL_WHOLE_NUMBER = 4;
/** true, false, or any other number: the fast path does not judge these. */
const OTHER = 5;

const KEYS = [
	'operation',
	'user_account_id',
	'email_hash',
	'user_agent_id',
	'compartment_id',
	'segment_id',
	'segment_ids',
	'segment_technical_name',
	'segment_technical_names',
	'expiration_duration',
	'expiration_ts',
	'data_bag',
].map((key) => Buffer.from(key, 'ascii'));
const [OPERATION, USER_ACCOUNT_ID, EMAIL_HASH, USER_AGENT_ID, COMPARTMENT_ID, SEGMENT_ID, SEGMENT_IDS, SEGMENT_TECHNICAL_NAME, SEGMENT_TECHNICAL_NAMES, EXPIRATION_DURATION, EXPIRATION_TS, DATA_BAG] =
	KEYS.map((_key, index) => index);

const UPDATE = Buffer.from('UPDATE', 'ascii');
const DELETE = Buffer.from('DELETE', 'ascii');

/** Reused between calls: the check is synchronous, so one set of slots is enough. */
const kinds = new Uint8Array(KEYS.length);

/** The known keys by their first byte: a key is recognised by comparing it with the few that start alike. */
const KEYS_BY_FIRST_BYTE: number[][] = Array.from({ length: 256 }, () => []);
KEYS.forEach((key, index) => KEYS_BY_FIRST_BYTE[key[0]].push(index));

/** Where readKey found the key's closing quote (-1: not a plain string). */
let keyEnd = -1;

/**
 * The key starting at `index` (just past its opening quote): the index of a
 * known key, or -1 for another one. Sets keyEnd. A known key is matched in one
 * pass over its bytes; any other key is only checked to be a plain string.
 */
function readKey(bytes: Buffer, index: number, to: number): number {
	if (index >= to) {
		// The line ends right after the key's opening quote.
		keyEnd = -1;
		return -1;
	}
	const candidates = KEYS_BY_FIRST_BYTE[bytes[index]];
	for (let candidate = 0; candidate < candidates.length; candidate++) {
		const key = KEYS[candidates[candidate]];
		const end = index + key.length;
		// The closing quote right after the key's length also tells segment_id from segment_ids.
		if (end < to && bytes[end] === QUOTE && equalsAt(bytes, index, end, key)) {
			keyEnd = end;
			return candidates[candidate];
		}
	}
	keyEnd = stringEnd(bytes, index, to);
	return -1;
}

function equalsAt(bytes: Buffer, from: number, to: number, word: Buffer): boolean {
	if (to - from !== word.length) return false;
	for (let offset = 0; offset < word.length; offset++) if (bytes[from + offset] !== word[offset]) return false;
	return true;
}

function skipBlanks(bytes: Buffer, index: number, to: number): number {
	while (index < to && (bytes[index] === SPACE || bytes[index] === TAB)) index++;
	return index;
}

/** Bytes a plain string may hold as they are: printable ASCII but the quote and the backslash. */
const PLAIN_STRING_BYTE = new Uint8Array(256);
for (let byte = SPACE; byte < 0x80; byte++) PLAIN_STRING_BYTE[byte] = byte === QUOTE || byte === BACKSLASH ? 0 : 1;

/** End of a plain ASCII string's content starting at `index` (just past the opening quote), or -1. */
function stringEnd(bytes: Buffer, index: number, to: number): number {
	// One table look-up per byte. Control characters are invalid JSON; escapes and
	// non-ASCII are left to the full check: all three stop the loop short of a quote.
	while (index < to && PLAIN_STRING_BYTE[bytes[index]] === 1) index++;
	return index < to && bytes[index] === QUOTE ? index : -1;
}

const AT = 0x40;

/** Whether bytes[from, to) holds an "@". */
function holdsAt(bytes: Buffer, from: number, to: number): boolean {
	for (let index = from; index < to; index++) if (bytes[index] === AT) return true;
	return false;
}

const isDigit = (byte: number) => byte >= ZERO && byte <= NINE;

function matchWord(bytes: Buffer, index: number, to: number, word: string): number {
	if (index + word.length > to) return -1;
	for (let offset = 0; offset < word.length; offset++) if (bytes[index + offset] !== word.charCodeAt(offset)) return -1;
	return index + word.length;
}

let valueKind = ABSENT;
let operationFrom = 0;
let operationTo = 0;

/**
 * Reads one JSON value at `index`: a plain string, a number, true, false or
 * null. Sets valueKind; returns the index after it, or -1 when the value is
 * anything else or malformed.
 */
function readValue(bytes: Buffer, index: number, to: number): number {
	const first = bytes[index];
	if (first === QUOTE) {
		const end = stringEnd(bytes, index + 1, to);
		if (end === -1) return -1;
		// A string starting with a space may be all spaces, which the rules refuse: left to the full check.
		valueKind = end === index + 1 ? EMPTY_STRING : bytes[index + 1] === SPACE ? OTHER : STRING;
		operationFrom = index + 1;
		operationTo = end;
		return end + 1;
	}
	if (first === MINUS || isDigit(first)) {
		// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
		const start = index;
		let plain = first !== MINUS;
		if (first === MINUS) index++;
		if (index < to && bytes[index] === ZERO) {
			index++;
		} else if (index < to && isDigit(bytes[index])) {
			while (index < to && isDigit(bytes[index])) index++;
		} else {
			return -1;
		}
		if (index < to && bytes[index] === DOT) {
			plain = false;
			index++;
			if (!(index < to && isDigit(bytes[index]))) return -1;
			while (index < to && isDigit(bytes[index])) index++;
		}
		if (index < to && (bytes[index] === 0x65 || bytes[index] === 0x45)) {
			plain = false;
			index++;
			if (index < to && (bytes[index] === 0x2b || bytes[index] === MINUS)) index++;
			if (!(index < to && isDigit(bytes[index]))) return -1;
			while (index < to && isDigit(bytes[index])) index++;
		}
		valueKind = plain && index - start <= 15 ? SMALL_WHOLE_NUMBER : OTHER;
		return index;
	}
	let end = matchWord(bytes, index, to, 'null');
	if (end !== -1) {
		valueKind = NULL;
		return end;
	}
	end = matchWord(bytes, index, to, 'true');
	if (end === -1) end = matchWord(bytes, index, to, 'false');
	valueKind = OTHER;
	return end;
}

/** The unknown keys of the line being checked, as latin1 text (rare: most lines hold known keys only). */
const unknownKeys: string[] = [];

function unknownKeyIsPlainAndNew(bytes: Buffer, start: number, end: number): boolean {
	if (end === -1 || bytes.subarray(start, end).includes(0x5c /* \ */)) return false;
	const key = bytes.toString('latin1', start, end);
	if (unknownKeys.includes(key)) return false;
	unknownKeys.push(key);
	return true;
}

const present = (key: number) => kinds[key] !== ABSENT && kinds[key] !== NULL;
/** fieldChecks.checkId, like checkNonEmptyString, accepts a string that is not blank (never a number). */
const stringOrAbsent = (key: number) => !present(key) || kinds[key] === STRING;

/** Lines since the last one of the learnt shape (segmentLineTemplate.ts). */
let templateMisses = 0;

/** True only when `bytes[from, to)` is certainly a valid USER_SEGMENT line; false means "run the full check". */
export function isCertainlyValidSegmentLine(bytes: Buffer, from: number, to: number): boolean {
	// Most lines of a file have the shape of the line before: compared with it, only their values are read.
	if (matchesTemplate(bytes, from, to)) {
		templateMisses = 0;
		return true;
	}
	const valid = checkFields(bytes, from, to);
	// A new shape is learnt once two lines in a row missed the learnt one: lines of two shapes taking turns keep the first.
	if (valid && (++templateMisses >= 2 || !hasTemplate())) {
		learnTemplate(bytes, from, to);
		templateMisses = 0;
	}
	return valid;
}

/** The check itself, field by field. */
function checkFields(bytes: Buffer, from: number, to: number): boolean {
	kinds.fill(ABSENT);
	unknownKeys.length = 0;
	let operationStart = -1;
	let operationEnd = -1;
	let index = skipBlanks(bytes, from, to);
	if (index >= to || bytes[index] !== 0x7b /* { */) return false;
	index = skipBlanks(bytes, index + 1, to);
	for (;;) {
		if (index >= to || bytes[index] !== QUOTE) return false;
		const keyStart = index + 1;
		const key = readKey(bytes, keyStart, to);
		if (keyEnd === -1) return false;
		index = skipBlanks(bytes, keyEnd + 1, to);
		if (index >= to || bytes[index] !== 0x3a /* : */) return false;
		index = skipBlanks(bytes, index + 1, to);
		if (index >= to) return false;
		index = readValue(bytes, index, to);
		if (index === -1) return false;
		if (key === -1) {
			// A key written with an escape may be a known one (\u006fperation), and an unknown key written twice
			// makes the line ambiguous: both are left to the full check, which refuses repeated keys.
			if (!unknownKeyIsPlainAndNew(bytes, keyStart, keyEnd)) return false;
		} else {
			// JSON.parse keeps the last of repeated keys: leave that to the full check.
			if (kinds[key] !== ABSENT) return false;
			kinds[key] = valueKind;
			if (key === OPERATION && valueKind === STRING) {
				operationStart = operationFrom;
				operationEnd = operationTo;
			}
			// An email hash holding "@" is a raw address, which the rules refuse with their reason.
			if (key === EMAIL_HASH && valueKind === STRING && holdsAt(bytes, operationFrom, operationTo)) return false;
		}
		index = skipBlanks(bytes, index, to);
		if (index >= to) return false;
		if (bytes[index] === 0x2c /* , */) {
			index = skipBlanks(bytes, index + 1, to);
			continue;
		}
		if (bytes[index] !== 0x7d /* } */) return false;
		index = skipBlanks(bytes, index + 1, to);
		if (index !== to) return false;
		break;
	}
	// The rules of lineRules.ts userSegment, for the kinds of values read above.
	if (operationStart === -1) return false;
	if (!equalsAt(bytes, operationStart, operationEnd, UPDATE) && !equalsAt(bytes, operationStart, operationEnd, DELETE)) return false;
	const identifiers = (present(USER_ACCOUNT_ID) ? 1 : 0) + (present(EMAIL_HASH) ? 1 : 0) + (present(USER_AGENT_ID) ? 1 : 0);
	if (identifiers !== 1) return false;
	if (present(COMPARTMENT_ID) && !present(USER_ACCOUNT_ID)) return false;
	if (!stringOrAbsent(USER_ACCOUNT_ID) || !stringOrAbsent(EMAIL_HASH) || !stringOrAbsent(USER_AGENT_ID) || !stringOrAbsent(COMPARTMENT_ID)) return false;
	if (!(present(SEGMENT_ID) || present(SEGMENT_IDS) || present(SEGMENT_TECHNICAL_NAME) || present(SEGMENT_TECHNICAL_NAMES))) return false;
	if (!stringOrAbsent(SEGMENT_ID) || !stringOrAbsent(SEGMENT_TECHNICAL_NAME)) return false;
	// Lists and data_bag (JSON inside a string) are left to the full check.
	if (present(SEGMENT_IDS) || present(SEGMENT_TECHNICAL_NAMES) || present(DATA_BAG)) return false;
	if (kinds[EXPIRATION_DURATION] !== SMALL_WHOLE_NUMBER) return false;
	if (present(EXPIRATION_TS) && kinds[EXPIRATION_TS] !== SMALL_WHOLE_NUMBER) return false;
	return true;
}
