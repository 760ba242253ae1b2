/**
 * What a split is asked (SplitOptions) and what it answers (PartPlan, its
 * PlannedParts): the shapes only, so that partPlan.ts, which writes plans, and
 * planErrors.ts, which words their problems, both read them without importing
 * each other.
 */
import type { InvalidLine } from '../errors';
import type { FileFormat } from '../rules/documentTypes';

export type InvalidLinesPolicy = 'stop' | 'skip';

export interface SplitOptions {
	/** Upper bound of a part in bytes, CSV header included. The platform recommends 100 MB. */
	maxPartBytes: number;
	documentType: string;
	format: FileFormat;
	/** CSV files: the first line is the header (default true). */
	csvHasHeader?: boolean;
	/** CSV files without a header line: the columns, in file order, for the header written into every part. */
	csvColumns?: readonly string[];
	/** Check every line against the document type's rules. */
	validate: boolean;
	/** 'stop': any invalid line means nothing is uploaded; 'skip': invalid lines are left out. */
	invalidLines: InvalidLinesPolicy;
	/** How many invalid lines are kept with their reason (the count is always exact). Default 20. */
	maxReportedErrors?: number;
	/**
	 * Start From Input Line (1-based, default 1): every record that begins
	 * before this line of the input (item, for values) is dropped unread: not
	 * checked, not sent; a line inside a multi-line CSV record is an error
	 * (recordScanner.ts). The parts and their line numbers stay the input's, so
	 * resuming an upload from line N is running it again with startLine N.
	 */
	startLine?: number;
}

export interface PlannedPart {
	/** 1-based. */
	readonly index: number;
	/** Records in the part (lines for NDJSON, rows for CSV; the header is not counted). */
	readonly lines: number;
	/** Exact size of the part as uploaded, CSV header included. */
	readonly bytes: number;
	/** Line number (item position) of the part's first and last record in the input, 1-based. */
	readonly firstLine: number;
	readonly lastLine: number;
	/** Where the part's slice of the input begins and ends: byte offsets for a file, item positions for items. */
	readonly inputStart: number;
	readonly inputEnd: number;
}

export interface PartPlan {
	readonly documentType: string;
	readonly format: FileFormat;
	readonly contentType: string;
	readonly maxPartBytes: number;
	readonly invalidLinesPolicy: InvalidLinesPolicy;
	/** 'line' for files, 'item' for values: how messages name a record. */
	readonly unit: 'line' | 'item';
	readonly parts: readonly PlannedPart[];
	/** CSV: the header line written at the start of every part (without its LF). */
	readonly csvHeader?: Buffer;
	readonly csvColumns?: readonly string[];
	/** CSV: the header is the first record of the input (so pass 2 drops it there). */
	readonly csvHeaderInInput: boolean;
	/** Files: Start From Input Line, which pass 2 applies as pass 1 did (records before it dropped unread). */
	readonly startLine?: number;
	/** Bytes read (file) or encoded (items). */
	readonly inputBytes: number;
	/** Physical lines (file) or values (items) in the input. */
	readonly inputLines: number;
	/** Records that go into parts, and their total bytes (headers included). */
	readonly lines: number;
	readonly bytes: number;
	/** Blank lines, and (files) the lines before Start From Input Line. */
	readonly blankLines: number;
	readonly invalidLineCount: number;
	/** The first maxReportedErrors invalid lines, in input order. */
	readonly invalidLines: readonly InvalidLine[];
	/** Where each skipped invalid record starts (byte offset or item position), ascending. Used by pass 2. */
	readonly skippedStarts: readonly number[];
	/** The SHA-256 (hex) of each part from pass 1: of its slice of the input for a file of lines (part 1's from byte 0); for records mapped from a file, of the input from its start to the end of the part's last record (prefixHash.ts). Pass 2 compares them before a part's last bytes leave. */
	readonly sliceSha256?: readonly string[];
	/**
	 * Files: the parts whose content is their slice of the input exactly (after
	 * the CSV header line): LF line endings, no blank or skipped line, no BOM.
	 * Pass 2 sends those slices as they come, without looking at the records.
	 */
	readonly verbatimParts?: ReadonlySet<number>;
}
