/**
 * Generators of USER_SEGMENT lines near the edges of the rules and of JSON's
 * grammar, and byte-level mutations, for the property tests of the fast
 * segment check.
 */
import fc from 'fast-check';

import { SEGMENT_CSV_COLUMNS } from '../../../nodes/Mediarithmics/bulk/rules/segmentCsvColumns';

export const KNOWN_KEYS: readonly string[] = SEGMENT_CSV_COLUMNS;

const HASH = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

const edgeNumber = fc.oneof(
	fc.constantFrom(0, -0, 1, -1, 0.5, 1e15, 999999999999999, 1e16, 2 ** 53, 2 ** 53 + 2, -43200, 43200, 1e300, 1.5e-7),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Strings that a rule might tell apart: empty, white space, hashes and near-hashes, emails, digits, escapes, JSON text. */
const edgeString = fc.oneof(
	fc.constantFrom(
		'', ' ', '  ', 'a b', ' a', 'a ', '\t', '\u00a0', 'a\u00a0', '\u2028', '\ufeff', '\ud800', 'é', 'é ', 'UPDATE', 'DELETE', 'UPSERT', 'update', 'UPDATE ',
		'crm-1', '12', '0', '007', '"', '\\', '\n', 'a"b', 'jane@example.com', HASH, HASH.toUpperCase(), HASH.slice(1), HASH.slice(0, 32), HASH.slice(0, 40), `${HASH}${HASH}`,
		'{}', '{"a":1}', '[1]', '[]', '"x"', 'null', '1', '{"a":', '{"a":"\u0001"}', '{"a":"\\u0041"}', ' {} ', 'x'.repeat(300),
	),
	fc.string({ maxLength: 8 }),
	fc.string({ unit: 'binary', maxLength: 6 }),
	fc.jsonValue({ maxDepth: 2 }).map((json) => JSON.stringify(json) ?? ''),
);
export const leaf = fc.oneof(edgeNumber, edgeString, fc.boolean(), fc.constant(null));
export const edgeValue = fc.oneof(
	{ weight: 6, arbitrary: leaf },
	{ weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
	{ weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 4 }), leaf, { maxKeys: 2 }) },
);
const key = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KNOWN_KEYS) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'extra', '', 'operatio', 'Operation', 'segment_idz') });

/** A mostly valid segment line, then some fields changed, added or repeated. */
export const segmentEntries = fc
	.record({
		operation: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('UPDATE', 'DELETE') }, { weight: 1, arbitrary: edgeValue }),
		identifier: fc.constantFrom('user_account_id', 'email_hash', 'user_agent_id'),
		identifierValue: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('crm-1', 'abc', '7', HASH) }, { weight: 1, arbitrary: edgeValue }),
		segment: fc.constantFrom('segment_id', 'segment_technical_name', 'segment_ids', 'segment_technical_names'),
		segmentValue: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('1042', 'gold', ['a', 'b']) }, { weight: 1, arbitrary: edgeValue }),
		duration: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 43200) }, { weight: 1, arbitrary: edgeValue }),
		extra: fc.array(fc.tuple(key, edgeValue), { maxLength: 3 }),
	})
	.map(({ operation, identifier, identifierValue, segment, segmentValue, duration, extra }) => [
		['operation', operation] as [string, unknown],
		[identifier, identifierValue] as [string, unknown],
		[segment, segmentValue] as [string, unknown],
		['expiration_duration', duration] as [string, unknown],
		...extra,
	]);

/** JSON text of entries in order, repeated keys kept (JSON.stringify of an object could not repeat them), with chosen spacing. */
export function render(entries: Array<[string, unknown]>, space: string): string {
	const body = entries.map(([name, item]) => `${JSON.stringify(name)}${space}:${space}${JSON.stringify(item) ?? 'null'}`).join(`${space},${space}`);
	return `${space}{${space}${body}${space}}${space}`;
}

export const spacing = fc.constantFrom('', ' ', '\t', '  ', '\r', '\n', '\u00a0');

export const mutation = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'insert', 'delete'));

export function mutate(bytes: Buffer, [position, byte, kind]: [number, number, string]): Buffer {
	if (bytes.length === 0) return Buffer.from([byte]);
	const at = position % bytes.length;
	if (kind === 'replace') return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at + 1)]);
	if (kind === 'insert') return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
	return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
}

export const surroundings = fc.tuple(fc.uint8Array({ maxLength: 4 }), fc.uint8Array({ maxLength: 4 })).map(([before, after]) => [Buffer.from(before), Buffer.from(after)]);
