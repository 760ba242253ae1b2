/**
 * Parts built from records mapped to lines, when the records come from a
 * file too large to keep (Build Lines From Fields over a CSV or NDJSON
 * export): two passes, as for a file of lines. Pass 1 takes every record's
 * line, checks it and plans the cuts, keeping nothing but the plan; pass 2
 * reads the file again and streams each part as its lines are written
 * (memory: a chunk of the part, whatever the file's size). The line numbers
 * are the input file's: a part's firstLine is where to resume from.
 *
 * Both passes take the records one by one from a RecordInput, synchronously
 * between two reads of the input (no promise, no object per record), and
 * compare the input, not the lines: pass 1's lines need only be as long and
 * as valid as pass 2's (see prefixHash.ts and recordLines.ts).
 */
import { InputChangedError } from '../../errors';
import { ItemEncoder, type ItemSplitOptions } from '../items/itemParts';
import { LineMeasure } from '../items/lineMeasure';
import type { Part } from '../part';
import { PartOutput } from './partOutput';
import {
	buildPlan,
	checkSplitOptions,
	DEFAULT_MAX_REPORTED_ERRORS,
	invalidLinesError,
	InvalidLineLog,
	PartCutter,
	partNotReadError,
	type PartPlan,
	recordTooLargeError,
} from '../partPlan';

/**
 * One record of the input, mapped: its line (`text`, with its LF, when the
 * mapping wrote it; else `value`, to encode), or why there is none. Reused
 * from record to record: read it inside the sink.
 */
export interface MappedRecord {
	/** 1-based line of the input where the record starts. */
	line: number;
	/** Input offset just past the record's line ending. */
	end: number;
	text: string | undefined;
	/** `text` holds ASCII characters only (its UTF-8 bytes are its characters), as the mapping that wrote it knows; false when unknown. */
	ascii: boolean;
	/**
	 * Instead of `text`, in pass 1: what decides the line (equal kinds and
	 * keys, equal lines; kind 0 or 1), and how to write the line itself when
	 * they are new.
	 */
	key: string | undefined;
	keyKind: number;
	writeLine: () => string;
	value: unknown;
	problem: string | undefined;
}

export type MappedRecordSink = (record: MappedRecord) => void;

/** The mapped records of one read of the input. */
export interface RecordInput {
	/** Hands the records of the next chunk of input to `sink`, one at a time; false once the input has ended. */
	next(sink: MappedRecordSink): Promise<boolean>;
	/** The SHA-256 (hex) of the input's bytes [0, offset), offset the end of a record already handed out, never going down. */
	prefixSha256(offset: number): string;
	/** Physical lines of the input read so far, when known: once it has ended, its last line. */
	readonly linesSeen?: number;
	close(): Promise<void>;
}

/** The line of one record as text, or the reason there is none. */
function lineOf(encoder: ItemEncoder, record: MappedRecord): string | { reason: string } {
	if (record.problem !== undefined) return { reason: record.problem };
	return record.text ?? encoder.lineText(record.value);
}

/**
 * Pass 1: every record's line taken and checked; the plan of the parts.
 * A part's inputStart and inputEnd are record positions (0-based, invalid
 * records counted), which pass 2 walks again; its sliceSha256 is the digest
 * of the input up to the end of its last record.
 */
export async function planRecordParts(input: RecordInput, options: ItemSplitOptions): Promise<PartPlan> {
	checkSplitOptions(options);
	const encoder = new ItemEncoder(options);
	const cutter = new PartCutter(options.maxPartBytes, encoder.prefixBytes);
	const invalid = new InvalidLineLog(options.maxReportedErrors ?? DEFAULT_MAX_REPORTED_ERRORS, options.invalidLines);
	const measure = new LineMeasure(encoder, options.validate, (size) => {
		if (size + encoder.prefixBytes > options.maxPartBytes) {
			throw recordTooLargeError({ unit: 'line', line: lastLine, lineCount: 1, size: size - 1, maxPartBytes: options.maxPartBytes, headerBytes: encoder.prefixBytes });
		}
	});
	const prefixSha256: string[] = [];
	let position = 0;
	let inputBytes = 0;
	let accepted = 0;
	let lastLine = 0;
	let lastEnd = 0;
	const onRecord = (record: MappedRecord): void => {
		const at = position++;
		lastLine = record.line;
		let reason: string | undefined;
		let size = 0;
		if (record.key !== undefined && record.problem === undefined) {
			measure.measureKeyed(record.keyKind, record.key, record.writeLine);
			size = measure.size;
			reason = measure.reason;
		} else {
			const text = lineOf(encoder, record);
			if (typeof text === 'string') {
				measure.measure(text);
				size = measure.size;
				reason = measure.reason;
			} else {
				reason = text.reason;
			}
		}
		if (reason !== undefined) {
			// (With Stop the plan is refused: nothing is sent.)
			invalid.add(record.line, reason, at);
		} else {
			inputBytes += size;
			accepted++;
			const closed = cutter.parts.length;
			cutter.add(size, record.line, at);
			// The part before the one just opened ends with the record before this one.
			if (cutter.parts.length > closed) prefixSha256.push(input.prefixSha256(lastEnd));
		}
		lastEnd = record.end;
	};
	try {
		while (await input.next(onRecord));
	} finally {
		await input.close();
	}
	const parts = cutter.finish(position);
	if (parts.length > prefixSha256.length) prefixSha256.push(input.prefixSha256(lastEnd));
	return buildPlan({ options, unit: 'line', parts, header: encoder.csvHeader, inputBytes, inputLines: lastLine, lastInputLine: input.linesSeen, lines: accepted, invalid, sliceSha256: prefixSha256 });
}

