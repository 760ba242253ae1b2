/**
 * Records of a CRM export file, to map: a CSV file whose header
 * line names the columns (RFC 4180: any column order, quoted fields with
 * commas, quotes and line breaks, a BOM, CRLF), or NDJSON objects. Streamed:
 * one chunk of input at a time, each record handed to a sink, nothing kept.
 *
 * A record that cannot be read (an unclosed quote, more or fewer cells than
 * the header names, invalid UTF-8, a line that is not a JSON object) comes
 * with its problem instead of its fields, so that Invalid Lines (Stop or
 * Skip) applies to it as to any invalid line. A header that cannot be read
 * is an error: no record can be mapped without it.
 */
import { parseCsvFields } from '../../encoding/csvParse';
import { decodeUtf8, describeInvalidUtf8, firstInvalidUtf8Offset } from '../../encoding/utf8';
import { BulkInputError } from '../../errors';
import { asBuffer } from '../lineReader';
import { PrefixHasher } from './prefixHash';
import { RecordScanner, type ScannedRecord } from '../scan/recordScanner';

export type RecordFormat = 'csv' | 'ndjson';

/** One record of the file: its fields, or why it cannot be read. */
export interface FileRecord {
	/** 1-based physical line where the record starts. */
	line: number;
	fields?: Record<string, unknown>;
	problem?: string;
}

/**
 * One record as the reader hands it to a sink: reused from record to record,
 * so read it inside the sink (fieldsOf builds what must outlive it). Reading
 * the cells into one reused array, and an object only when the record is
 * mapped the general way, keeps the objects per record of a large export to
 * the cells' strings.
 */
export interface RecordView {
	/** 1-based physical line where the record starts. */
	line: number;
	/** Input offset just past the record's line ending. */
	end: number;
	/** Why the record cannot be read; when set, no cell or field is. */
	problem: string | undefined;
	/** CSV: the record's cells, in header order (cells.length may exceed the header's: read `columns.length` of them). */
	readonly cells: string[];
	/** NDJSON: the record's object. */
	fields: Record<string, unknown> | undefined;
}

export type RecordViewSink = (record: RecordView) => void;

/** Reads the records of one file; `columns` is the CSV header once read. */
export class FileRecordReader {
	columns: readonly string[] | undefined;
	private readonly scanner: RecordScanner;
	private readonly view: RecordView = { line: 0, end: 0, problem: undefined, cells: [], fields: undefined };
	private readonly hasher: PrefixHasher | undefined;
	/** Only these cells are read out of a record (see readOnly); the text is kept to read the rest on demand. */
	private wanted: Uint8Array | undefined;
	private partial = false;
	private text = '';
	/** Where the last record handed out ends: no prefix digest is asked for before it. */
	private lastEnd = 0;
	private sink: RecordViewSink = () => undefined;
	private readonly onScanned = (record: ScannedRecord) => {
		if (record.blank) return;
		if (this.read(record)) {
			this.lastEnd = record.end;
			this.sink(this.view);
		}
	};

	constructor(
		private readonly format: RecordFormat,
		/** Records larger than this are refused (a part could not hold their line anyway). */
		maxRecordBytes: number,
		/**
		 * hashPrefix: keep the prefix digests of the input (prefixSha256).
		 * startLine: Start From Input Line, the records that begin before it are
		 * dropped unread (not mapped, not checked); a CSV header is read wherever it is.
		 */
		options: { hashPrefix?: boolean; startLine?: number } = {},
	) {
		const csv = format === 'csv';
		this.scanner = new RecordScanner({ quoted: csv, maxRecordBytes, startLine: options.startLine ?? 1, headerFirst: csv });
		this.hasher = options.hashPrefix ? new PrefixHasher() : undefined;
	}

	/** The records of the next chunk of input, one by one, to `sink` (synchronously). */
	push(chunk: Buffer, sink: RecordViewSink): void {
		this.sink = sink;
		if (this.hasher) {
			// Every record of the chunks before is out: a digest is asked for at the last one's end, or later in this chunk.
			this.hasher.mark(this.lastEnd);
			this.hasher.add(chunk);
		}
		this.scanner.push(chunk, this.onScanned);
	}

	/** The last record, when the input does not end with a line feed; then the end-of-input checks. */
	end(sink: RecordViewSink): void {
		this.sink = sink;
		this.scanner.end(this.onScanned);
		if (this.format === 'csv' && this.columns === undefined) {
			throw new BulkInputError('The CSV file is empty: it has no header line naming its columns', 'Check that the export produced data, or that the right file is read.');
		}
	}

	/** Physical lines of the input read so far: once end() ran, the input's last line (for the error of a Start From Input Line past it). */
	get linesSeen(): number {
		return this.scanner.linesSeen;
	}

	/** The SHA-256 of the input's bytes [0, offset), offset the end of a record handed out (see prefixHash.ts). */
	prefixSha256(offset: number): string {
		if (!this.hasher) throw new Error('the reader was made without hashPrefix');
		return this.hasher.digestTo(offset);
	}

	/**
	 * From now on, read only the cells at these indexes out of a record (the
	 * others stay as they were): a mapping that reads three columns of six
	 * does not pay for the other three. fieldsOf still gives every cell.
	 */
	readOnly(cells: readonly number[]): void {
		this.wanted = new Uint8Array(Math.max(0, ...cells) + 1);
		for (const cell of cells) this.wanted[cell] = 1;
	}

	/** The record's fields as an object (CSV: by column name), or undefined when it cannot be read. */
	fieldsOf(record: RecordView): Record<string, unknown> | undefined {
		if (record.problem !== undefined) return undefined;
		if (this.format === 'ndjson') return record.fields;
		if (this.partial) {
			const wanted = this.wanted;
			this.wanted = undefined;
			this.readCells(this.text);
			this.wanted = wanted;
		}
		const columns = this.columns as readonly string[];
		const values: Record<string, unknown> = {};
		for (let index = 0; index < columns.length; index++) values[columns[index]] = record.cells[index];
		return values;
	}

