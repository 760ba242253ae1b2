/**
 * Parts built from JavaScript values (the node's "items as lines" and "build
 * lines from fields" modes): each value becomes one NDJSON line or one CSV
 * row. Same policy, limits and cuts as the file path. Every value is encoded
 * once and checked before any part is handed out, so that with Invalid Lines
 * = Stop nothing is uploaded when any value is bad; the lines are kept where
 * they were written (about the size of the text, while n8n holds the items
 * themselves anyway), and a part is a list of views into them.
 */
import { checkCsvRecord, checkNdjsonLine, CsvHeader } from '../../rules/checkLine';
import { segmentCommandToCsvRow } from '../../encoding/csv';
import { BulkInputError, EncodingError } from '../../errors';
import { stringifyFaithfully } from '../../encoding/ndjson';
import {
	buildPlan,
	checkSplitOptions,
	DEFAULT_MAX_REPORTED_ERRORS,
	InvalidLineLog,
	PartCutter,
	PartPlan,
	PlannedPart,
	recordTooLargeError,
	SplitOptions,
} from '../partPlan';
import { isSegmentCsvColumn, SEGMENT_CSV_COLUMNS } from '../../rules/segmentCsvColumns';
import { headerFromColumns } from '../csvHeader';
import type { Part } from '../part';

export interface ItemSplitOptions extends Omit<SplitOptions, 'csvHasHeader'> {
	/** CSV: the columns of the header and of every row. Default: every segment column. */
	csvColumns?: readonly string[];
}

/** The values to upload, read once. */
export type ItemValues = Iterable<unknown> | AsyncIterable<unknown>;

/** A value that has no line (an item Build Lines From Fields could not map), with the reason: an invalid line. */
export class UnwritableLine {
	constructor(readonly reason: string) {}
}

/** Turns values into lines (with their LF) and checks the bytes of a line. */
export class ItemEncoder {
	readonly csvHeader: CsvHeader | undefined;
	/** The header line with its LF, at the start of every CSV part. */
	readonly prefix: Buffer | undefined;
	readonly prefixText: string = '';

	constructor(private readonly options: ItemSplitOptions) {
		if (options.format === 'csv') {
			const columns = [...(options.csvColumns ?? SEGMENT_CSV_COLUMNS)];
			this.csvHeader = headerFromColumns(columns, options.validate);
			const unknown = columns.find((column) => !isSegmentCsvColumn(column));
			if (unknown !== undefined) {
				throw new BulkInputError(
					`CSV columns: ${JSON.stringify(unknown)} is not a segment CSV column`,
					`Use columns among ${SEGMENT_CSV_COLUMNS.join(', ')}.`,
				);
			}
			const headerText = this.csvHeader.bytes.toString('utf8');
			this.prefixText = `${headerText}\n`;
			this.prefix = Buffer.from(this.prefixText, 'utf8');
		}
	}

	get prefixBytes(): number {
		return this.prefix?.length ?? 0;
	}

	/** encodeText, or the reason the value cannot be written. */
	lineText(value: unknown): string | { reason: string } {
		if (value instanceof UnwritableLine) return { reason: value.reason };
		let failure: unknown;
		try {
			return this.encodeText(value);
		} catch (error) {
			failure = error;
		}
		if (failure instanceof EncodingError) return { reason: failure.reason };
		throw failure;
	}

	/** The value's line as text, with its LF (an EncodingError means it cannot be written). */
	encodeText(value: unknown): string {
		if (this.csvHeader === undefined) return `${stringifyFaithfully(value)}\n`;
		return `${segmentCommandToCsvRow(value, this.csvHeader.columns)}\n`;
	}

	/** Checks the bytes that will be uploaded, so the verdict is about exactly what the platform gets. */
	check(bytes: Buffer): string | undefined {
		return this.checkAt(bytes, bytes.length);
	}

	/** check() of the line written at the start of `buffer`, `size` bytes with its LF. */
	checkAt(buffer: Buffer, size: number): string | undefined {
		const to = size - 1; // without the LF
		return this.csvHeader === undefined
			? checkNdjsonLine(this.options.documentType, buffer, 0, to)
			: checkCsvRecord(this.csvHeader, buffer, 0, to);
	}
}

/** Lines are written into chunks of this size; a written byte is never overwritten once kept. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Writes accepted lines one after the other and cuts them into parts. Each
 * line is written where it will stay (a chunk of CHUNK_BYTES, or a buffer of
 * its own when long), checked there, and kept or forgotten; a part is a list
 * of views into those chunks, so no line is copied before the upload.
 */
class PartContents {
	readonly parts: Buffer[][] = [];
	private views: Buffer[];
	private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
	/** End of what is written in `chunk`; the current part's unlisted bytes start at viewStart. */
	private used = 0;
	private viewStart = 0;
	private pending: Buffer | undefined;
	/** The current part has a line. */
	private hasLines = false;

