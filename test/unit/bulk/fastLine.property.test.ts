/**
 * The fast check of every document type but USER_SEGMENT
 * (bulk/rules/fastLine.ts: a line whose shape is that of a line the full
 * rules found valid is valid) may only skip work: checkNdjsonLine must give
 * every line the verdict and message of the full check, whatever lines came
 * before. Checked on the benchmarks' varied lines of each type, with any one
 * value (nested ones included) replaced by a value near the edges of the rules
 * and of JSON's grammar, with bytes changed, and it must take nearly every
 * line of a varied file, or it would bring no speed.
 */
import fc from 'fast-check';

import { checkNdjsonLine, fullNdjsonCheck } from '../../../nodes/Mediarithmics/bulk/rules/checkLine';
import { forgetValidLineShapes, validLineShapeCount } from '../../../nodes/Mediarithmics/bulk/rules/fastLine';
import { seededRandom, variedLine, variedValue } from '../../e2e/variedLines';
import { edgeValue, mutate, mutation, surroundings } from './segmentLineArbitraries';

const TYPES = ['USER_PROFILE', 'USER_CHOICE', 'USER_ACTIVITY', 'USER_IDENTIFIERS_DELETION', 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', 'USER_POINTS_DELETION'];
/** The varied generator has no lines of the undocumented types: they borrow another type's. */
const linesOf = (documentType: string) => (documentType === 'USER_POINTS_DELETION' ? 'USER_IDENTIFIERS_DELETION' : documentType);

/** Same verdict and message as the full check, on the line embedded in a larger buffer (reading past `to` would show). */
function expectFullVerdict(documentType: string, bytes: Buffer, before = Buffer.alloc(0), after = Buffer.alloc(0)): void {
	const full = fullNdjsonCheck(documentType, bytes, 0, bytes.length);
	const buffer = Buffer.concat([before, bytes, after]);
	expect(checkNdjsonLine(documentType, buffer, before.length, before.length + bytes.length)).toBe(full);
}

/** Every place in `value` (objects, arrays and their members, at any depth), as a path of keys and indexes. */
function places(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
	const found = [path];
	if (Array.isArray(value)) value.forEach((item, index) => found.push(...places(item, [...path, index])));
	else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) found.push(...places(item, [...path, key]));
	return found;
}

/** `value` with the member at `path` replaced by `replacement` (or removed, for undefined). */
function replaced(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
	if (path.length === 0) return replacement;
	const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
	const [head, ...rest] = path;
	const next = replaced(copy[head], rest, replacement);
	if (next === undefined && !Array.isArray(copy)) delete copy[head];
	else copy[head] = next;
	return copy;
}

const pythonLike = (text: string) => text.replace(/([,:])/g, '$1 ');

beforeEach(() => forgetValidLineShapes());

/** The varied lines of `documentType` that the node's check refuses (none should be). */
function refusedVariedLines(documentType: string, seed: number, count: number): string[] {
	const random = seededRandom(seed);
	const refused: string[] = [];
	for (let index = 0; index < count; index++) {
		const line = variedLine(linesOf(documentType), random);
		if (checkNdjsonLine(documentType, Buffer.from(line)) !== undefined) refused.push(line);
	}
	return refused;
}

describe.each(TYPES)('the fast check of %s gives the full check\'s verdict and message', (documentType) => {
	// Shapes of this type known valid, so that the fast check takes many of the lines below.
	beforeEach(() => expect(refusedVariedLines(documentType, 1, 2_000)).toEqual([]));

	test('varied lines, then one value anywhere in them replaced or removed', () => {
		fc.assert(
			fc.property(fc.integer(), fc.nat(), fc.oneof(edgeValue, fc.constant(undefined)), fc.boolean(), (seed, which, value, spaced) => {
				const line = variedValue(linesOf(documentType), seededRandom(seed));
				const all = places(line);
				const render = (item: unknown) => Buffer.from((spaced ? pythonLike : String)(JSON.stringify(item) ?? ''), 'utf8');
				expectFullVerdict(documentType, render(line));
				expectFullVerdict(documentType, render(replaced(line, all[which % all.length], value)));
			}),
			{ numRuns: 3_000 },
		);
	});

	test('varied lines with bytes replaced, inserted or removed', () => {
		fc.assert(
			fc.property(fc.integer(), fc.array(mutation, { minLength: 1, maxLength: 3 }), surroundings, (seed, mutations, [before, after]) => {
				const line = Buffer.from(variedLine(linesOf(documentType), seededRandom(seed)), 'utf8');
				expectFullVerdict(documentType, line, before, after);
				expectFullVerdict(documentType, mutations.reduce(mutate, line), before, after);
			}),
			{ numRuns: 3_000 },
		);
	});

	test('varied lines with a key written twice, at the top or inside', () => {
		fc.assert(
			fc.property(fc.integer(), fc.nat(), (seed, which) => {
				const text = variedLine(linesOf(documentType), seededRandom(seed));
				const keys = [...text.matchAll(/"([^"\\]*)":/g)];
				const key = keys[which % keys.length];
				const at = (key.index ?? 0) + key[0].length;
				const value = text.slice(at).match(/^\s*("(?:[^"\\]|\\.)*"|[-0-9.eE+]+|true|false|null)/);
				fc.pre(value !== null);
				const twice = `${text.slice(0, at)}${value?.[1]},${key[0]}${text.slice(at)}`;
				expectFullVerdict(documentType, Buffer.from(twice, 'utf8'));
			}),
			{ numRuns: 1_000 },
		);
	});
});