	/** The records, one input chunk's worth at a time, as objects. */
	async *batches(source: AsyncIterable<Uint8Array>): AsyncGenerator<FileRecord[]> {
		let batch: FileRecord[] = [];
		const sink = (record: RecordView) => {
			batch.push(record.problem !== undefined ? { line: record.line, problem: record.problem } : { line: record.line, fields: this.fieldsOf(record) });
		};
		for await (const chunk of source) {
			this.push(asBuffer(chunk), sink);
			if (batch.length > 0) {
				const ready = batch;
				batch = [];
				yield ready;
			}
		}
		this.end(sink);
		if (batch.length > 0) yield batch;
	}

	/** The records one by one. */
	async *records(source: AsyncIterable<Uint8Array>): AsyncGenerator<FileRecord> {
		for await (const batch of this.batches(source)) yield* batch;
	}

	/** Fills the view with a data record; false for the header line. */
	private read(record: ScannedRecord): boolean {
		const view = this.view;
		view.line = record.number;
		view.end = record.end;
		view.problem = undefined;
		view.fields = undefined;
		if (record.oversize) return this.fail(`the record is larger than Max Part Size (${record.size} bytes)`);
		const text = decodeUtf8(record.buffer, record.from, record.to);
		if (this.format === 'ndjson') {
			if (text === undefined) return this.fail(describeInvalidUtf8(record.buffer.subarray(record.from, record.to)));
			return this.readNdjson(text);
		}
		if (this.columns === undefined) {
			this.columns = headerColumns(record.number, text, record);
			return false;
		}
		if (record.unclosedQuote) return this.fail('a quoted field opened on this line is never closed (the file ends inside it)');
		if (text === undefined) return this.fail(this.invalidUtf8Cell(record));
		const count = this.readCells(text);
		if (count === -1) return true;
		const columns = this.columns;
		if (count !== columns.length) {
			return this.fail(
				`the row has ${count} ${count === 1 ? 'cell' : 'cells'}, the header names ${columns.length} columns${record.lineCount > 1 ? ` (the record spans lines ${record.number} to ${record.number + record.lineCount - 1})` : ''}`,
			);
		}
		return true;
	}

	/**
	 * The cells of a CSV record into the view's array; their count, or -1 with
	 * the problem set. A record without a quote or a CR is its cells split at
	 * the commas (parseCsvFields would find nothing else in it); any other goes
	 * through parseCsvFields, RFC 4180 and strict.
	 */
	private readCells(text: string): number {
		const cells = this.view.cells;
		this.partial = false;
		if (text.indexOf('"') === -1 && text.indexOf('\r') === -1) {
			const wanted = this.wanted;
			this.partial = wanted !== undefined;
			this.text = text;
			let count = 0;
			let from = 0;
			for (;;) {
				const comma = text.indexOf(',', from);
				const end = comma === -1 ? text.length : comma;
				if (wanted === undefined || wanted[count] === 1) cells[count] = from === 0 && end === text.length ? text : text.slice(from, end);
				count++;
				if (comma === -1) return count;
				from = comma + 1;
			}
		}
		const parsed = parseCsvFields(text);
		if ('problem' in parsed) {
			this.fail(parsed.problem);
			return -1;
		}
		for (let index = 0; index < parsed.fields.length; index++) cells[index] = parsed.fields[index];
		return parsed.fields.length;
	}

	private readNdjson(text: string): boolean {
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			return this.fail(`not valid JSON (${(error as Error).message})`);
		}
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			return this.fail(`not a JSON object (it is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value})`);
		}
		this.view.fields = value as Record<string, unknown>;
		return true;
	}

	private fail(problem: string): true {
		this.view.problem = problem;
		return true;
	}

	/** Names the column whose cell breaks UTF-8. */
	private invalidUtf8Cell(record: ScannedRecord): string {
		const bytes = record.buffer.subarray(record.from, record.to);
		const reason = describeInvalidUtf8(bytes, 'record');
		// The cell: commas outside quotes before the first invalid byte (Latin-1 bytes are never a comma or quote).
		const at = Math.max(0, firstInvalidUtf8Offset(bytes));
		let cell = 0;
		let quoted = false;
		for (let index = 0; index < at; index++) {
			if (bytes[index] === 0x22) quoted = !quoted;
			else if (bytes[index] === 0x2c && !quoted) cell++;
		}
		const column = this.columns?.[cell];
		return column === undefined ? reason : `column "${column}": ${reason}`;
	}
}

function headerColumns(line: number, text: string | undefined, record: ScannedRecord): string[] {
	const fail = (problem: string) =>
		new BulkInputError(`The CSV header (line ${line}) ${problem}`, 'The first line of the file must name its columns, e.g. "email,first_name,tier,unsubscribed". Fix the export, or choose NDJSON if the file holds JSON lines.');
	if (text === undefined) throw fail(describeInvalidUtf8(record.buffer.subarray(record.from, record.to), 'header'));
	if (record.unclosedQuote) throw fail('opens a quote that is never closed');
	const parsed = parseCsvFields(text);
	if ('problem' in parsed) throw fail(`cannot be read: ${parsed.problem}`);
	const seen = new Set<string>();
	for (const [index, column] of parsed.fields.entries()) {
		if (column.trim() === '') throw fail(`has an empty name for column ${index + 1}`);
		if (seen.has(column)) throw fail(`names the column "${column}" twice`);
		seen.add(column);
	}
	return parsed.fields;
}
