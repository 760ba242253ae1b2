/**
 * Start From Input Line in the file split: for random inputs, limits,
 * chunkings and start lines, the parts hold exactly the input's non-blank
 * lines from that line on, numbered as in the input, cut greedily within the
 * limit; lines before it are never checked (an invalid one there changes
 * nothing). The model splits the whole buffer on LF and shares no code with
 * the split.
 */
import fc from 'fast-check';
import { BulkInputError } from '../../../nodes/Mediarithmics/bulk';
import { split } from './helpers';

const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The non-blank lines of `input` with their numbers, as uploaded (with LF). */
function modelLines(input: Buffer): Array<{ number: number; bytes: Buffer }> {
	const body = input.subarray(0, 3).equals(BOM) ? input.subarray(3) : input;
	const text = body.toString('latin1').split('\n');
	if (text[text.length - 1] === '') text.pop();
	return text
		.map((piece, index) => ({ number: index + 1, content: Buffer.from(piece.endsWith('\r') ? piece.slice(0, -1) : piece, 'latin1') }))
		.filter(({ content }) => !content.every((byte) => byte === 0x20 || byte === 0x09))
		.map(({ number, content }) => ({ number, bytes: Buffer.concat([content, Buffer.from([LF])]) }));
}

const input = fc
	.tuple(fc.boolean(), fc.array(fc.constantFrom(LF, CR, 0x20, 0x09, 0x61, 0x7b, 0x22, 0xef), { maxLength: 200 }))
	.map(([bom, bytes]) => Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(bytes)]));

describe('Start From Input Line (NDJSON, two passes)', () => {
	it('the parts are the non-blank lines from the start line on, with their input numbers, greedy within the limit; past the end is an error', async () => {
		await fc.assert(
			fc.asyncProperty(input, fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), async (bytes, maxPartBytes, chunkSize, startLine) => {
				const expected = modelLines(bytes).filter((line) => line.number >= startLine);
				const options = { maxPartBytes, documentType: 'USER_POINTS_DELETION', format: 'ndjson' as const, validate: false, invalidLines: 'stop' as const, startLine };
				const tooLarge = expected.find((line) => line.bytes.length > maxPartBytes);
				if (expected.length === 0 || tooLarge !== undefined) {
					const failure = await split(bytes, options, chunkSize).then(
						() => undefined,
						(error: Error) => error,
					);
					expect(failure).toBeInstanceOf(BulkInputError);
					if (tooLarge !== undefined) expect(failure?.message).toMatch(new RegExp(`^Line ${tooLarge.number} is `));
					else if (startLine > 1) expect(failure?.message).toMatch(new RegExp(`^Start From Input Line is ${startLine}, but there is no line to upload from line ${startLine} on`));
					return;
				}
				const { parts } = await split(bytes, options, chunkSize);
				let next = 0;
				for (const { part, content } of parts) {
					const own = expected.slice(next, next + part.lines);
					expect(content).toEqual(Buffer.concat(own.map((line) => line.bytes)));
					expect([part.firstLine, part.lastLine]).toEqual([own[0].number, own[own.length - 1].number]);
					expect(content.length).toBeLessThanOrEqual(maxPartBytes);
					next += part.lines;
					if (next < expected.length) expect(content.length + expected[next].bytes.length).toBeGreaterThan(maxPartBytes);
				}
				expect(next).toBe(expected.length);
			}),
			{ numRuns: 300 },
		);
	});

	it('lines before the start line are not checked; the CSV header is read though it is before it', async () => {
		const valid = (id: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `u${id}`, segment_id: '1', expiration_duration: 0 });
		const ndjson = `not json\n${valid(2)}\n${valid(3)}\n`;
		const options = { maxPartBytes: 1000, documentType: 'USER_SEGMENT', format: 'ndjson' as const, validate: true, invalidLines: 'stop' as const };
		await expect(split(ndjson, options)).rejects.toThrow(/invalid line/);
		const { parts, plan } = await split(ndjson, { ...options, startLine: 2 });
		expect(plan.invalidLineCount).toBe(0);
		expect(parts.map(({ content }) => content.toString())).toEqual([`${valid(2)}\n${valid(3)}\n`]);

		const csv = 'operation,user_account_id,segment_id,expiration_duration\r\nADD,u1,1,0\r\nUPDATE,u2,1,0\r\n';
		const csvSplit = await split(csv, { ...options, format: 'csv', startLine: 3 });
		expect(csvSplit.parts.map(({ part, content }) => [part.firstLine, content.toString()])).toEqual([[3, 'operation,user_account_id,segment_id,expiration_duration\nUPDATE,u2,1,0\n']]);
	});

	it('a start line that is no whole number of at least 1 is refused', async () => {
		const options = { maxPartBytes: 1000, documentType: 'USER_POINTS_DELETION', format: 'ndjson' as const, validate: false, invalidLines: 'stop' as const };
		for (const startLine of [0, -1, 1.5, Number.NaN]) {
			await expect(split('{}\n', { ...options, startLine })).rejects.toThrow(`Start From Input Line must be a whole number of at least 1, got ${String(startLine)}`);
		}
	});
});
