/**
 * The fast USER_SEGMENT check (bulk/rules/fastSegmentLine.ts) may only skip work:
 * whenever it says "certainly valid", the full check (UTF-8 decode,
 * JSON.parse, lineRules.validateLine) must say valid too. Checked on lines
 * generated to sit near the edges of the rules and of JSON's grammar, and on
 * byte-level mutations of them; and it must say "certainly valid" for the
 * ordinary lines it exists for, or it would bring no speed.
 */
import fc from 'fast-check';

import { isCertainlyValidSegmentLine } from '../../../nodes/Mediarithmics/bulk/rules/fastSegmentLine';
import { forgetTemplate, hasTemplate } from '../../../nodes/Mediarithmics/bulk/rules/segmentLineTemplate';
import { validateLine } from '../../../nodes/Mediarithmics/bulk/rules/lineRules';
import { decodeUtf8 } from '../../../nodes/Mediarithmics/bulk/encoding/utf8';

/** The full check, written out from its parts so that the fast path cannot leak into it. */
function fullVerdict(bytes: Buffer): string | undefined {
	const text = decodeUtf8(bytes, 0, bytes.length);
	if (text === undefined) return 'invalid UTF-8';
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return `malformed JSON: ${(error as Error).message}`;
	}
	return validateLine('USER_SEGMENT', value);
}

/** Embedded in a larger buffer, so that reading past `to` would be caught. */
function fastVerdict(bytes: Buffer, before: Buffer = Buffer.alloc(0), after: Buffer = Buffer.alloc(0)): boolean {
	const buffer = Buffer.concat([before, bytes, after]);
	return isCertainlyValidSegmentLine(buffer, before.length, before.length + bytes.length);
}

const KNOWN_KEYS = [
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
];

const edgeNumber = fc.oneof(
	fc.constantFrom(0, -0, 1, -1, 0.5, 1e15, 999999999999999, 1e16, 2 ** 53, 2 ** 53 + 2, -43200, 43200, 1e300, 1.5e-7),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const edgeString = fc.oneof(
	fc.constantFrom('', 'UPDATE', 'DELETE', 'update', 'UPDATE ', 'crm-1', '12', '0', 'é', '"', '\\', '\n', '\u2028', '{"a":1}', '[1]', 'null', ' ', '   ', 'jane@x.com', '@'),
	fc.string({ maxLength: 8 }),
	fc.string({ unit: 'binary', maxLength: 6 }),
);
const leaf = fc.oneof(edgeNumber, edgeString, fc.boolean(), fc.constant(null));
const value = fc.oneof(
	{ weight: 6, arbitrary: leaf },
	{ weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
	{ weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 4 }), leaf, { maxKeys: 2 }) },
);
const key = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KNOWN_KEYS) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'extra', '', 'operatio', 'Operation') });

/** A mostly valid segment line, then some fields changed, added or repeated. */
const segmentEntries = fc
	.record({
		operation: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('UPDATE', 'DELETE') }, { weight: 1, arbitrary: value }),
		identifier: fc.constantFrom('user_account_id', 'email_hash', 'user_agent_id'),
		identifierValue: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('crm-1', 'abc', '7', 'jane@x.com', ' ', ' a') }, { weight: 1, arbitrary: value }),
		segment: fc.constantFrom('segment_id', 'segment_technical_name', 'segment_ids'),
		segmentValue: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('1042', 'gold') }, { weight: 1, arbitrary: value }),
		duration: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 43200) }, { weight: 1, arbitrary: value }),
		extra: fc.array(fc.tuple(key, value), { maxLength: 3 }),
	})
	.map(({ operation, identifier, identifierValue, segment, segmentValue, duration, extra }) => [
		['operation', operation] as [string, unknown],
		[identifier, identifierValue] as [string, unknown],
		[segment, segmentValue] as [string, unknown],
		['expiration_duration', duration] as [string, unknown],
		...extra,
	]);

