/**
 * Parts built from JavaScript values (the node's "items as lines" and "build
 * lines from fields" modes): each value becomes one NDJSON line or one CSV
 * row. Same policy and limits as the file path, and the same two passes, so
 * that with Invalid Lines = Stop nothing is uploaded when any value is bad:
 * pass 1 encodes and checks every value, pass 2 encodes again and hands out
 * one part at a time. A part is built in memory (at most maxPartBytes); the
 * parts are never all held at once.
 */
import { checkCsvRecord, checkNdjsonLine, CsvHeader } from './checkLine';
import { segmentCommandToCsvRow, segmentCsvHeader } from './csv';
import { contentTypeOf, mimeTypeOf } from './documentTypes';
import { BulkInputError, EncodingError, InputChangedError } from './errors';
import { stringifyFaithfully } from './ndjson';
import {
	allInvalidError,
	checkSplitOptions,
	DEFAULT_MAX_REPORTED_ERRORS,
	emptyInputError,
	invalidLinesError,
	InvalidLineLog,
	PartCutter,
	PartPlan,
	PlannedPart,
	recordTooLargeError,
	SplitOptions,
} from './partPlan';
import { isSegmentCsvColumn, SEGMENT_CSV_COLUMNS, segmentCsvColumnsProblem } from './segmentCsvColumns';
import type { Part } from './part';

export interface ItemSplitOptions extends Omit<SplitOptions, 'csvHasHeader'> {
	/** CSV: the columns of the header and of every row. Default: every segment column. */
	csvColumns?: readonly string[];
}

/** Values are read twice, so they must be re-iterable: an array, or an iterable that starts over. */
export type ItemValues = Iterable<unknown> | AsyncIterable<unknown>;

function assertReiterable(values: ItemValues): void {
	if (typeof (values as { next?: unknown }).next === 'function') {
		throw new TypeError(
			'Values are read twice (once to check them, once to upload them): pass an array or another ' +
				're-iterable collection, not an iterator or a generator object',
		);
	}
}

const SCRATCH_BYTES = 1024 * 1024;

/** Turns values into line bytes (with their LF) and checks them, the same way in both passes. */
class ItemEncoder {
	readonly csvHeader: CsvHeader | undefined;
	/** The header line with its LF, at the start of every CSV part. */
	readonly prefix: Buffer | undefined;
	readonly prefixText: string = '';

	constructor(private readonly options: ItemSplitOptions) {
		if (options.format === 'csv') {
			const columns = [...(options.csvColumns ?? SEGMENT_CSV_COLUMNS)];
			if (options.validate) {
				const problem = segmentCsvColumnsProblem(columns);
				if (problem !== undefined) throw new BulkInputError(`CSV columns: ${problem}`, 'Correct the CSV columns.');
			}
			const unknown = columns.find((column) => !isSegmentCsvColumn(column));
			if (unknown !== undefined) {
				throw new BulkInputError(
					`CSV columns: ${JSON.stringify(unknown)} is not a segment CSV column`,
					`Use columns among ${SEGMENT_CSV_COLUMNS.join(', ')}.`,
				);
			}
			const headerText = segmentCsvHeader(columns);
			this.csvHeader = { columns, bytes: Buffer.from(headerText, 'utf8') };
			this.prefixText = `${headerText}\n`;
			this.prefix = Buffer.from(this.prefixText, 'utf8');
		}
	}

	get prefixBytes(): number {
		return this.prefix?.length ?? 0;
	}

	/** Pass 1's buffer for one line at a time (see encode). */
	private scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

	/**
	 * The value's line (with its LF), or the reason it cannot be written. The
	 * bytes are only valid until the next call: pass 1 checks and measures a
	 * line, then forgets it, so one scratch buffer serves every line.
	 */
	encode(value: unknown): { bytes: Buffer } | { reason: string } {
		const text = this.lineText(value);
		if (typeof text !== 'string') return text;
		// UTF-8 takes at most 3 bytes per UTF-16 unit; a rare long line gets a buffer of its own.
		if (text.length * 3 > this.scratch.length) return { bytes: Buffer.from(text, 'utf8') };
		return { bytes: this.scratch.subarray(0, this.scratch.write(text, 0, 'utf8')) };
	}

	/** encodeText, or the reason the value cannot be written. */
	lineText(value: unknown): string | { reason: string } {
		let failure: unknown;
		try {
			return this.encodeText(value);
		} catch (error) {
			failure = error;
		}
		if (failure instanceof EncodingError) return { reason: failure.reason };
		throw failure;
	}

	/**
	 * The value's line as text, with its LF, for pass 2: a part is gathered as
	 * text and encoded once, rather than one small buffer per line. encode()
	 * writes this same text (an EncodingError means it cannot be written).
	 */
	encodeText(value: unknown): string {
		if (this.csvHeader === undefined) return `${stringifyFaithfully(value)}\n`;
		return `${segmentCommandToCsvRow(value, this.csvHeader.columns)}\n`;
	}

