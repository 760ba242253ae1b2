/** What the record scanner (recordScanner.ts) hands out, and how it is set up. */

/**
 * One record. The scanner reuses a single instance: read it inside the
 * callback, copy what must outlive it.
 */
export interface ScannedRecord {
	/** The content is buffer[from, to): no line ending, no BOM. */
	buffer: Buffer;
	from: number;
	to: number;
	/** Content length in bytes (also set when the content was too big to keep). */
	size: number;
	/** True when buffer[to] is the record's own LF (so [from, to + 1) is content plus LF). */
	lfFollows: boolean;
	/** 1-based physical line number where the record starts. */
	number: number;
	/** Physical lines the record spans (more than 1 only for CSV quoted newlines). */
	lineCount: number;
	/** Input offset of the content's first byte. */
	start: number;
	/** Input offset just past the record's line ending. */
	end: number;
	blank: boolean;
	/** The record outgrew maxRecordBytes: its content was dropped, size is still exact. */
	oversize: boolean;
	/** Quoted mode: the input ended inside a quoted field. */
	unclosedQuote: boolean;
}

export type RecordSink = (record: ScannedRecord) => void;

export interface RecordScannerOptions {
	/** CSV: an LF inside a quoted field does not end the record. */
	quoted: boolean;
	/** Keep at most this many content bytes of a straddling record; beyond, only count them. */
	maxRecordBytes: number;
	/** Resume at a record boundary found by an earlier pass (skips BOM handling). */
	resumeAt?: { offset: number; line: number };
	/**
	 * Start From Input Line: a record that begins before this line comes out
	 * blank, so that every reader drops it as it drops a blank line (never
	 * checked, never sent, in no part) while line numbers stay the input's;
	 * one that begins before it and reaches it (a CSV record over several
	 * lines) is a BulkInputError. Default 1 (nothing dropped).
	 */
	startLine?: number;
	/** With startLine: the first non-blank record is a CSV header, kept wherever it is. */
	headerFirst?: boolean;
}
