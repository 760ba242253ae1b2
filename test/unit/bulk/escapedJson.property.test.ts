/**
 * readEscapedJson (bulk/rules/escapedJson.ts) says whether a JSON string's
 * content, once unescaped, is JSON text, from the bytes of the outer string:
 * it must agree with JSON.parse of the unescaped content on any text, written
 * with raw or escaped non-ASCII characters, and with bytes changed.
 */
import fc from 'fast-check';

import { innerKind, INNER_ARRAY, INNER_OBJECT, INNER_OTHER, readEscapedJson } from '../../../nodes/Mediarithmics/bulk/rules/escapedJson';
import { mutate, mutation } from './segmentLineArbitraries';

/** The outer JSON string's bytes, non-ASCII written raw or as \u escapes. */
function outer(content: string, escapeNonAscii: boolean): Buffer {
	const text = JSON.stringify(content);
	return Buffer.from(escapeNonAscii ? text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : text, 'utf8');
}

/** What JSON.parse says of the outer string and of its content: -1 when either fails, else the end and the kind. */
function expected(bytes: Buffer): { end: number; kind?: number } {
	// Only a string token exactly: white space around it is the line's business, not the string's.
	if (bytes.length < 2 || bytes[0] !== 0x22 || bytes[bytes.length - 1] !== 0x22) return { end: -1 };
	let content: unknown;
	try {
		content = JSON.parse(bytes.toString('utf8'));
		if (bytes.toString('utf8').includes('\ufffd') && !Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)) return { end: -1 };
		if (typeof content !== 'string') return { end: -1 };
		const inner: unknown = JSON.parse(content);
		return { end: bytes.length, kind: Array.isArray(inner) ? INNER_ARRAY : typeof inner === 'object' && inner !== null ? INNER_OBJECT : INNER_OTHER };
	} catch {
		return { end: -1 };
	}
}

function actual(bytes: Buffer): { end: number; kind?: number } {
	if (bytes[0] !== 0x22) return { end: -1 };
	const end = readEscapedJson(bytes, 1, bytes.length);
	return end === -1 || end !== bytes.length ? { end: -1 } : { end, kind: innerKind };
}

const contents = fc.oneof(
	fc.jsonValue().map((json) => JSON.stringify(json) ?? ''),
	fc.jsonValue().map((json) => JSON.stringify(json, null, 2) ?? ''),
	fc.string(),
	fc.constantFrom('{"a":"\\u00e9"}', '{"a":"x\\"y"}', '{"a":"\u0001"}', '[1,2e5,-0.5,true,null]', ' {} ', '{"a":01}', '{"a":1,}', '"\\ud800"', '{"a":"\\x"}'),
);

test('agrees with JSON.parse of the unescaped content, raw or escaped non-ASCII, with bytes changed', () => {
	fc.assert(
		fc.property(contents, fc.boolean(), fc.array(mutation, { maxLength: 2 }), (content, escapeNonAscii, mutations) => {
			const bytes = mutations.reduce(mutate, outer(content, escapeNonAscii));
			expect(actual(bytes)).toEqual(expected(bytes));
		}),
		{ numRuns: 20_000 },
	);
});
