/**
 * The keys and words of line shapes are named by two hashes: a pair must
 * stand for one text only, or two lines of different keys could share a shape
 * (bulk/rules/hashedTexts.ts).
 */
import { forgetHashedTexts, isTextOfHashes } from '../../../nodes/Mediarithmics/bulk/rules/hashedTexts';

beforeEach(() => forgetHashedTexts());

const text = (value: string) => Buffer.from(`[${value}]`);

test('the first text of a pair of hashes is kept, and the same text is taken again', () => {
	expect(isTextOfHashes(text('operation'), 1, 10, 7, 9)).toBe(true);
	expect(isTextOfHashes(text('operation'), 1, 10, 7, 9)).toBe(true);
});

test('another text with the same pair of hashes is refused: same length or not', () => {
	expect(isTextOfHashes(text('operation'), 1, 10, 7, 9)).toBe(true);
	expect(isTextOfHashes(text('operatioN'), 1, 10, 7, 9)).toBe(false);
	expect(isTextOfHashes(text('op'), 1, 3, 7, 9)).toBe(false);
	// Another pair in the same slot (same first hash) is a text of its own.
	expect(isTextOfHashes(text('operatioN'), 1, 10, 7, 10)).toBe(true);
});

test('once the table is full, new texts are refused and known ones still taken', () => {
	let index = 0;
	while (isTextOfHashes(text(`k${index}`), 1, 1 + `k${index}`.length, index, -index)) index++;
	expect(index).toBeGreaterThan(1000);
	expect(isTextOfHashes(text('k0'), 1, 3, 0, 0)).toBe(true);
	expect(isTextOfHashes(text('new'), 1, 4, -5, 5)).toBe(false);
});
