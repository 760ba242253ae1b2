/**
 * The one-pass split (uploads without validation) must cut exactly the parts
 * the two passes cut: same bytes, same records, same input ranges, same
 * errors, whatever the chunking of either read. Reading again from any part
 * it reached (a retry) must give that part and the ones after it again.
 */
import fc from 'fast-check';
import { checkInputStart, OnePassProgress, streamParts } from '../../../nodes/Mediarithmics/bulk/split/onePass/onePassSplit';
import type { SplitOptions } from '../../../nodes/Mediarithmics/bulk';
import { chunked, collect, split } from './helpers';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const ndjsonInput = fc
	.tuple(fc.boolean(), fc.array(fc.constantFrom(0x0a, 0x0d, 0x20, 0x09, 0xef, 0x7b, 0x22, 0x61, 0x62, 0x31), { maxLength: 400 }))
	.map(([bom, bytes]) => Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(bytes)]));

/**
 * NDJSON of mostly plain lines (no CR, no blank line, none starting with a
 * space or a tab), which the one-pass split takes in whole runs without
 * scanning them, with now and then a line that sends it back to the scanner.
 */
const plainNdjsonInput = fc
	.tuple(
		fc.boolean(),
		fc.array(fc.oneof({ weight: 8, arbitrary: fc.stringMatching(/^[{"a1]{1,12}$/) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', ' a', 'a\r', '\ta') }), { maxLength: 60 }),
		fc.boolean(),
	)
	.map(([bom, lines, lastLf]) => Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(lines.join('\n') + (lastLf ? '\n' : ''))]));

/** CSV with quotes, commas and line breaks inside and outside quoted fields. */
const csvInput = fc
	.tuple(fc.boolean(), fc.array(fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', '\n\n'), { maxLength: 150 }))
	.map(([bom, pieces]) => Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(`op,id,seg\n${pieces.join('')}`)]));

/** Start From Input Line: mostly 1 (the whole input), else a line that may fall anywhere, or past the end. */
const startLine = fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 14 }) });

interface Outcome {
	error?: string;
	parts: Array<{ meta: object; content: Buffer }>;
}

async function twoPasses(input: Buffer, options: SplitOptions, chunkSize: number): Promise<Outcome> {
	try {
		const { parts } = await split(input, options, chunkSize);
		return { parts: parts.map(({ part, content }) => ({ meta: metaOf(part), content })) };
	} catch (error) {
		return { error: (error as Error).message, parts: [] };
	}
}

async function onePass(input: Buffer, options: SplitOptions, chunkSize: number, progress: OnePassProgress, fromPart = 1): Promise<Outcome> {
	const parts: Outcome['parts'] = [];
	try {
		for await (const part of streamParts(chunked(input, chunkSize), options, progress, fromPart)) {
			expect(part.planned).toBeUndefined();
			const content = await collect(part.stream());
			const planned = part.planned!;
			expect([planned.index, planned.firstLine, planned.inputStart]).toEqual([part.index, part.firstLine, part.inputStart]);
			parts.push({ meta: metaOf(planned), content });
		}
		return { parts };
	} catch (error) {
		return { error: (error as Error).message, parts };
	}
}

function metaOf(part: { index: number; lines: number; bytes: number; firstLine: number; lastLine: number; inputStart: number; inputEnd: number }): object {
	const { index, lines, bytes, firstLine, lastLine, inputStart, inputEnd } = part;
	return { index, lines, bytes, firstLine, lastLine, inputStart, inputEnd };
}

