/**
 * readEscapedJsonQuickly (bulk/rules/escapedJsonQuick.ts) reads the data bags
 * of real files in one loop and leaves any other to readEscapedJson: whatever
 * it accepts, readEscapedJson must accept with the same end, kind and
 * non-ASCII flag, on any JSON text written raw or with escaped non-ASCII
 * characters, with bytes changed; and it must take the varied file's bags, or
 * it would bring no speed.
 */
import fc from 'fast-check';

import { innerKind, readEscapedJson, sawNonAscii } from '../../../nodes/Mediarithmics/bulk/rules/escapedJson';
import { quickInnerKind, quickNonAscii, readEscapedJsonQuickly } from '../../../nodes/Mediarithmics/bulk/rules/escapedJsonQuick';
import { seededRandom, variedValue } from '../../e2e/variedLines';
import { mutate, mutation } from './segmentLineArbitraries';

/** The outer JSON string's bytes, non-ASCII written raw or as \u escapes. */
function outer(content: string, escapeNonAscii: boolean): Buffer {
	const text = JSON.stringify(content);
	return Buffer.from(escapeNonAscii ? text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : text, 'utf8');
}

/** The quick reader's answer on bytes[1, length) followed by other bytes, and the general one's when it took it. */
function expectSameAsGeneral(bytes: Buffer, after: Buffer): boolean {
	const buffer = Buffer.concat([bytes, after]);
	const quick = readEscapedJsonQuickly(buffer, 1, bytes.length);
	if (quick === -1) return false;
	const taken = { end: quick, kind: quickInnerKind, nonAscii: quickNonAscii };
	const general = readEscapedJson(buffer, 1, bytes.length);
	expect(taken).toEqual({ end: general, kind: innerKind, nonAscii: sawNonAscii });
	return true;
}

const variedBags = (count: number): string[] => {
	const random = seededRandom(5);
	const bags: string[] = [];
	while (bags.length < count) {
		const bag = variedValue('USER_SEGMENT', random).data_bag;
		if (typeof bag === 'string') bags.push(bag);
	}
	return bags;
};

const contents = fc.oneof(
	fc.jsonValue().map((json) => JSON.stringify(json) ?? ''),
	fc.jsonValue().map((json) => (JSON.stringify(json) ?? '').replace(/([,:[{])/g, '$1 ')),
	fc.constantFrom(...variedBags(50)),
	fc.string(),
	fc.constantFrom('{"a":"\\u00e9"}', '{"a":"x\\"y"}', '{"a":"\u0001"}', '[1,2e5,-0.5,true,null]', ' {} ', '{"a":01}', '{"a":1,}', '{"a":1.}', '[1e]', '[-]', '"\\ud800"', '{"a":"\\x"}', '{"a":"\\u12g4"}', '[tru]', '{"a" 1}', '[[[[]]]]', '{"a":{"b":[{}]}}'),
);

test('whatever it takes, readEscapedJson takes with the same end, kind and non-ASCII flag', () => {
	let taken = 0;
	fc.assert(
		fc.property(contents, fc.boolean(), fc.array(mutation, { maxLength: 2 }), fc.uint8Array({ maxLength: 4 }), (content, escapeNonAscii, mutations, after) => {
			if (expectSameAsGeneral(mutations.reduce(mutate, outer(content, escapeNonAscii)), Buffer.from(after))) taken++;
		}),
		{ numRuns: 30_000 },
	);
	// Or the test would say nothing.
	expect(taken).toBeGreaterThan(5_000);
});

test('takes nearly every data bag of the varied file', () => {
	const bags = variedBags(2_000);
	const taken = bags.filter((bag) => expectSameAsGeneral(outer(bag, false), Buffer.alloc(0))).length;
	expect(taken).toBeGreaterThan(bags.length * 0.99);
});
