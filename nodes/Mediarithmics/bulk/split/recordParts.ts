/**
 * Parts built from records mapped to values, when the records come from a
 * file too large to keep (Build Lines From Fields over a CSV or NDJSON
 * export): two passes, as for a file of lines. Pass 1 maps, encodes and
 * checks every record and plans the cuts, keeping nothing but the plan;
 * pass 2 maps and encodes the records again and hands out each part as one
 * buffer (at most Max Part Size). The line numbers are the input file's:
 * a part's firstLine is where to resume from.
 */
import { contentTypeOf, mimeTypeOf } from '../rules/documentTypes';
import { InputChangedError } from '../errors';
import { ItemEncoder, type ItemSplitOptions } from './itemParts';
import type { Part } from './part';
import {
	allInvalidError,
	checkSplitOptions,
	DEFAULT_MAX_REPORTED_ERRORS,
	emptyInputError,
	invalidLinesError,
	InvalidLineLog,
	PartCutter,
	type PartPlan,
	recordTooLargeError,
} from './partPlan';

/** One record of the input, mapped: the value to write as a line, or why there is none. */
export interface MappedRecord {
	/** 1-based line of the input where the record starts. */
	line: number;
	value?: unknown;
	problem?: string;
}

/** The line of one record, or the reason it is invalid. */
function encodeRecord(encoder: ItemEncoder, record: MappedRecord, options: ItemSplitOptions): { bytes: Buffer } | { reason: string } {
	if (record.problem !== undefined) return { reason: record.problem };
	const text = encoder.lineText(record.value);
	if (typeof text !== 'string') return text;
	const bytes = Buffer.from(text, 'utf8');
	if (bytes.length + encoder.prefixBytes > options.maxPartBytes) {
		throw recordTooLargeError({ unit: 'line', line: record.line, lineCount: 1, size: bytes.length - 1, maxPartBytes: options.maxPartBytes, headerBytes: encoder.prefixBytes });
	}
	const reason = options.validate ? encoder.check(bytes) : undefined;
	return reason === undefined ? { bytes } : { reason };
}

/**
 * Pass 1: every record mapped, encoded and checked; the plan of the parts.
 * A part's inputStart and inputEnd are record positions (0-based, invalid
 * records counted), which pass 2 walks again.
 */
export async function planRecordParts(batches: AsyncIterable<MappedRecord[]>, options: ItemSplitOptions): Promise<PartPlan> {
	checkSplitOptions(options);
	const encoder = new ItemEncoder(options);
	const cutter = new PartCutter(options.maxPartBytes, encoder.prefixBytes);
	const invalid = new InvalidLineLog(options.maxReportedErrors ?? DEFAULT_MAX_REPORTED_ERRORS, options.invalidLines);
	let position = 0;
	let inputBytes = 0;
	let accepted = 0;
	let lastLine = 0;
	for await (const batch of batches) for (const record of batch) {
		const encoded = encodeRecord(encoder, record, options);
		lastLine = record.line;
		if ('reason' in encoded) {
			// (With Stop the plan is refused: nothing is sent.)
			invalid.add(record.line, encoded.reason, position++);
			continue;
		}
		inputBytes += encoded.bytes.length;
		accepted++;
		cutter.add(encoded.bytes.length, record.line, position++);
	}
	const parts = cutter.finish(position);
	const plan: PartPlan = {
		documentType: options.documentType,
		format: options.format,
		contentType: contentTypeOf(mimeTypeOf(options.format)),
		maxPartBytes: options.maxPartBytes,
		invalidLinesPolicy: options.invalidLines,
		unit: 'line',
		parts,
		...(encoder.csvHeader !== undefined ? { csvHeader: encoder.csvHeader.bytes, csvColumns: encoder.csvHeader.columns } : {}),
		csvHeaderInInput: false,
		inputBytes,
		inputLines: lastLine,
		lines: accepted,
		bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
		blankLines: 0,
		invalidLineCount: invalid.count,
		invalidLines: invalid.reported,
		skippedStarts: invalid.skippedStarts,
	};
	if (accepted === 0 && invalid.count === 0) throw emptyInputError('line', false);
	if (accepted === 0 && options.invalidLines === 'skip') throw allInvalidError(plan);
	return plan;
}

/**
 * Pass 2: the parts of the plan from part `fromPart` on, each one buffer,
 * mapped and encoded again from the records. A record that now encodes
 * otherwise than in pass 1 means the input changed between the passes.
 */
export async function* readRecordParts(batches: AsyncIterable<MappedRecord[]>, plan: PartPlan, options: ItemSplitOptions & { fromPart?: number }): AsyncGenerator<Part> {
	const refused = invalidLinesError(plan);
	if (refused) throw refused;
	const encoder = new ItemEncoder(options);
	const skipped = new Set(plan.skippedStarts);
	const fromPart = options.fromPart ?? 1;
	let partIndex = fromPart - 1;
	let position = 0;
	const changed = (why: string) => new InputChangedError(`The input changed while it was uploaded (${why}): upload it again once it is stable`);
	// The part being filled: one buffer of its planned size, the only copy of its lines.
	let body: Buffer | undefined;
	let used = 0;
	for await (const batch of batches) {
		for (const record of batch) {
			const at = position++;
			const part = plan.parts[partIndex];
			if (part === undefined) throw changed(`more records than the ${plan.parts.length} parts planned`);
			if (at >= part.inputStart && !skipped.has(at)) {
				// Checked in pass 1: here the line is only written again, straight into the part.
				const text = record.problem === undefined ? encoder.lineText(record.value) : { reason: record.problem };
				if (typeof text !== 'string') throw changed(`line ${record.line} is now invalid: ${text.reason}`);
				if (body === undefined) {
					body = Buffer.allocUnsafe(part.bytes);
					used = encoder.prefix ? encoder.prefix.copy(body, 0) : 0;
				}
				// (UTF-8 takes at most 3 bytes per UTF-16 unit: the exact size is counted only near the end.)
				if (used + text.length * 3 > body.length && used + Buffer.byteLength(text) > body.length) {
					throw changed(`part ${part.index} holds more than the ${part.bytes} bytes planned`);
				}
				used += body.write(text, used, 'utf8');
			}
			// A part ends where the next one's first record starts (skipped records in between included).
			if (position === part.inputEnd) {
				if (body === undefined || used !== part.bytes) throw changed(`part ${part.index} holds ${used} bytes, ${part.bytes} were planned`);
				yield toPart(part, plan, body);
				body = undefined;
				partIndex++;
			}
		}
	}
	if (partIndex < plan.parts.length) throw changed(`it ended before part ${partIndex + 1} of ${plan.parts.length}`);
}

function toPart(planned: PartPlan['parts'][number], plan: PartPlan, body: Buffer): Part {
	return {
		...planned,
		contentType: plan.contentType,
		replayable: true,
		stream: async function* () {
			yield body;
		},
	};
}
