/**
 * Start From Input Line on a line inside a multi-line CSV record (a quoted
 * field with line breaks): an error naming the line, the record's first line
 * and the line after it, from both passes, the one-pass split and the records
 * reader alike, whatever the chunking, and before any part is handed out.
 * The record's first line and the line after it work.
 */
import { FileRecordReader, type SplitOptions } from '../../../nodes/Mediarithmics/bulk';
import { checkInputStart, OnePassProgress, streamParts } from '../../../nodes/Mediarithmics/bulk/split/onePass/onePassSplit';
import { chunked, collect, csvOptions, rejectionOf, split } from './helpers';

const header = 'operation,user_account_id,segment_id,expiration_duration';
const row = (index: number) => `UPDATE,user-${index},42,0`;
/** Line 1 the header, lines 2 to 10 rows, lines 11 to 13 one record (a quoted field with two line breaks), lines 14 to 16 rows. */
const csv = [header, ...Array.from({ length: 9 }, (_value, index) => row(index + 2)), 'UPDATE,"user\r\neleven\nto thirteen",42,0', row(14), row(15), row(16)].join('\r\n') + '\r\n';
const inside = (line: number) =>
	`Start From Input Line is ${line}, but line ${line} is inside the CSV record that starts at line 11 (lines 11 to 13): ` +
	'set Start From Input Line to 11 to send that record again, or to 14 to start after it';
const options = (startLine: number, overrides: Partial<SplitOptions> = {}) => csvOptions({ validate: false, maxPartBytes: 120, startLine, ...overrides });

async function onePass(input: string, splitOptions: SplitOptions, chunkSize: number): Promise<Buffer[]> {
	const contents: Buffer[] = [];
	for await (const part of streamParts(chunked(Buffer.from(input), chunkSize), splitOptions, new OnePassProgress())) contents.push(await collect(part.stream()));
	return contents;
}

describe('Start From Input Line inside a multi-line CSV record', () => {
	test.each([12, 13])('line %i: both passes, the one-pass split and its start check refuse it, whatever the chunking', async (line) => {
		for (const chunkSize of [1, 2, 5, 17, 64, 1024]) {
			for (const validate of [true, false]) {
				const error = await rejectionOf(split(csv, options(line, { validate }), chunkSize));
				expect(error.message).toBe(inside(line));
				expect((error as Error & { description: string }).description).toMatch(/would leave that whole record out\. The line a failed upload names is always the first line of a record\. Nothing was uploaded\.$/);
			}
			await expect(checkInputStart(chunked(Buffer.from(csv), chunkSize), options(line))).rejects.toThrow(inside(line));
			await expect(onePass(csv, options(line), chunkSize)).rejects.toThrow(inside(line));
		}
	});

	test('the record\'s first line sends it; the line after it starts there; the header starts every part either way', async () => {
		const from11 = await split(csv, options(11));
		expect(from11.parts[0].part.firstLine).toBe(11);
		expect(from11.parts.map(({ content }) => content.toString()).join('')).toContain('"user\r\neleven\nto thirteen"');
		const from14 = await split(csv, options(14));
		expect(from14.parts.map(({ part }) => part.firstLine)).toEqual([14]);
		expect(from14.parts[0].content.toString()).toBe(`${header}\n${row(14)}\n${row(15)}\n${row(16)}\n`);
		expect((await onePass(csv, options(14), 3)).map(String)).toEqual([from14.parts[0].content.toString()]);
	});

	test('a record whose quote is never closed runs to the end: the error names its first line only', async () => {
		const open = `${header}\n${row(2)}\nUPDATE,"user-3,42,0\n${row(4)}\n${row(5)}\n`;
		const error = await rejectionOf(split(open, options(4)));
		expect(error.message).toBe(
			'Start From Input Line is 4, but line 4 is inside the CSV record that starts at line 3 and runs to the end of the input (a quote opened in it is never closed): ' +
				'set Start From Input Line to 3 to send that record again',
		);
	});

	test('a header on two lines is kept, not refused, when the line falls inside it', async () => {
		const twoLineHeader = `operation,"user_account_id",segment_id,"expiration\nduration"\n${row(3)}\n`;
		const { plan } = await split(twoLineHeader, options(2, { csvHasHeader: true }));
		expect(plan.lines).toBe(1);
	});

	test('records of a file (Build Lines From Fields): the same error, and the input\'s last line is known for the past-the-end error', async () => {
		for (const chunkSize of [1, 7, 1024]) {
			const reader = new FileRecordReader('csv', 1000, { startLine: 12 });
			await expect(
				(async () => {
					for await (const record of reader.records(chunked(Buffer.from(csv), chunkSize))) void record;
				})(),
			).rejects.toThrow(inside(12));
			const past = new FileRecordReader('csv', 1000, { startLine: 17 });
			const lines: number[] = [];
			for await (const record of past.records(chunked(Buffer.from(csv), chunkSize))) lines.push(record.line);
			expect(lines).toEqual([]);
			expect(past.linesSeen).toBe(16);
		}
	});
});
