/**
 * The file split in one pass, for uploads without line validation: each
 * part is cut while it is being sent. With validation on, the two passes of
 * splitter.ts are needed (nothing may leave before every line is checked);
 * without it, the first pass would only find the cut points, and reading a
 * large file twice costs the node about as much as sending it once (in n8n,
 * mostly the garbage collector's time over the freshly read chunks).
 *
 * The parts are the very same as the two passes give (same cuts, same bytes:
 * the property tests compare them), but a part's size and record count are
 * known only once its stream has been read to its end, so it is sent without
 * a Content-Length. A part can be read again (to retry its upload) from its
 * start, found on the first read: the cut depends only on the records from
 * there on, so it comes out the same.
 */
import type { CsvHeader } from '../rules/checkLine';
import { parseCsvHeader } from '../rules/checkLine';
import { contentTypeOf, mimeTypeOf } from '../rules/documentTypes';
import { InputChangedError } from '../errors';
import { csvHeaderError, headerFromColumns } from './filePlanner';
import { asBuffer } from './lineReader';
import { OutputBatcher } from './outputBatcher';
import { plainLineCount } from './plainLines';
import { assertRecordFits, checkSplitOptions, emptyInputError, partNotReadError, PlannedPart, scannerStart, SplitOptions } from './partPlan';
import { RecordScanner, ScannedRecord } from './recordScanner';

const LF = Buffer.from('\n');

/** Where a part begins in the input, learnt by reading the part before it. */
interface PartStart {
	inputStart: number;
	firstLine: number;
}

/**
 * What one read of the input learns and later reads reuse: where each part
 * starts, the CSV header, and how many parts there are once the input ended.
 */
export class OnePassProgress {
	readonly starts = new Map<number, PartStart>([[1, { inputStart: 0, firstLine: 1 }]]);
	header: CsvHeader | undefined;
	/** Set when a read reached the end of the input. */
	partCount: number | undefined;
}

/** A part cut while it is read. */
export interface StreamedPart {
	readonly index: number;
	readonly firstLine: number;
	readonly inputStart: number;
	readonly contentType: string;
	/** The part's bytes, in chunks. Read it to the end before asking for the next part. */
	stream(): AsyncIterable<Buffer>;
	/** What the part holds (records, bytes, last line, end): known once stream() has been read to its end. */
	readonly planned: PlannedPart | undefined;
}

type MutablePart = { -readonly [K in keyof PlannedPart]: PlannedPart[K] };

/** A part being gathered: its figures so far, and its output not yet handed out. */
interface OpenPart {
	part: MutablePart;
	out: OutputBatcher;
	closed: boolean;
}

/** The shared state of one read: the source, the scanner, and the parts cut but not yet fully handed out. */
class OnePassReader {
	private readonly iterator: AsyncIterator<Uint8Array>;
	private readonly scanner: RecordScanner;
	private readonly csv: boolean;
	private header: CsvHeader | undefined;
	private headerLine: Buffer | undefined;
	private prefixBytes = 0;
	/** Parts in input order; the first is the one being streamed. */
	readonly open: OpenPart[] = [];
	private nextIndex: number;
	private ended = false;
	/** The CSV header line was read from this read's input. */
	headerInInput = false;

	constructor(
		source: AsyncIterable<Uint8Array>,
		private readonly options: SplitOptions,
		private readonly progress: OnePassProgress,
		first: number,
	) {
		this.iterator = source[Symbol.asyncIterator]();
		this.csv = options.format === 'csv';
		this.nextIndex = first;
		const start = progress.starts.get(first) as PartStart;
		this.scanner = new RecordScanner({
			quoted: this.csv,
			maxRecordBytes: options.maxPartBytes,
			...scannerStart(options),
			...(first > 1 ? { resumeAt: { offset: start.inputStart, line: start.firstLine } } : {}),
		});
		if (this.csv && options.csvHasHeader === false) this.useHeader(headerFromColumns(options.csvColumns ?? [], false));
		// Reading again from a later part: the header was read from the input's start the first time.
		else if (this.csv && first > 1) this.useHeader(progress.header as CsvHeader);
	}

