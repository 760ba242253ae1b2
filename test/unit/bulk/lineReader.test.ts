import { asBuffer } from '../../../nodes/Mediarithmics/bulk';
import { RecordScanner, type ScannedRecord } from '../../../nodes/Mediarithmics/bulk/split/scan/recordScanner';
import { chunked } from './helpers';

/**
 * The lines (or CSV records) of a byte stream, one object each, as
 * RecordScanner reports them to the splitter: what these tests check.
 */
interface Line {
	/** The line without its ending (and without the BOM on line 1). */
	bytes: Buffer;
	/** 1-based physical line number (of the first line, for a multi-line CSV record). */
	number: number;
	/** Byte offset of the content in the input. */
	start: number;
	/** Byte offset just past the line ending. */
	end: number;
	/** Only spaces and tabs, or nothing: never uploaded. */
	blank: boolean;
}

interface ReadLinesOptions {
	/** Treat LFs inside CSV quoted fields as part of the record (default false). */
	csvRecords?: boolean;
	/** A line longer than this is not kept in memory and makes readLines throw. Default 256 MiB. */
	maxLineBytes?: number;
}

const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

async function* readLines(
	source: AsyncIterable<Uint8Array>,
	options: ReadLinesOptions = {},
): AsyncGenerator<Line> {
	const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
	const scanner = new RecordScanner({ quoted: options.csvRecords === true, maxRecordBytes: maxLineBytes });
	const ready: Line[] = [];
	const collect = (record: ScannedRecord): void => {
		if (record.oversize || record.size > maxLineBytes) {
			throw new RangeError(`Line ${record.number} is ${record.size} bytes, more than the ${maxLineBytes} allowed`);
		}
		ready.push({
			bytes: record.buffer.subarray(record.from, record.to),
			number: record.number,
			start: record.start,
			end: record.end,
			blank: record.blank,
		});
	};
	for await (const chunk of source) {
		scanner.push(asBuffer(chunk), collect);
		// Hand out what this chunk completed before reading the next one.
		yield* ready;
		ready.length = 0;
	}
	scanner.end(collect);
	yield* ready;
}

async function linesOf(input: Buffer | string, chunkSize = 64 * 1024, csvRecords = false): Promise<Line[]> {
	const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
	const lines: Line[] = [];
	for await (const line of readLines(chunked(bytes, chunkSize), { csvRecords })) lines.push(line);
	return lines;
}

const texts = (lines: Line[]) => lines.map((line) => line.bytes.toString('utf8'));

describe('readLines', () => {
	it('splits on LF and gives 1-based numbers and byte offsets', async () => {
		const lines = await linesOf('ab\ncde\n');
		expect(lines.map(({ number, start, end }) => ({ number, start, end }))).toEqual([
			{ number: 1, start: 0, end: 3 },
			{ number: 2, start: 3, end: 7 },
		]);
		expect(texts(lines)).toEqual(['ab', 'cde']);
	});

	it('drops CR from CRLF endings', async () => {
		const lines = await linesOf('a\r\nb\r\n');
		expect(texts(lines)).toEqual(['a', 'b']);
		expect(lines[1].end).toBe(6);
	});

	it('keeps a CR that is not followed by LF', async () => {
		expect(texts(await linesOf('a\rb\n'))).toEqual(['a\rb']);
	});

	it('yields a last line without trailing newline', async () => {
		const lines = await linesOf('a\nlast');
		expect(texts(lines)).toEqual(['a', 'last']);
		expect(lines[1]).toMatchObject({ number: 2, start: 2, end: 6 });
	});

	it('reports blank and whitespace-only lines as blank, keeping their numbers', async () => {
		const lines = await linesOf('a\n\n \t\r\nb\n');
		expect(lines.map((line) => [line.number, line.blank])).toEqual([
			[1, false],
			[2, true],
			[3, true],
			[4, false],
		]);
	});

	it('strips a UTF-8 BOM at the very start, even when it arrives one byte per chunk', async () => {
		const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"b":2}\n')]);
		for (const chunkSize of [1, 2, 3, 5, 1024]) {
			const lines = await linesOf(input, chunkSize);
			expect(texts(lines)).toEqual(['{"a":1}', '{"b":2}']);
			expect(lines[0].start).toBe(3);
		}
	});

	it('keeps bytes that only look like the start of a BOM', async () => {
		expect((await linesOf(Buffer.from([0xef, 0xbb])))[0].bytes).toEqual(Buffer.from([0xef, 0xbb]));
		expect((await linesOf(Buffer.from([0xef, 0x41, 0x0a])))[0].bytes).toEqual(Buffer.from([0xef, 0x41]));
	});

	it('does not strip a BOM in the middle of the input', async () => {
		const input = Buffer.concat([Buffer.from('a\n'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('b\n')]);
		expect((await linesOf(input))[1].bytes.length).toBe(4);
	});

	it('gives the same lines whatever the chunk size', async () => {
		const input = 'first\r\n\nsecond line\nthird\r\n  \nlast';
		const expected = await linesOf(input, 1024);
		for (const chunkSize of [1, 2, 3, 7]) {
			const lines = await linesOf(input, chunkSize);
			expect(lines.map((l) => ({ ...l, bytes: l.bytes.toString() }))).toEqual(
				expected.map((l) => ({ ...l, bytes: l.bytes.toString() })),
			);
		}
	});

	it('passes invalid UTF-8 through untouched (checking is checkLine’s job)', async () => {
		const lines = await linesOf(Buffer.from([0x41, 0xe9, 0x0a]));
		expect(lines[0].bytes).toEqual(Buffer.from([0x41, 0xe9]));
	});

	it('yields nothing for an empty input', async () => {
		expect(await linesOf('')).toEqual([]);
	});

	it('keeps a CSV record with quoted newlines whole, numbered by its first line', async () => {
		for (const chunkSize of [1, 4, 1024]) {
			const lines = await linesOf('h1,h2\n"a\nb",c\r\nd,"e"""\n', chunkSize, true);
			expect(texts(lines)).toEqual(['h1,h2', '"a\nb",c', 'd,"e"""']);
			expect(lines.map((line) => line.number)).toEqual([1, 2, 4]);
		}
	});

	it('refuses a line longer than maxLineBytes without holding it', async () => {
		const iterate = async () => {
			for await (const line of readLines(chunked(Buffer.from(`ok\n${'x'.repeat(5000)}\n`), 100), { maxLineBytes: 1000 })) {
				void line;
			}
		};
		await expect(iterate()).rejects.toThrow('Line 2 is 5000 bytes, more than the 1000 allowed');
	});

	it('refuses chunks that are strings', async () => {
		async function* strings() {
			yield 'text';
		}
		const iterate = async () => {
			for await (const line of readLines(strings() as unknown as AsyncIterable<Uint8Array>)) void line;
		};
		await expect(iterate()).rejects.toThrow(/must yield bytes/);
	});
});