	/** Checks the bytes that will be uploaded, so the verdict is about exactly what the platform gets. */
	check(bytes: Buffer): string | undefined {
		const to = bytes.length - 1; // without the LF
		return this.csvHeader === undefined
			? checkNdjsonLine(this.options.documentType, bytes, 0, to)
			: checkCsvRecord(this.csvHeader, bytes, 0, to);
	}
}

/** Pass 1 over values: checks them all and decides the parts. */
export async function planItemParts(values: ItemValues, options: ItemSplitOptions): Promise<PartPlan> {
	checkSplitOptions(options);
	assertReiterable(values);
	const encoder = new ItemEncoder(options);
	const cutter = new PartCutter(options.maxPartBytes, encoder.prefixBytes);
	const invalid = new InvalidLineLog(options.maxReportedErrors ?? DEFAULT_MAX_REPORTED_ERRORS, options.invalidLines);
	let position = 0;
	let inputBytes = 0;
	let records = 0;
	for await (const value of values) {
		position++;
		const encoded = encoder.encode(value);
		if ('reason' in encoded) {
			invalid.add(position, encoded.reason, position - 1);
			continue;
		}
		const { bytes } = encoded;
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
		cutter.add(bytes.length, position, position - 1);
	}
	const parts = cutter.finish(position);
	const plan: PartPlan = {
		documentType: options.documentType,
		format: options.format,
		contentType: contentTypeOf(mimeTypeOf(options.format)),
		maxPartBytes: options.maxPartBytes,
		invalidLinesPolicy: options.invalidLines,
		unit: 'item',
		parts,
		...(encoder.csvHeader !== undefined
			? { csvHeader: encoder.csvHeader.bytes, csvColumns: encoder.csvHeader.columns }
			: {}),
		csvHeaderInInput: false,
		inputBytes,
		inputLines: position,
		lines: records,
		bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
		blankLines: 0,
		invalidLineCount: invalid.count,
		invalidLines: invalid.reported,
		skippedStarts: invalid.skippedStarts,
	};
	if (records === 0 && invalid.count === 0) throw emptyInputError('item', false);
	if (records === 0 && options.invalidLines === 'skip') throw allInvalidError(plan);
	return plan;
}

function inMemoryPart(planned: PlannedPart, contentType: string, content: Buffer): Part {
	return {
		...planned,
		contentType,
		replayable: true,
		stream: async function* () {
			yield content;
		},
	};
}

/** Pass 2 over the same values: the parts, built one at a time. */
export async function* readItemParts(values: ItemValues, plan: PartPlan): AsyncGenerator<Part> {
	const refused = invalidLinesError(plan);
	if (refused !== undefined) throw refused;
	// Values were checked in pass 1; this pass only has to write them again.
	const encoder = new ItemEncoder({
		documentType: plan.documentType,
		format: plan.format,
		maxPartBytes: plan.maxPartBytes,
		...(plan.csvColumns !== undefined ? { csvColumns: plan.csvColumns } : {}),
		validate: false,
		invalidLines: plan.invalidLinesPolicy,
	});
	const { parts, skippedStarts } = plan;
	let partIndex = 0;
	let pieces: string[] = [encoder.prefixText];
	let lines = 0;
	let skipIndex = 0;
	let position = 0;

	const build = (): Part => {
		const planned = parts[partIndex];
		const content = Buffer.from(pieces.join(''), 'utf8');
		if (lines !== planned.lines || content.length !== planned.bytes) {
			throw new InputChangedError(
				`part ${planned.index} was planned with ${planned.lines} items and ${planned.bytes} bytes, got ${lines} and ${content.length}`,
			);
		}
		pieces = [encoder.prefixText];
		lines = 0;
		partIndex++;
		return inMemoryPart(planned, plan.contentType, content);
	};

	for await (const value of values) {
		const at = position++;
		if (skipIndex < skippedStarts.length && skippedStarts[skipIndex] === at) {
			skipIndex++;
			continue;
		}
		while (partIndex < parts.length && at >= parts[partIndex].inputEnd) yield build();
		if (partIndex === parts.length) throw new InputChangedError(`there are more values than the ${position - 1} planned`);
		const text = encoder.lineText(value);
		if (typeof text !== 'string') throw new InputChangedError(`item ${at + 1} can no longer be encoded`);
		pieces.push(text);
		lines++;
	}
	if (position !== plan.inputLines) {
		throw new InputChangedError(`${position} values were read, ${plan.inputLines} were planned`);
	}
	while (partIndex < parts.length) yield build();
}

export interface EncodeItemsOptions extends ItemSplitOptions {
	/** Called once every value is checked, before the first part: the plan says how many parts and which values were skipped. */
	onPlan?: (plan: PartPlan) => void;
}

/**
 * Both passes in one call: the parts of `values`, after every value has been
 * checked. Throws BulkInputError before yielding anything when the policy is
 * 'stop' and a value is invalid, or when there is nothing to upload.
 */
export async function* encodeItemsToParts(values: ItemValues, options: EncodeItemsOptions): AsyncGenerator<Part, PartPlan> {
	const plan = await planItemParts(values, options);
	options.onPlan?.(plan);
	yield* readItemParts(values, plan);
	return plan;
}
