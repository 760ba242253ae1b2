/**
 * Pass 1 of the file split (see splitter.ts): reads the whole input once,
 * checks every record and decides the cut points. Nothing is uploaded yet,
 * so an invalid line, a record too large for any part or an empty file
 * stops the run before the platform has received anything.
 */
import { SliceHasher } from './sliceHashes';
import { checkCsvRecord, CsvHeader, checkNdjsonLine, parseCsvHeader } from '../../rules/checkLine';
import { asBuffer } from '../lineReader';
import {
	assertRecordFits,
	buildPlan,
	checkSplitOptions,
	DEFAULT_MAX_REPORTED_ERRORS,
	InvalidLineLog,
	PartCutter,
	PartPlan,
	PlannedPart,
	scannerStart,
	SplitOptions,
} from '../partPlan';
import { RecordScanner, ScannedRecord } from '../scan/recordScanner';
import { csvHeaderError, headerFromColumns } from '../csvHeader';

/** Pass 1: everything planParts learns from the records, one at a time. */
class FilePlanner {
	private readonly csv: boolean;
	private header: CsvHeader | undefined;
	private readonly headerInInput: boolean;
	private prefixBytes = 0;
	private readonly cutter: PartCutter;
	private readonly invalid: InvalidLineLog;
	private blankLines = 0;
	private records = 0;
	/** Per part (by index): whether its content is so far its slice of the input, and where its last record ends. */
	private readonly verbatim: boolean[] = [];
	private readonly lastRecordEnd: number[] = [];
	/** Each part's input start (for the slice hashes), and where the last record seen ends: no part starts before it. */
	readonly partStarts: number[] = [];
	scannedTo = 0;

	constructor(private readonly options: SplitOptions) {
		this.csv = options.format === 'csv';
		this.headerInInput = this.csv && options.csvHasHeader !== false;
		if (this.csv && !this.headerInInput) {
			this.header = headerFromColumns(options.csvColumns ?? [], options.validate);
			this.prefixBytes = this.header.bytes.length + 1;
		}
		this.cutter = new PartCutter(options.maxPartBytes, this.prefixBytes);
		this.invalid = new InvalidLineLog(options.maxReportedErrors ?? DEFAULT_MAX_REPORTED_ERRORS, options.invalidLines);
	}

	readonly onRecord = (record: ScannedRecord): void => {
		this.scannedTo = record.end;
		if (record.blank) {
			this.blankLines++;
			return;
		}
		assertRecordFits(record, this.prefixBytes, this.options.maxPartBytes);
		if (this.csv && this.header === undefined) {
			this.readHeader(record);
			return;
		}
		if (this.options.validate) {
			const reason = this.check(record);
			if (reason !== undefined) {
				this.invalid.add(record.number, reason, record.start);
				if (this.options.invalidLines === 'skip') return;
			}
		}
		this.records++;
		this.cutter.add(record.size + 1, record.number, record.start);
		const current = this.cutter.current as PlannedPart;
		if (current.index > this.partStarts.length) this.partStarts.push(current.inputStart);
		this.noteVerbatim(record);
	};

	/** A record is sent as it is in the input when it ends with a bare LF, and follows the one before without a gap. */
	private noteVerbatim(record: ScannedRecord): void {
		const part = this.cutter.current as PlannedPart;
		// Content and a one-byte line ending (LF: a CRLF takes two, a last line without LF none).
		const asInInput = record.end - record.start === record.size + 1;
		const follows = part.lines === 1 ? record.start === part.inputStart : record.start === this.lastRecordEnd[part.index];
		this.verbatim[part.index] = asInInput && follows && (part.lines === 1 || this.verbatim[part.index]);
		this.lastRecordEnd[part.index] = record.end;
	}

	private readHeader(record: ScannedRecord): void {
		const parsed = parseCsvHeader(record.buffer, this.options.validate, record.from, record.to);
		if ('problem' in parsed) throw csvHeaderError(record.number, parsed.problem);
		this.header = parsed.header;
		this.prefixBytes = parsed.header.bytes.length + 1;
		this.cutter.setPrefixBytes(this.prefixBytes);
	}

	private check(record: ScannedRecord): string | undefined {
		if (!this.csv) return checkNdjsonLine(this.options.documentType, record.buffer, record.from, record.to);
		if (record.unclosedQuote) return 'a quoted field opened here is never closed (the file ends inside it)';
		return checkCsvRecord(this.header as CsvHeader, record.buffer, record.from, record.to);
	}

	finish(inputBytes: number, inputLines: number, endsWithLf: boolean, sliceSha256: readonly string[]): PartPlan {
		const parts = this.cutter.finish(inputBytes);
		return buildPlan({
			options: this.options,
			unit: 'line',
			parts,
			header: this.header,
			csvHeaderInInput: this.headerInInput,
			inputBytes,
			inputLines,
			startLine: this.options.startLine ?? 1,
			lastInputLine: inputLines,
			lines: this.records,
			blankLines: this.blankLines,
			invalid: this.invalid,
			sliceSha256,
			// A part is its slice when every record was, and nothing (blank lines) trails them in its slice.
			// (The last line may end in a lone CR at the very end of the input: one byte too, but not a LF.)
			verbatimParts: new Set(
				parts
					.filter((part) => this.verbatim[part.index] && this.lastRecordEnd[part.index] === part.inputEnd)
					.filter((part) => part.index < parts.length || endsWithLf)
					.map((part) => part.index),
			),
		});
	}
}

/**
 * Pass 1. Reads `source` to its end. Throws BulkInputError for an empty input,
 * a record larger than a part, a bad CSV header, or (with 'skip') when every
 * line is invalid. With 'stop', invalid lines are reported in the plan
 * (invalidLinesError(plan) builds the error) and readParts refuses it.
 */
export async function planParts(source: AsyncIterable<Uint8Array>, options: SplitOptions): Promise<PartPlan> {
	checkSplitOptions(options);
	const planner = new FilePlanner(options);
	const scanner = new RecordScanner({ quoted: options.format === 'csv', maxRecordBytes: options.maxPartBytes, ...scannerStart(options) });
	const hasher = new SliceHasher();
	let lastByte = -1;
	for await (const chunk of source) {
		const bytes = asBuffer(chunk);
		if (bytes.length > 0) lastByte = bytes[bytes.length - 1];
		hasher.add(bytes);
		scanner.push(bytes, planner.onRecord);
		hasher.settle(planner.scannedTo, planner.partStarts);
	}
	scanner.end(planner.onRecord);
	const hashes = hasher.finish(scanner.bytesRead, planner.partStarts);
	return planner.finish(scanner.bytesRead, scanner.linesSeen, lastByte === 0x0a, hashes);
}