	constructor(private readonly prefix: Buffer | undefined) {
		this.views = prefix ? [prefix] : [];
	}

	/** Writes `text` after what is kept; the bytes are valid until the next write, and stay only if keep() follows. */
	write(text: string): Buffer {
		if (text.length * 3 > CHUNK_BYTES) {
			// UTF-8 takes at most 3 bytes per UTF-16 unit; a rare long line gets a buffer of its own.
			this.pending = Buffer.from(text, 'utf8');
			return this.pending;
		}
		if (text.length * 3 > CHUNK_BYTES - this.used) {
			this.listWritten();
			this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
			this.used = 0;
			this.viewStart = 0;
		}
		this.pending = undefined;
		const written = this.chunk.write(text, this.used, 'utf8');
		return this.chunk.subarray(this.used, this.used + written);
	}

	/** Keeps the line just written, as the first of a new part when `startsPart`. */
	keep(bytes: Buffer, startsPart: boolean): void {
		if (startsPart) this.closePart();
		this.hasLines = true;
		if (this.pending !== undefined) {
			this.listWritten();
			this.views.push(this.pending);
			this.pending = undefined;
			return;
		}
		this.used += bytes.length;
	}

	/** Every part, each as the list of its pieces (the CSV header first). */
	finish(): Buffer[][] {
		if (this.hasLines) this.closePart();
		return this.parts;
	}

	private closePart(): void {
		this.listWritten();
		this.parts.push(this.views);
		this.views = this.prefix ? [this.prefix] : [];
		this.hasLines = false;
	}

	/** Lists the bytes written in the chunk since the last listing as part of the current part. */
	private listWritten(): void {
		if (this.used > this.viewStart) this.views.push(this.chunk.subarray(this.viewStart, this.used));
		this.viewStart = this.used;
	}
}

/**
 * Values to parts in one pass: every value is encoded once, checked, and its
 * line kept where it was written; the parts are cut as the file path cuts
 * them. Nothing is handed out before every value is checked, so with
 * Invalid Lines = Stop nothing is uploaded when any value is bad. The parts
 * are held in memory until they are sent: about the size of the NDJSON or
 * CSV text, less than n8n's own copy of the items.
 */
export async function encodeItemParts(values: ItemValues, options: ItemSplitOptions): Promise<{ plan: PartPlan; parts: Part[] }> {
	checkSplitOptions(options);
	const encoder = new ItemEncoder(options);
	const cutter = new PartCutter(options.maxPartBytes, encoder.prefixBytes);
	const contents = new PartContents(encoder.prefix);
	const invalid = new InvalidLineLog(options.maxReportedErrors ?? DEFAULT_MAX_REPORTED_ERRORS, options.invalidLines);
	let position = 0;
	let inputBytes = 0;
	let records = 0;
	const startLine = options.startLine ?? 1;
	for await (const value of values) {
		position++;
		// Start From Input Line: the items before it are not read at all.
		if (position < startLine) continue;
		const text = encoder.lineText(value);
		if (typeof text !== 'string') {
			invalid.add(position, text.reason, position - 1);
			continue;
		}
		const bytes = contents.write(text);
		inputBytes += bytes.length;
		if (bytes.length + encoder.prefixBytes > options.maxPartBytes) {
			throw recordTooLargeError({
				unit: 'item',
				line: position,
				lineCount: 1,
				size: bytes.length - 1,
				maxPartBytes: options.maxPartBytes,
				headerBytes: encoder.prefixBytes,
			});
		}
		const reason = options.validate ? encoder.check(bytes) : undefined;
		if (reason !== undefined) {
			invalid.add(position, reason, position - 1);
			continue;
		}
		records++;
		const closedBefore = cutter.parts.length;
		cutter.add(bytes.length, position, position - 1);
		contents.keep(bytes, cutter.parts.length > closedBefore);
	}
	const planned = cutter.finish(position);
	const plan = buildPlan({ options, unit: 'item', parts: planned, header: encoder.csvHeader, inputBytes, inputLines: position, lastInputLine: position, lines: records, invalid });
	const views = contents.finish();
	const parts = planned.map((part, index) => inMemoryPart(part, plan.contentType, views[index]));
	return { plan, parts };
}

function inMemoryPart(planned: PlannedPart, contentType: string, views: readonly Buffer[]): Part {
	const size = views.reduce((sum, view) => sum + view.length, 0);
	if (size !== planned.bytes) throw new Error(`part ${planned.index} holds ${size} bytes, ${planned.bytes} were planned`);
	return {
		...planned,
		contentType,
		replayable: true,
		stream: async function* () {
			yield* views;
		},
	};
}
