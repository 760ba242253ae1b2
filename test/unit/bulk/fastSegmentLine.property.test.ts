/**
 * The fast USER_SEGMENT check (bulk/rules/fastSegmentLine.ts: a line whose
 * shape is that of a line the full rules found valid is valid) may only skip
 * work: checkNdjsonLine must give every line the verdict and message of the
 * full check (UTF-8 decode, JSON.parse, lineRules.validateLine), whatever
 * lines came before. Checked on the benchmarks' varied lines, on lines
 * generated to sit near the edges of the rules and of JSON's grammar, each
 * after lines of its shape with other values, and on byte-level mutations of
 * them; and it must take the lines of real files, or it would bring no speed.
 */
import fc from 'fast-check';

import { checkNdjsonLine, fullNdjsonCheck } from '../../../nodes/Mediarithmics/bulk/rules/checkLine';
import { forgetValidSegmentShapes, isKnownValidSegmentLine } from '../../../nodes/Mediarithmics/bulk/rules/fastSegmentLine';
import { matchesTemplate } from '../../../nodes/Mediarithmics/bulk/rules/segmentLineTemplate';
import { seededRandom, variedLine, variedValue } from '../../e2e/variedLines';
import { edgeValue, mutate, mutation, render, segmentEntries, spacing, surroundings } from './segmentLineArbitraries';

/** The full check (UTF-8, JSON.parse, repeated keys, the rules), which never takes the fast path. */
function fullVerdict(bytes: Buffer): string | undefined {
	return fullNdjsonCheck('USER_SEGMENT', bytes, 0, bytes.length);
}

/** checkNdjsonLine on the line embedded in a larger buffer, so that reading past `to` would be caught. */
function check(bytes: Buffer, before: Buffer = Buffer.alloc(0), after: Buffer = Buffer.alloc(0)): string | undefined {
	const buffer = Buffer.concat([before, bytes, after]);
	return checkNdjsonLine('USER_SEGMENT', buffer, before.length, before.length + bytes.length);
}

/** Same verdict and message as the full check; invalid UTF-8 is named by the full check's own words. */
function expectFullVerdict(bytes: Buffer, before?: Buffer, after?: Buffer): void {
	const full = fullVerdict(bytes);
	const fast = check(bytes, before, after);
	if (full === 'invalid UTF-8') expect(fast).toMatch(/UTF-8/);
	else expect(fast).toBe(full);
}

/** The varied file's lines, so that their shapes are known valid before each test. */
function learnVariedShapes(count: number): void {
	const random = seededRandom(1);
	for (let index = 0; index < count; index++) expect(check(Buffer.from(variedLine('USER_SEGMENT', random)))).toBeUndefined();
}

beforeEach(() => {
	forgetValidSegmentShapes();
	learnVariedShapes(3_000);
});