/** JSON text of entries in order, repeated keys kept (JSON.stringify of an object could not repeat them), with chosen spacing. */
function render(entries: Array<[string, unknown]>, space: string): string {
	const body = entries.map(([name, item]) => `${JSON.stringify(name)}${space}:${space}${JSON.stringify(item) ?? 'null'}`).join(`${space},${space}`);
	return `${space}{${space}${body}${space}}${space}`;
}

const spacing = fc.constantFrom('', ' ', '\t', '  ', '\r', '\n', '\u00a0');

const mutation = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'insert', 'delete'));

function mutate(bytes: Buffer, [position, byte, kind]: [number, number, string]): Buffer {
	if (bytes.length === 0) return Buffer.from([byte]);
	const at = position % bytes.length;
	if (kind === 'replace') return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at + 1)]);
	if (kind === 'insert') return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
	return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
}

const surroundings = fc.tuple(fc.uint8Array({ maxLength: 4 }), fc.uint8Array({ maxLength: 4 })).map(([before, after]) => [Buffer.from(before), Buffer.from(after)]);

describe('the fast USER_SEGMENT check never calls valid a line the full check refuses', () => {
	test('generated segment lines, with any spacing', () => {
		fc.assert(
			fc.property(segmentEntries, spacing, surroundings, (entries, space, [before, after]) => {
				const bytes = Buffer.from(render(entries, space), 'utf8');
				if (fastVerdict(bytes, before, after)) expect(fullVerdict(bytes)).toBeUndefined();
			}),
			{ numRuns: 20_000 },
		);
	});

	test('generated segment lines with one byte replaced, inserted or removed', () => {
		fc.assert(
			fc.property(segmentEntries, fc.array(mutation, { minLength: 1, maxLength: 3 }), surroundings, (entries, mutations, [before, after]) => {
				const bytes = mutations.reduce(mutate, Buffer.from(render(entries, ''), 'utf8'));
				if (fastVerdict(bytes, before, after)) expect(fullVerdict(bytes)).toBeUndefined();
			}),
			{ numRuns: 20_000 },
		);
	});

	// The shape of a line found valid is learnt (segmentLineTemplate.ts): the next line is first compared with it.
	test('a line with the shape of the one before and other values', () => {
		fc.assert(
			fc.property(segmentEntries, fc.array(leaf, { minLength: 12, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), spacing, surroundings, (entries, values, replaced, space, [before, after]) => {
				forgetTemplate();
				fastVerdict(Buffer.from(render(entries, space), 'utf8'), before, after);
				const other = entries.map(([name, item], index): [string, unknown] => [name, replaced[index] ? values[index] : item]);
				const bytes = Buffer.from(render(other, space), 'utf8');
				if (fastVerdict(bytes, before, after)) expect(fullVerdict(bytes)).toBeUndefined();
			}),
			{ numRuns: 20_000 },
		);
	});

	test('a line of the shape of the one before with bytes replaced, inserted or removed', () => {
		fc.assert(
			fc.property(segmentEntries, fc.array(mutation, { minLength: 1, maxLength: 3 }), surroundings, (entries, mutations, [before, after]) => {
				forgetTemplate();
				const learnt = Buffer.from(render(entries, ''), 'utf8');
				fastVerdict(learnt, before, after);
				const bytes = mutations.reduce(mutate, learnt);
				if (fastVerdict(bytes, before, after)) expect(fullVerdict(bytes)).toBeUndefined();
			}),
			{ numRuns: 20_000 },
		);
	});

	test('arbitrary objects and arbitrary bytes', () => {
		fc.assert(
			fc.property(fc.oneof(fc.jsonValue().map((json) => JSON.stringify(json) ?? ''), fc.string()), (text) => {
				const bytes = Buffer.from(text, 'utf8');
				if (fastVerdict(bytes)) expect(fullVerdict(bytes)).toBeUndefined();
			}),
			{ numRuns: 5_000 },
		);
	});
});

describe('the fast USER_SEGMENT check takes the ordinary lines', () => {
	test.each([
		'{"operation":"UPDATE","user_account_id":"crm-1","compartment_id":"12","segment_id":"1042","expiration_duration":43200}',
		'{"operation":"DELETE","email_hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","segment_technical_name":"newsletter_gold","expiration_duration":0}',
		'{ "operation": "UPDATE", "user_agent_id": "vec:123", "segment_id": "1042", "expiration_duration": 0, "expiration_ts": 1700000000000, "comment": "kept" }',
	])('%s', (line) => {
		expect(fullVerdict(Buffer.from(line))).toBeUndefined();
		forgetTemplate();
		expect(fastVerdict(Buffer.from(line))).toBe(true);
		// Its shape is learnt, and the same line is then taken by the comparison with it.
		expect(hasTemplate()).toBe(true);
		expect(fastVerdict(Buffer.from(line))).toBe(true);
	});

	test('a line in a buffer larger than a chunk (a line joined across chunks) is compared byte by byte', () => {
		const line = '{"operation":"UPDATE","user_account_id":"crm-1","compartment_id":"12","segment_id":"1042","expiration_duration":43200}';
		const large = Buffer.alloc(5 * 1024 * 1024, 0x20);
		forgetTemplate();
		expect(fastVerdict(Buffer.from(line))).toBe(true);
		const inLarge = (text: string) => isCertainlyValidSegmentLine(Buffer.concat([large, Buffer.from(text)]), large.length, large.length + text.length);
		expect(inLarge(line.replace('crm-1', 'crm-2').replace('1042', '7'))).toBe(true);
		// Each a byte away from the learnt shape, and refused by the full check.
		for (const refused of [line.replace('"operation"', '"operatiom"'), line.replace('UPDATE', 'UPDATX'), line.replace('43200', '043200'), line.replace('"12"', '""'), line.replace('"12"', '" "'), line.replace('"1042"', '1042')]) {
			expect(fullVerdict(Buffer.from(refused))).toBeDefined();
			expect(inLarge(refused)).toBe(false);
		}
	});

	test('a raw email in email_hash, or a blank id, never rides on a learnt shape', () => {
		const line = '{"operation":"DELETE","email_hash":"9f86d081884c7d659a2feaa0c55ad015","segment_id":"1042","expiration_duration":0}';
		forgetTemplate();
		expect(fastVerdict(Buffer.from(line))).toBe(true);
		for (const refused of [line.replace('9f86d081884c7d659a2feaa0c55ad015', 'jane.doe@example.com'), line.replace('"1042"', '"    "')]) {
			expect(fullVerdict(Buffer.from(refused))).toBeDefined();
			expect(fastVerdict(Buffer.from(refused))).toBe(false);
		}
		// An "@" elsewhere (a user account id that is an address) is an ordinary value.
		expect(fastVerdict(Buffer.from(line.replace('"email_hash":"9f86d081884c7d659a2feaa0c55ad015"', '"user_account_id":"jane@x.com"')))).toBe(true);
	});

	test.each([
		['a repeated key', '{"operation":"UPDATE","operation":"DELETE","user_account_id":"a","segment_id":"1","expiration_duration":0}'],
		['data_bag', '{"operation":"UPDATE","user_account_id":"a","segment_id":"1","expiration_duration":0,"data_bag":"{}"}'],
		['an escape', '{"operation":"UPDATE","user_account_id":"a\\u0041","segment_id":"1","expiration_duration":0}'],
		['non-ASCII text', '{"operation":"UPDATE","user_account_id":"é","segment_id":"1","expiration_duration":0}'],
		['a fraction', '{"operation":"UPDATE","user_account_id":"a","segment_id":"1","expiration_duration":1.0}'],
	])('leaves %s to the full check', (_what, line) => {
		expect(fastVerdict(Buffer.from(line))).toBe(false);
	});
});
