/**
 * The reading side of the one-pass split (onePassSplit.ts): one read of the
 * input, cut into parts as its chunks arrive. Whole plain lines go in as
 * runs (plainLines.ts), anything else through the record scanner; each part
 * gathers its output until its stream hands it out.
 */
import type { CsvHeader } from '../../rules/checkLine';
import { parseCsvHeader } from '../../rules/checkLine';
import { InputChangedError } from '../../errors';
import { PrefixHasher } from '../records/prefixHash';
import { csvHeaderError, headerFromColumns } from '../csvHeader';
import { asBuffer } from '../lineReader';
import { OutputBatcher } from '../outputBatcher';
import { plainLineCount } from './plainLines';
import { assertRecordFits, emptyInputError, PlannedPart, scannerStart, SplitOptions } from '../partPlan';
import { RecordScanner, ScannedRecord } from '../scan/recordScanner';

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
	/**
	 * SHA-256 of the input before each part's start, taken by a read from the
	 * input's first byte: a later read from the start that skips to the part
	 * proves with it that the bytes before are the same (prefixHash.ts).
	 */
	readonly prefixHashes = new Map<number, string>();
	header: CsvHeader | undefined;
	/** Set when a read reached the end of the input. */
	partCount: number | undefined;
}

type MutablePart = { -readonly [K in keyof PlannedPart]: PlannedPart[K] };

/** A part being gathered: its figures so far, and its output not yet handed out. */
interface OpenPart {
	part: MutablePart;
	out: OutputBatcher;
	closed: boolean;
}

/** The shared state of one read: the source, the scanner, and the parts cut but not yet fully handed out. */
export class OnePassReader {
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
	/** Set when this read starts at the input's first byte (hashFromStart). */
	private hasher: PrefixHasher | undefined;

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

	/** This read starts at the input's first byte: the input before each part is hashed (see OnePassProgress.prefixHashes). */
	hashFromStart(): void {
		this.hasher = new PrefixHasher();
	}

	/**
	 * Skips the input before the first part to read, from `position`, the input
	 * offset of the source's first byte. Read from the start, the bytes skipped
	 * must be those an earlier read saw before that part (same SHA-256): a file
	 * changed in between is not resumed by byte offset.
	 */
	async skipTo(offset: number, position: number): Promise<void> {
		const expected = this.hasher === undefined ? undefined : this.progress.prefixHashes.get(this.nextIndex);
		while (position < offset) {
			const next = await this.iterator.next();
			if (next.done === true) throw new InputChangedError(`it ends at byte ${position}, before part ${this.nextIndex}`);
			const chunk = asBuffer(next.value);
			this.hasher?.add(chunk);
			const room = offset - position;
			position += Math.min(room, chunk.length);
			if (position === offset && expected !== undefined && this.hasher?.digestTo(offset) !== expected) {
				throw new InputChangedError(
					`its first ${offset} bytes, before part ${this.nextIndex}, are not the ones read first (another SHA-256), so the upload does not go on from there`,
				);
			}
			if (chunk.length > room) this.scanner.push(chunk.subarray(room), this.onRecord);
			this.hasher?.mark(position < offset ? position : this.scanner.pendingRecordStart);
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
			this.hasher?.add(chunk);
			this.push(chunk);
			// Every part still to open starts at the pending record or later: the hash is kept there, nothing held.
			this.hasher?.mark(this.scanner.pendingRecordStart);
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

	/** Why there is nothing to upload (the input is read to its end by then). */
	emptyError(): Error {
		return emptyInputError('line', this.headerInInput, { startLine: this.options.startLine, lastLine: this.scanner.linesSeen });
	}

	async close(): Promise<void> {
		await this.iterator.return?.();
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
		out.addRecord(record);
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
		if (this.hasher !== undefined && index > 1) this.progress.prefixHashes.set(index, this.hasher.digestTo(inputStart));
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