describe('the fast USER_SEGMENT check gives the full check\'s verdict and message', () => {
	test('varied lines with bytes replaced, inserted or removed', () => {
		fc.assert(
			fc.property(fc.integer(), fc.array(mutation, { minLength: 1, maxLength: 3 }), surroundings, (seed, mutations, [before, after]) => {
				const line = Buffer.from(variedLine('USER_SEGMENT', seededRandom(seed)), 'utf8');
				expectFullVerdict(line, before, after);
				expectFullVerdict(mutations.reduce(mutate, line), before, after);
			}),
			{ numRuns: 20_000 },
		);
	});

	// A line of a shape found valid, then the same line with one field's value replaced by an edge value.
	test('varied lines, then one field given another value', () => {
		fc.assert(
			fc.property(fc.integer(), fc.nat(), edgeValue, spacing, (seed, which, value, space) => {
				const entries = Object.entries(variedValue('USER_SEGMENT', seededRandom(seed)));
				expectFullVerdict(Buffer.from(render(entries, space), 'utf8'));
				entries[which % entries.length][1] = value;
				expectFullVerdict(Buffer.from(render(entries, space), 'utf8'));
			}),
			{ numRuns: 20_000 },
		);
	});

	test('generated segment lines with any spacing, each after a line of its shape with other values', () => {
		fc.assert(
			fc.property(segmentEntries, fc.array(edgeValue, { minLength: 12, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), spacing, surroundings, (entries, values, replaced, space, [before, after]) => {
				expectFullVerdict(Buffer.from(render(entries, space), 'utf8'), before, after);
				const other = entries.map(([name, item], index): [string, unknown] => [name, replaced[index] ? values[index] : item]);
				expectFullVerdict(Buffer.from(render(other, space), 'utf8'), before, after);
			}),
			{ numRuns: 20_000 },
		);
	});

	test('generated segment lines with bytes replaced, inserted or removed', () => {
		fc.assert(
			fc.property(segmentEntries, fc.array(mutation, { minLength: 1, maxLength: 3 }), surroundings, (entries, mutations, [before, after]) => {
				const line = Buffer.from(render(entries, ''), 'utf8');
				expectFullVerdict(line, before, after);
				expectFullVerdict(mutations.reduce(mutate, line), before, after);
			}),
			{ numRuns: 20_000 },
		);
	});

	// Lines written alike are compared with the text of one of them (segmentLineTemplate.ts) before their shape is read.
	test('a run of lines written alike, then one with another value or bytes changed', () => {
		fc.assert(
			fc.property(fc.integer(), fc.nat(), edgeValue, fc.array(mutation, { maxLength: 2 }), spacing, (seed, which, value, mutations, space) => {
				forgetValidSegmentShapes();
				const entries = Object.entries(variedValue('USER_SEGMENT', seededRandom(seed)));
				const line = Buffer.from(render(entries, space), 'utf8');
				for (let copy = 0; copy < 16; copy++) expectFullVerdict(line);
				entries[which % entries.length][1] = value;
				expectFullVerdict(mutations.reduce(mutate, Buffer.from(render(entries, space), 'utf8')));
			}),
			{ numRuns: 3_000 },
		);
	});

	test('arbitrary objects and arbitrary bytes', () => {
		fc.assert(
			fc.property(fc.oneof(fc.jsonValue().map((json) => JSON.stringify(json) ?? ''), fc.string(), fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('latin1'))), (text) => {
				expectFullVerdict(Buffer.from(text, 'utf8'));
			}),
			{ numRuns: 5_000 },
		);
	});
});

describe('the fast USER_SEGMENT check takes the lines of real files', () => {
	test('the lines of a file of one shape are taken by the comparison with the learnt text', () => {
		forgetValidSegmentShapes();
		const line = (index: number) => Buffer.from(`{"operation":"UPDATE","user_account_id":"crm-${index}","compartment_id":"12","segment_id":"${1000 + (index % 50)}","expiration_duration":43200}`);
		for (let index = 0; index < 64; index++) expect(check(line(index))).toBeUndefined();
		for (let index = 64; index < 128; index++) expect(matchesTemplate(line(index), 0, line(index).length)).toBe(true);
	});

	test('nearly every line of a varied file, once a line of its shape was checked', () => {
		const random = seededRandom(2);
		let taken = 0;
		const count = 20_000;
		for (let index = 0; index < count; index++) {
			const line = Buffer.from(variedLine('USER_SEGMENT', random));
			if (isKnownValidSegmentLine(line, 0, line.length)) taken++;
			else expect(check(line)).toBeUndefined();
		}
		expect(taken / count).toBeGreaterThan(0.97);
	});

	test.each([
		'{"operation":"UPDATE","user_account_id":"crm-1","compartment_id":"12","segment_id":"1042","expiration_duration":43200}',
		'{"operation":"DELETE","email_hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","segment_technical_names":["newsletter_gold","été"],"expiration_duration":0}',
		'{ "operation": "UPDATE", "user_agent_id": "vec:123", "segment_id": "1042", "expiration_duration": 0, "expiration_ts": 1700000000000, "comment": "kept" }',
		'{"operation": "UPDATE", "user_account_id": "crm-2", "segment_ids": ["1", "2"], "expiration_duration": 0, "data_bag": "{\\"name\\": \\"Zo\\u00eb \\\\\\"Z\\\\\\"\\", \\"tags\\": [1, 2.5e3, true, null]}"}',
	])('%s', (line) => {
		forgetValidSegmentShapes();
		const bytes = Buffer.from(line);
		expect(fullVerdict(bytes)).toBeUndefined();
		// The first line of a shape goes to the full check; the next ones of that shape do not.
		expect(isKnownValidSegmentLine(bytes, 0, bytes.length)).toBe(false);
		expect(check(bytes)).toBeUndefined();
		expect(isKnownValidSegmentLine(bytes, 0, bytes.length)).toBe(true);
	});

	test.each([
		['a repeated key', '{"operation":"UPDATE","operation":"DELETE","user_account_id":"a","segment_id":"1","expiration_duration":0}'],
		['an escaped key', '{"oper\\u0061tion":"UPDATE","user_account_id":"a","segment_id":"1","expiration_duration":0}'],
		['a fraction', '{"operation":"UPDATE","user_account_id":"a","segment_id":"1","expiration_duration":1.0}'],
		['a nested value', '{"operation":"UPDATE","user_account_id":"a","segment_id":"1","expiration_duration":0,"extra":{"a":1}}'],
	])('leaves %s to the full check every time', (_what, line) => {
		const bytes = Buffer.from(line);
		check(bytes);
		expect(isKnownValidSegmentLine(bytes, 0, bytes.length)).toBe(false);
	});
});

