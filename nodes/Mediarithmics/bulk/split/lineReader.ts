/**
 * Lines (or CSV records) of a byte stream as an async generator, for callers
 * that want one object per line. The splitter uses RecordScanner directly to
 * avoid a promise per line; both share the same conventions (see
 * recordScanner.ts).
 */
import { RecordScanner, ScannedRecord } from './scan/recordScanner';
import { paceYoungGeneration } from './youngGenerationPacer';

export interface Line {
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

export interface ReadLinesOptions {
	/** Treat LFs inside CSV quoted fields as part of the record (default false). */
	csvRecords?: boolean;
	/** A line longer than this is not kept in memory and makes readLines throw. Default 256 MiB. */
	maxLineBytes?: number;
}

const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

/**
 * A chunk as a Buffer, without copying. Strings are refused: a stream with an
 * encoding set has already decoded (and possibly damaged) the bytes. Every
 * chunk read from an input passes here, so here the chunk's bytes are counted
 * towards the next minor collection (youngGenerationPacer.ts: why).
 */
export function asBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) {
		paceYoungGeneration(chunk.length);
		return chunk;
	}
	if (chunk instanceof Uint8Array) {
		paceYoungGeneration(chunk.byteLength);
		return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	}
	throw new TypeError(
		`The input stream must yield bytes (Buffer or Uint8Array), got ${typeof chunk}: do not set an encoding on it`,
	);
}

export async function* readLines(
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