test('every varied line is valid and nearly all are taken by the fast check once a line of their shape was checked', () => {
	for (const documentType of TYPES) {
		const count = 20_000;
		expect(refusedVariedLines(documentType, 2, count)).toEqual([]);
		// Few shapes: most lines were judged by the shape of an earlier one.
		expect(validLineShapeCount(documentType)).toBeLessThan(count / 10);
	}
});

/**
 * Lines the documented rules refuse, each beside a valid line of nearly its
 * shape (checked first, so that its shape is known valid): the fast check
 * must not take them, and the full check must still refuse them, so that a
 * rule broken on either side fails here.
 */
const REFUSED: Array<[string, string, string, RegExp]> = [
	['USER_CHOICE', '{"operation":"UPSERT","email_hash":"0a1b","user_choice":{"$processing_id":"101","$choice_ts":1}}', '{"operation":"UPSERT","email_hash":"jane@example.com","user_choice":{"$processing_id":"101","$choice_ts":1}}', /email_hash looks like a raw email address/],
	['USER_PROFILE', '{"operation":"DELETE","user_agent_id":"vec:1"}', '{"operation":"UPSERT","user_agent_id":"vec:1"}', /user_profile is required/],
	['USER_ACTIVITY', '{"$user_agent_id":"vec:1","$type":"TOUCH","$session_status":"NO_SESSION","$ts":1,"$events":[{"$event_name":"a","$ts":2}]}', '{"$user_agent_id":"vec:1","$type":"TOUCH","$session_status":"NO_SESSION","$ts":1,"$events":[{"$event_name":"a","$ts":2.5}]}', /^\$events\[0\]\.\$ts must be a whole number/],
	['USER_IDENTIFIERS_DELETION', '{"type":"USER_AGENT","user_agent_id":"vec:1"}', '{"type":"USER_AGENT","user_agent_id":"vec:1","hash":"0a1b"}', /hash cannot go with type USER_AGENT/],
	['USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', '{"identifiers":[{"type":"USER_AGENT","user_agent_id":"vec:1"},{"type":"USER_AGENT","user_agent_id":"vec:2"}]}', '{"identifiers":[{"type":"USER_AGENT","user_agent_id":"vec:1"}]}', /at least two identifiers/],
	['USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', '{"identifiers":[{"type":"USER_AGENT","user_agent_id":"vec:1"},{"type":"USER_AGENT","user_agent_id":"vec:2"}]}', '{"identifiers":[{"type":"USER_AGENT","user_agent_id":"vec:1"},{"type":"USER_AGENT","user_agent_id":"vec:2","user_agent_id":"vec:3"}]}', /the key "user_agent_id" appears twice in identifiers\[\]/],
];

test.each(REFUSED)('%s: a refused line beside a valid one of nearly its shape is refused by both checks', (documentType, valid, refused, reason) => {
	expect(refusedVariedLines(documentType, 1, 2_000)).toEqual([]);
	expect(checkNdjsonLine(documentType, Buffer.from(valid))).toBeUndefined();
	const bytes = Buffer.from(refused);
	expect(fullNdjsonCheck(documentType, bytes, 0, bytes.length)).toMatch(reason);
	expect(checkNdjsonLine(documentType, bytes)).toMatch(reason);
});