describe('a learnt shape never lets through what the documented rules refuse', () => {
	test.each([
		['a raw email in email_hash', '"9f86d081884c7d659a2feaa0c55ad015"', '"jane.doe@example.com"'],
		['a blank segment id', '"1042"', '"    "'],
		['a numeric segment id', '"1042"', '1042'],
	])('%s, after a valid line of the same fields', (_name, valid, refused) => {
		const line = `{"operation":"DELETE","email_hash":"9f86d081884c7d659a2feaa0c55ad015","segment_id":"1042","expiration_duration":0}`;
		forgetValidSegmentShapes();
		expect(check(Buffer.from(line))).toBeUndefined();
		const bad = Buffer.from(line.includes(`:${valid},`) && valid.includes('9f86') ? line.replace(valid, refused) : line.replace(`"segment_id":${valid}`, `"segment_id":${refused}`));
		expect(fullVerdict(bad)).toBeDefined();
		expect(check(bad)).toBe(fullVerdict(bad));
	});
});

describe('a blank value never rides on the shape of a valid one', () => {
	// Each valid value has white space at an edge and characters of the same kinds as the blank one's
	// (an escaped control character counts as "other"; a non-ASCII space adds no ASCII kind).
	test.each([
		['an escaped line feed', '"\\n!"', '"\\n"'],
		['a no-break space', '"\u00a0é"', '"\u00a0"'],
		['escaped spaces', '"\\u0020x"', '"\\u0020"'],
	])('%s', (_name, valid, blank) => {
		const line = (id: string) => `{"operation":"UPDATE","user_account_id":${id},"segment_id":"1042","expiration_duration":0}`;
		forgetValidSegmentShapes();
		expect(check(Buffer.from(line(valid)))).toBeUndefined();
		const bad = Buffer.from(line(blank));
		expect(fullVerdict(bad)).toBeDefined();
		expect(check(bad)).toBe(fullVerdict(bad));
	});
});

describe('a field written twice never rides on the shape of two other fields', () => {
	/** Two field names whose 30-bit FNV-1a hashes (segmentLineShape.ts's, for names the rules do not know) are equal. */
	function namesOfOneHash(): [string, string] {
		const seen = new Map<number, string>();
		for (let index = 0; ; index++) {
			const name = `x${index}`;
			let hash = 0x811c9dc5;
			for (let at = 0; at < name.length; at++) hash = Math.imul(hash ^ name.charCodeAt(at), 0x01000193);
			const other = seen.get(hash >>> 2);
			if (other !== undefined) return [other, name];
			seen.set(hash >>> 2, name);
		}
	}

	test('a repeated name after a valid line with two names of the same hash', () => {
		const [first, second] = namesOfOneHash();
		const line = (a: string, b: string) => `{"operation":"UPDATE","user_account_id":"a","segment_id":"1","expiration_duration":0,"${a}":1,"${b}":1}`;
		forgetValidSegmentShapes();
		expect(check(Buffer.from(line(first, second)))).toBeUndefined();
		const twice = Buffer.from(line(first, first));
		expect(fullVerdict(twice)).toMatch(/appears twice/);
		expect(check(twice)).toBe(fullVerdict(twice));
	});
});