	/** Skips the input before the first part to read, from `position`, the input offset of the source's first byte. */
	async skipTo(offset: number, position: number): Promise<void> {
		while (position < offset) {
			const next = await this.iterator.next();
			if (next.done === true) throw new InputChangedError(`it ends at byte ${position}, before part ${this.nextIndex}`);
			const chunk = asBuffer(next.value);
			const room = offset - position;
			position += Math.min(room, chunk.length);
			if (chunk.length > room) this.scanner.push(chunk.subarray(room), this.onRecord);
		}
	}

	/** Reads one more chunk into the open parts; false once the input has ended. */
	async readMore(): Promise<boolean> {
		if (this.ended) return false;
		for (;;) {
			const next = await this.iterator.next();
			if (next.done === true) {
				this.ended = true;
				this.scanner.end(this.onRecord);
				const last = this.open[this.open.length - 1];
				if (last !== undefined && !last.closed) this.closePart(last, this.scanner.bytesRead);
				this.progress.partCount = this.nextIndex - 1;
				return false;
			}
			const chunk = asBuffer(next.value);
			if (chunk.length === 0) continue;
			this.push(chunk);
			return true;
		}
	}

	/**
	 * One chunk into the open parts. Its whole lines that are plain (plainLines.ts)
	 * and fit in the part being filled go in as one run, counted, not scanned;
	 * the rest goes through the record scanner.
	 */
	private push(chunk: Buffer): void {
		const firstLf = this.csv || !this.scanner.pastStart ? -1 : chunk.indexOf(LF[0]);
		if (firstLf === -1) return this.scanner.push(chunk, this.onRecord);
		// The line that ends first, begun in an earlier chunk most often: scanned as usual.
		const from = firstLf + 1;
		this.scanner.push(chunk.subarray(0, from), this.onRecord);
		const current = this.open[this.open.length - 1];
		let to = chunk.lastIndexOf(LF[0]) + 1;
		if (current !== undefined && !current.closed && to > from) {
			// Only whole lines that the part can still take: the cut, if it falls here, is left to the scanner.
			const room = this.options.maxPartBytes - current.part.bytes;
			if (to - from > room) to = room > 0 ? chunk.lastIndexOf(LF[0], from + room - 1) + 1 : 0;
			const lines = to > from ? plainLineCount(chunk, from, to) : -1;
			if (lines > 0) {
				const { part, out } = current;
				part.lines += lines;
				part.bytes += to - from;
				part.lastLine = this.scanner.nextLine + lines - 1;
				out.add(chunk, from, to);
				this.scanner.skipRecords(to - from, lines);
				if (to < chunk.length) this.scanner.push(chunk.subarray(to), this.onRecord);
				return;
			}
		}
		this.scanner.push(chunk.subarray(from), this.onRecord);
	}

	async close(): Promise<void> {
		await this.iterator.return?.();
	}

	/** Why there is nothing to upload (the input is read to its end by then). */
	emptyError(): Error {
		return emptyInputError('line', this.headerInInput, { startLine: this.options.startLine, lastLine: this.scanner.linesSeen });
	}

	private readonly onRecord = (record: ScannedRecord): void => {
		if (record.blank) return;
		assertRecordFits(record, this.prefixBytes, this.options.maxPartBytes);
		if (this.csv && this.header === undefined) {
			const parsed = parseCsvHeader(record.buffer, this.options.validate, record.from, record.to);
			if ('problem' in parsed) throw csvHeaderError(record.number, parsed.problem);
			this.useHeader(parsed.header);
			this.progress.header = parsed.header;
			this.headerInInput = true;
			return;
		}
		const size = record.size + 1;
		let current: OpenPart | undefined = this.open[this.open.length - 1];
		if (current !== undefined && !current.closed && current.part.bytes + size > this.options.maxPartBytes) {
			this.closePart(current, record.start);
			current = undefined;
		}
		if (current === undefined || current.closed) current = this.openPart(record);
		const { part, out } = current;
		part.lines++;
		part.bytes += size;
		part.lastLine = record.number;
		if (record.lfFollows) {
			out.add(record.buffer, record.from, record.to + 1);
		} else {
			out.add(record.buffer, record.from, record.to);
			out.add(LF, 0, 1);
		}
	};

