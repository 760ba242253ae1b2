/**
 * stringifyFaithfully writes plain values with JSON.stringify alone and sends
 * anything unusual through the replacer that checks every value. The two ways
 * must agree: on any value, the same text, or the same EncodingError.
 */
import fc from 'fast-check';

import { EncodingError } from '../../../nodes/Mediarithmics/bulk';
import { stringifyCheckingEveryValue, stringifyFaithfully } from '../../../nodes/Mediarithmics/bulk/encoding/ndjson';

function outcome(write: (value: unknown) => string, value: unknown): { text: string } | { error: string } {
	try {
		return { text: write(value) };
	} catch (error) {
		expect(error).toBeInstanceOf(EncodingError);
		return { error: (error as Error).message };
	}
}

const unusual = fc.constantFrom<unknown>(undefined, NaN, Infinity, -Infinity, 10n, () => 1, Symbol('s'), new Date(0), new Map([[1, 2]]), new Set([1]), { toJSON: () => 'x' }, Object.create(null), [undefined], [, 1]);

const values = fc.letrec((tie) => ({
	value: fc.oneof(
		{ weight: 4, arbitrary: fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null)) },
		{ weight: 1, arbitrary: unusual },
		{ weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
		{ weight: 2, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('__proto__', 'toJSON', 'a b')), tie('value'), { maxKeys: 3 }) },
	),
})).value;

test('the fast way and the careful way give the same text or the same error', () => {
	fc.assert(
		fc.property(fc.oneof(values, fc.anything()), (value) => {
			expect(outcome(stringifyFaithfully, value)).toEqual(outcome(stringifyCheckingEveryValue, value));
		}),
		{ numRuns: 20_000 },
	);
});

test('cycles and very deep values still get the careful way', () => {
	const cycle: Record<string, unknown> = { a: 1 };
	cycle.self = cycle;
	expect(() => stringifyFaithfully(cycle)).toThrow(EncodingError);
	let deep: unknown = 1;
	for (let level = 0; level < 200; level++) deep = [deep];
	expect(stringifyFaithfully(deep)).toBe(JSON.stringify(deep));
	let deepBad: unknown = NaN;
	for (let level = 0; level < 200; level++) deepBad = { next: deepBad };
	expect(() => stringifyFaithfully(deepBad)).toThrow(/NaN/);
});
