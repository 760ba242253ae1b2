/**
 * Records of a CRM export file, as objects to map: a CSV file whose header
 * line names the columns (RFC 4180: any column order, quoted fields with
 * commas, quotes and line breaks, a BOM, CRLF), or NDJSON objects. Streamed:
 * one chunk of records at a time, nothing kept.
 *
 * A record that cannot be read (an unclosed quote, more or fewer cells than
 * the header names, invalid UTF-8, a line that is not a JSON object) comes
 * with its problem instead of its fields, so that Invalid Lines (Stop or
 * Skip) applies to it as to any invalid line. A header that cannot be read
 * is an error: no record can be mapped without it.
 */
import { parseCsvFields } from '../encoding/csvParse';
import { decodeUtf8, describeInvalidUtf8, firstInvalidUtf8Offset } from '../encoding/utf8';
import { BulkInputError } from '../errors';
import { asBuffer } from './lineReader';
import { RecordScanner, type ScannedRecord } from './recordScanner';

export type RecordFormat = 'csv' | 'ndjson';

/** One record of the file: its fields, or why it cannot be read. */
export interface FileRecord {
	/** 1-based physical line where the record starts. */
	line: number;
	fields?: Record<string, unknown>;
	problem?: string;
}

/** Reads the records of one file; `columns` is the CSV header once read. */
export class FileRecordReader {
	columns: readonly string[] | undefined;

	constructor(
		private readonly format: RecordFormat,
		/** Records larger than this are refused (a part could not hold their line anyway). */
		private readonly maxRecordBytes: number,
		/** Start From Input Line: the records that begin before it are dropped unread (not mapped, not checked); a CSV header is read wherever it is. */
		private readonly startLine = 1,
	) {}

	/** The records, one input chunk's worth at a time (an await per record would cost more than reading it). */
	async *batches(source: AsyncIterable<Uint8Array>): AsyncGenerator<FileRecord[]> {
		const csv = this.format === 'csv';
		const scanner = new RecordScanner({ quoted: csv, maxRecordBytes: this.maxRecordBytes, startLine: this.startLine, headerFirst: csv });
		let batch: FileRecord[] = [];
		const sink = (record: ScannedRecord) => {
			if (record.blank) return;
			const read = this.read(record);
			if (read) batch.push(read);
		};
		for await (const chunk of source) {
			scanner.push(asBuffer(chunk), sink);
			if (batch.length > 0) {
				const ready = batch;
				batch = [];
				yield ready;
			}
		}
		scanner.end(sink);
		if (batch.length > 0) yield batch;
		if (this.format === 'csv' && this.columns === undefined) {
			throw new BulkInputError('The CSV file is empty: it has no header line naming its columns', 'Check that the export produced data, or that the right file is read.');
		}
	}

	/** The records one by one. */
	async *records(source: AsyncIterable<Uint8Array>): AsyncGenerator<FileRecord> {
		for await (const batch of this.batches(source)) yield* batch;
	}

	/** A data record, or undefined for the header line. */
	private read(record: ScannedRecord): FileRecord | undefined {
		const line = record.number;
		if (record.oversize) return { line, problem: `the record is larger than Max Part Size (${record.size} bytes)` };
		const text = decodeUtf8(record.buffer, record.from, record.to);
		if (this.format === 'ndjson') {
			if (text === undefined) return { line, problem: describeInvalidUtf8(record.buffer.subarray(record.from, record.to)) };
			return ndjsonRecord(line, text);
		}
		if (this.columns === undefined) {
			this.columns = headerColumns(line, text, record);
			return undefined;
		}
		if (record.unclosedQuote) return { line, problem: 'a quoted field opened on this line is never closed (the file ends inside it)' };
		if (text === undefined) return { line, problem: this.invalidUtf8Cell(record) };
		const parsed = parseCsvFields(text);
		if ('problem' in parsed) return { line, problem: parsed.problem };
		const { fields } = parsed;
		const columns = this.columns;
		if (fields.length !== columns.length) {
			return {
				line,
				problem: `the row has ${fields.length} ${fields.length === 1 ? 'cell' : 'cells'}, the header names ${columns.length} columns${record.lineCount > 1 ? ` (the record spans lines ${line} to ${line + record.lineCount - 1})` : ''}`,
			};
		}
		const values: Record<string, unknown> = {};
		for (let index = 0; index < columns.length; index++) values[columns[index]] = fields[index];
		return { line, fields: values };
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

function ndjsonRecord(line: number, text: string): FileRecord {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return { line, problem: `not valid JSON (${(error as Error).message})` };
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { line, problem: `not a JSON object (it is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value})` };
	}
	return { line, fields: value as Record<string, unknown> };
}
