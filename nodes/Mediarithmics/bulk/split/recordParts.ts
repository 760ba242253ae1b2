/**
 * Parts built from records mapped to values, when the records come from a
 * file too large to keep (Build Lines From Fields over a CSV or NDJSON
 * export): two passes, as for a file of lines. Pass 1 maps, encodes and
 * checks every record and plans the cuts, keeping nothing but the plan;
 * pass 2 maps and encodes the records again and streams each part as they
 * come (memory: a chunk of the part, whatever the file's size). The line numbers are the input file's:
 * a part's firstLine is where to resume from.
 */
import { createHash, type Hash } from 'crypto';

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
	partNotReadError,
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
	// Each part's lines as checked: pass 2 compares them before the part's last bytes leave.
	const lineSha256: string[] = [];
	let hash: Hash | undefined;
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
		if ((cutter.current?.index ?? 0) > lineSha256.length + (hash === undefined ? 0 : 1)) {
			if (hash !== undefined) lineSha256.push(hash.digest('hex'));
			hash = createHash('sha256');
		}
		hash?.update(encoded.bytes);
	}
	if (hash !== undefined) lineSha256.push(hash.digest('hex'));
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
		sliceSha256: lineSha256,
	};
	// (The file's records before Start From Input Line never reach here: FileRecordReader drops them unread.)
	if (accepted === 0 && invalid.count === 0) throw emptyInputError('line', false, { startLine: options.startLine });
	if (accepted === 0 && options.invalidLines === 'skip') throw allInvalidError(plan);
	return plan;
}

/** A part's bytes leave in chunks of about this size. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Pass 2: the parts of the plan from part `fromPart` on, each streamed in
 * chunks as its records are mapped and encoded again (memory: a chunk, not a
 * part). Read each part's stream to its end before asking for the next part.
 * A record that now encodes otherwise than in pass 1 means the input changed
 * between the passes.
 */
export async function* readRecordParts(batches: AsyncIterable<MappedRecord[]>, plan: PartPlan, options: ItemSplitOptions & { fromPart?: number }): AsyncGenerator<Part> {
	const refused = invalidLinesError(plan);
	if (refused) throw refused;
	const encoder = new ItemEncoder(options);
	const records = new RecordCursor(batches);
	const skipped = new Set(plan.skippedStarts);
	const changed = (why: string) => new InputChangedError(`The input changed while it was uploaded (${why}): upload it again once it is stable`);
	try {
		for (let partIndex = (options.fromPart ?? 1) - 1; partIndex < plan.parts.length; partIndex++) {
			const part = plan.parts[partIndex];
			let read = false;
			yield {
				...part,
				contentType: plan.contentType,
				replayable: false,
				stream: async function* () {
					let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
					let used = encoder.prefix ? encoder.prefix.copy(chunk, 0) : 0;
					let sent = 0;
					const hash = plan.sliceSha256 !== undefined ? createHash('sha256') : undefined;
					while (records.position < part.inputEnd) {
						const at = records.position;
						const record = await records.next();
						if (record === undefined) throw changed(`it ended before part ${part.index} of ${plan.parts.length}`);
						if (at < part.inputStart || skipped.has(at)) continue;
						// Checked in pass 1: here the line is only written again.
						const text = record.problem === undefined ? encoder.lineText(record.value) : { reason: record.problem };
						if (typeof text !== 'string') throw changed(`line ${record.line} is now invalid: ${text.reason}`);
						// UTF-8 takes at most 3 bytes per UTF-16 unit.
						if (used + text.length * 3 > chunk.length) {
							if (used > 0) {
								yield chunk.subarray(0, used);
								sent += used;
							}
							chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
							used = 0;
						}
						const written = chunk.write(text, used, 'utf8');
						hash?.update(chunk.subarray(used, used + written));
						used += written;
						if (sent + used > part.bytes) throw changed(`part ${part.index} holds more than the ${part.bytes} bytes planned`);
					}
					// After the last part's records, the input is read to its end before the part's last bytes
					// leave: more records, or the source's own end checks (a file that changed), fail the part.
					if (part.index === plan.parts.length && (await records.next()) !== undefined) {
						throw changed(`more records than the ${plan.parts.length} parts planned`);
					}
					if (sent + used !== part.bytes) throw changed(`part ${part.index} holds ${sent + used} bytes, ${part.bytes} were planned`);
					// Same length is not the same lines: the part's last bytes leave only if its lines are the ones checked.
					if (hash !== undefined && hash.digest('hex') !== plan.sliceSha256?.[part.index - 1]) {
						throw changed(
							`lines ${part.firstLine} to ${part.lastLine} (part ${part.index}) map to other lines than at the first read, though as long; ` +
								`the request of part ${part.index} was cut before its end, so the platform received none of it`,
						);
					}
					if (used > 0) yield chunk.subarray(0, used);
					sent += used;
					read = true;
				},
			};
			if (!read) throw partNotReadError(part.index);
		}
	} finally {
		await records.close();
	}
}

/** The mapped records one at a time, with their position (0-based, invalid ones counted). */
class RecordCursor {
	position = 0;
	private batch: MappedRecord[] = [];
	private index = 0;
	private readonly iterator: AsyncIterator<MappedRecord[]>;

	constructor(batches: AsyncIterable<MappedRecord[]>) {
		this.iterator = batches[Symbol.asyncIterator]();
	}

	async next(): Promise<MappedRecord | undefined> {
		while (this.index >= this.batch.length) {
			const next = await this.iterator.next();
			if (next.done) return undefined;
			this.batch = next.value;
			this.index = 0;
		}
		this.position++;
		return this.batch[this.index++];
	}

	async close(): Promise<void> {
		await this.iterator.return?.();
	}
}