/**
 * Pass 2: the parts of the plan from part `fromPart` on, each streamed in
 * chunks as its records' lines are written again (memory: a chunk or two,
 * not a part). Read each part's stream to its end before asking for the next
 * part. A record whose line is now invalid, a count that differs, or an input
 * that is not the same up to the end of a part means the input changed
 * between the passes: the part's last bytes do not leave.
 */
export async function* readRecordParts(
	input: RecordInput,
	plan: PartPlan,
	/** wholeParts: each part leaves as one buffer, once written (a part sent from memory). */
	options: ItemSplitOptions & { fromPart?: number; wholeParts?: boolean },
): AsyncGenerator<Part> {
	const refused = invalidLinesError(plan);
	if (refused) throw refused;
	const encoder = new ItemEncoder(options);
	const parts = plan.parts;
	const skipped = new Set(plan.skippedStarts);
	const changed = (why: string) => new InputChangedError(`The input changed while it was uploaded (${why}): upload it again once it is stable`);
	const first = (options.fromPart ?? 1) - 1;
	const outputs = new Map<number, PartOutput>();
	const outputOf = (index: number) => {
		let output = outputs.get(index);
		if (output === undefined) {
			const part = parts[index];
			output = new PartOutput(encoder.prefix, part.bytes, () => changed(`part ${part.index} holds more than the ${part.bytes} bytes planned`), options.wholeParts === true);
			outputs.set(index, output);
		}
		return output;
	};
	let position = 0;
	let writing = first;
	let ended = false;
	const onRecord = (record: MappedRecord): void => {
		const at = position++;
		if (at < parts[first].inputStart) return;
		while (writing < parts.length && at >= parts[writing].inputEnd) writing++;
		if (writing === parts.length) throw changed(`more records than the ${parts.length} parts planned`);
		const part = parts[writing];
		const output = outputOf(writing);
		if (!skipped.has(at)) {
			// Checked in pass 1: here the line is only written again.
			const text = lineOf(encoder, record);
			if (typeof text !== 'string') throw changed(`line ${record.line} is now invalid: ${text.reason}`);
			output.add(text, record.ascii && record.text !== undefined);
		}
		if (at === part.inputEnd - 1) output.prefixSha256 = input.prefixSha256(record.end);
	};
	const readMore = async () => {
		if (!ended && !(await input.next(onRecord))) ended = true;
		return !ended;
	};
	try {
		for (let partIndex = first; partIndex < parts.length; partIndex++) {
			const part = parts[partIndex];
			let read = false;
			yield {
				...part,
				contentType: plan.contentType,
				replayable: false,
				stream: async function* () {
					const output = outputOf(partIndex);
					while (output.prefixSha256 === undefined) {
						yield* output.take(false);
						// The input may hand over its last record (one without a line break) in the call that reports its end.
						if (!(await readMore()) && output.prefixSha256 === undefined) throw changed(`it ended before the end of part ${part.index} of ${parts.length}`);
					}
					// After the last part's records, the input is read to its end before the part's last bytes
					// leave: more records, or the source's own end checks (a file that changed), fail the part.
					if (part.index === parts.length) while (await readMore());
					const last = output.take(true);
					if (output.bytes !== part.bytes) throw changed(`part ${part.index} holds ${output.bytes} bytes, ${part.bytes} were planned`);
					// Same length is not the same lines: the part's last bytes leave only if the input up to its end is the one checked.
					if (output.prefixSha256 !== plan.sliceSha256?.[partIndex]) {
						throw changed(
							`lines ${part.firstLine} to ${part.lastLine} (part ${part.index}): the file up to them is not the one first read (same length, another SHA-256), so they may map to other lines than the ones checked; ` +
								`the request of part ${part.index} was cut before its end, so the platform received none of it`,
						);
					}
					yield* last;
					outputs.delete(partIndex);
					read = true;
				},
			};
			if (!read) throw partNotReadError(part.index);
		}
	} finally {
		await input.close();
	}
}