async function sameAsTwoPasses(input: Buffer, options: SplitOptions, chunkA: number, chunkB: number, retryFrom: number): Promise<void> {
	const expected = await twoPasses(input, options, chunkA);
	const progress = new OnePassProgress();
	const actual = await onePass(input, options, chunkB, progress);
	expect(actual.error).toEqual(expected.error);
	if (expected.error !== undefined) {
		// An input with nothing to upload, or a start line inside a record, is refused before anything is created.
		if (/no lines to upload|but no rows|no line to upload from|is inside the CSV record/.test(expected.error)) await expect(checkInputStart(chunked(input, chunkB), options)).rejects.toThrow(expected.error);
		return;
	}
	await expect(checkInputStart(chunked(input, chunkB), options)).resolves.toBeUndefined();
	expect(actual.parts.map((part) => part.meta)).toEqual(expected.parts.map((part) => part.meta));
	expect(actual.parts.map((part) => part.content)).toEqual(expected.parts.map((part) => part.content));
	expect(progress.partCount).toBe(expected.parts.length);
	// A retry reads again from a part the first read reached.
	const from = 1 + (retryFrom % expected.parts.length);
	const again = await onePass(input, options, chunkA, progress, from);
	expect(again.error).toBeUndefined();
	expect(again.parts).toEqual(actual.parts.slice(from - 1));
}

describe('one-pass split', () => {
	test.each([
		['NDJSON', ndjsonInput, { documentType: 'USER_PROFILE', format: 'ndjson' as const }, 2, 90, 400],
		['NDJSON of mostly plain lines (taken in runs, not scanned)', plainNdjsonInput, { documentType: 'USER_PROFILE', format: 'ndjson' as const }, 2, 200, 400],
		['CSV (quoted line breaks, header repeated in every part)', csvInput, { documentType: 'USER_SEGMENT', format: 'csv' as const }, 12, 80, 300],
	])('cuts %s into the same parts as the two passes (bytes, records, ranges, errors), from any Start From Input Line, and reads again from any part', async (_name, input, type, minPart, maxPart, numRuns) => {
		await fc.assert(
			fc.asyncProperty(input, fc.integer({ min: minPart, max: maxPart }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.nat(), startLine, async (bytes, maxPartBytes, chunkA, chunkB, retryFrom, startFromLine) => {
				const options: SplitOptions = { maxPartBytes, ...type, validate: false, invalidLines: 'stop', startLine: startFromLine };
				await sameAsTwoPasses(bytes, options, chunkA, chunkB, retryFrom);
			}),
			{ numRuns },
		);
	});

	it('cuts CSV without a header line (columns given) into the same parts as the two passes', async () => {
		await fc.assert(
			fc.asyncProperty(csvInput, fc.integer({ min: 12, max: 80 }), fc.integer({ min: 1, max: 40 }), fc.nat(), async (input, maxPartBytes, chunk, retryFrom) => {
				const options: SplitOptions = {
					maxPartBytes,
					documentType: 'USER_SEGMENT',
					format: 'csv',
					csvHasHeader: false,
					csvColumns: ['operation', 'user_account_id', 'segment_id'],
					validate: false,
					invalidLines: 'stop',
				};
				await sameAsTwoPasses(input, options, chunk, 64, retryFrom);
			}),
			{ numRuns: 200 },
		);
	});

	it('refuses an input with nothing to upload before reading past its first record', async () => {
		const options: SplitOptions = { maxPartBytes: 100, documentType: 'USER_PROFILE', format: 'ndjson', validate: false, invalidLines: 'stop' };
		await expect(checkInputStart(chunked(Buffer.from(' \n\r\n\t\n')), options)).rejects.toThrow('The file has no lines to upload');
		const csv: SplitOptions = { ...options, documentType: 'USER_SEGMENT', format: 'csv' };
		await expect(checkInputStart(chunked(Buffer.from('a,b\n\n')), csv)).rejects.toThrow('The CSV file has a header but no rows');
		// Only the first chunk is read: what follows is never pulled.
		let pulled = 0;
		async function* source(): AsyncGenerator<Buffer> {
			for (;;) {
				pulled++;
				yield Buffer.from('{"a":1}\n');
			}
		}
		await checkInputStart(source(), options);
		expect(pulled).toBe(1);
	});
});