	private useHeader(header: CsvHeader): void {
		this.header = header;
		this.headerLine = Buffer.concat([header.bytes, LF]);
		this.prefixBytes = this.headerLine.length;
	}

	private openPart(record: ScannedRecord): OpenPart {
		const index = this.nextIndex++;
		// Part 1 starts at the very beginning, so that reading it again also walks (and drops) the BOM and the header.
		const inputStart = index === 1 ? 0 : record.start;
		this.progress.starts.set(index, { inputStart, firstLine: record.number });
		const opened: OpenPart = {
			part: { index, lines: 0, bytes: this.prefixBytes, firstLine: record.number, lastLine: record.number, inputStart, inputEnd: inputStart },
			out: new OutputBatcher(),
			closed: false,
		};
		if (this.headerLine !== undefined) opened.out.add(this.headerLine, 0, this.headerLine.length);
		this.open.push(opened);
		return opened;
	}

	private closePart(opened: OpenPart, inputEnd: number): void {
		opened.part.inputEnd = inputEnd;
		opened.closed = true;
	}
}

/**
 * Checks, before anything is created on the platform, that the input has a
 * record to upload (and, for CSV, a readable header): reads up to the first
 * record, then closes the source.
 */
export async function checkInputStart(source: AsyncIterable<Uint8Array>, options: SplitOptions): Promise<void> {
	checkSplitOptions(options);
	const reader = new OnePassReader(source, options, new OnePassProgress(), 1);
	try {
		while (reader.open.length === 0 && (await reader.readMore()));
		if (reader.open.length === 0) throw reader.emptyError();
	} finally {
		await reader.close();
	}
}

/**
 * The parts of `source` from part `fromPart` on, cut while read. `progress`
 * is shared by every read of the same input: the first read fills it, a
 * later one (a retry) starts from a part the first one reached. `sourceStart`
 * is the input offset of the source's first byte (default 0): a source that
 * could start later (an HTTP Range read) skips the bytes itself.
 */
export async function* streamParts(
	source: AsyncIterable<Uint8Array>,
	options: SplitOptions,
	progress: OnePassProgress,
	fromPart = 1,
	sourceStart = 0,
): AsyncGenerator<StreamedPart> {
	checkSplitOptions(options);
	const start = progress.starts.get(fromPart);
	if (start === undefined) {
		if (progress.partCount !== undefined && fromPart > progress.partCount) return;
		throw new RangeError(`Part ${fromPart} cannot be read before the parts ahead of it`);
	}
	const contentType = contentTypeOf(mimeTypeOf(options.format));
	const reader = new OnePassReader(source, options, progress, fromPart);
	try {
		if (sourceStart > start.inputStart) throw new RangeError(`The source starts at byte ${sourceStart}, after part ${fromPart}`);
		if (fromPart > 1) await reader.skipTo(start.inputStart, sourceStart);
		for (let yielded = 0; ; yielded++) {
			while (reader.open.length === 0 && (await reader.readMore()));
			const head = reader.open[0];
			if (head === undefined) {
				if (yielded > 0) return;
				if (fromPart === 1) throw reader.emptyError();
				throw new InputChangedError(`part ${fromPart} is not there any more`);
			}
			// An object, not a let: TypeScript cannot see the closures below change it.
			const progressOfPart: { state: 'unread' | 'reading' | 'done' } = { state: 'unread' };
			const part: StreamedPart = {
				index: head.part.index,
				firstLine: head.part.firstLine,
				inputStart: head.part.inputStart,
				contentType,
				get planned() {
					return progressOfPart.state === 'done' ? { ...head.part } : undefined;
				},
				stream: () => {
					if (progressOfPart.state !== 'unread') throw new Error(`Part ${head.part.index} can be streamed only once`);
					progressOfPart.state = 'reading';
					return (async function* () {
						for (;;) {
							if (head.closed) {
								yield* head.out.takeAll();
								break;
							}
							yield* head.out.take();
							if (!(await reader.readMore()) && !head.closed) throw new Error('the input ended inside an open part');
						}
						reader.open.shift();
						progressOfPart.state = 'done';
					})();
				},
			};
			yield part;
			if (progressOfPart.state !== 'done') throw partNotReadError(part.index);
		}
	} finally {
		await reader.close();
	}
}
