/**
 * The plan of a split: where each part starts and ends, what it holds, and
 * which lines were refused. Shared by the file path (splitter.ts), the
 * in-memory path (itemParts.ts) and the records of a file (recordParts.ts),
 * each of which has it written by buildPlan, with the messages all give to people.
 */
import { BulkInputError, InvalidLine } from '../errors';
import type { CsvHeader } from '../rules/checkLine';
import { allowedMimeTypes, contentTypeOf, mimeTypeOf, mimeTypeProblem } from '../rules/documentTypes';
import type { InvalidLinesPolicy, PartPlan, PlannedPart, SplitOptions } from './partPlanTypes';
import { allInvalidError, emptyInputError } from './planErrors';

export type { InvalidLinesPolicy, PartPlan, PlannedPart, SplitOptions } from './partPlanTypes';

export const DEFAULT_MAX_REPORTED_ERRORS = 20;

/** Options checked once, before any byte is read: these are setup mistakes, not data problems. */
export function checkSplitOptions(options: SplitOptions): void {
	const { maxPartBytes, startLine = 1 } = options;
	if (!Number.isSafeInteger(startLine) || startLine < 1) {
		throw new BulkInputError(
			`Start From Input Line must be a whole number of at least 1, got ${String(startLine)}`,
			'Leave it at 1 to upload the whole input, or set the line to resume from (the resume line a failed upload names).',
		);
	}
	if (!Number.isSafeInteger(maxPartBytes) || maxPartBytes < 2) {
		throw new BulkInputError(
			`Max Part Size must be a whole number of bytes of at least 2, got ${String(maxPartBytes)}`,
			'Set Max Part Size to the largest file the platform should receive in one execution (it recommends 100 MB).',
		);
	}
	const problem = mimeTypeProblem(options.documentType, mimeTypeOf(options.format));
	if (problem !== undefined) {
		throw new BulkInputError(
			problem,
			`Use a document import whose mime type is ${allowedMimeTypes(options.documentType).join(' or ')}.`,
		);
	}
	if (options.format === 'csv' && options.csvHasHeader === false && (options.csvColumns?.length ?? 0) === 0) {
		throw new BulkInputError(
			'A CSV file without a header line needs its columns',
			'Every uploaded CSV part starts with a header line naming its columns. Give the columns in file order, or add a header line to the file.',
		);
	}
}

/**
 * What a file's record scanner is told of Start From Input Line: the line,
 * and whether the first record is a CSV header (kept, though before it).
 */
export function scannerStart(options: SplitOptions): { startLine: number; headerFirst: boolean } {
	return { startLine: options.startLine ?? 1, headerFirst: options.format === 'csv' && options.csvHasHeader !== false };
}

/** Decides where parts end: greedy, each part as full as the limit allows, cuts only between records. */
export class PartCutter {
	readonly parts: PlannedPart[] = [];
	private open: { -readonly [K in keyof PlannedPart]: PlannedPart[K] } | undefined;

	/** The part the last record went into (still open). */
	get current(): PlannedPart | undefined {
		return this.open;
	}

	constructor(
		private readonly maxPartBytes: number,
		/** Bytes written at the start of every part (the CSV header and its LF). */
		private prefixBytes: number,
	) {}

	/** The CSV header is known only once its line is read, before any record is added. */
	setPrefixBytes(prefixBytes: number): void {
		this.prefixBytes = prefixBytes;
	}

	/** A record of `size` bytes (with its LF), at input position `inputStart`. */
	add(size: number, line: number, inputStart: number): void {
		let current = this.open;
		if (current !== undefined && current.bytes + size > this.maxPartBytes) {
			current.inputEnd = inputStart;
			this.parts.push(current);
			current = undefined;
		}
		if (current === undefined) {
			current = {
				index: this.parts.length + 1,
				lines: 0,
				bytes: this.prefixBytes,
				firstLine: line,
				lastLine: line,
				// The first part starts at the very beginning so that pass 2 also
				// walks (and drops) the BOM, the header and any leading blank lines.
				inputStart: this.parts.length === 0 ? 0 : inputStart,
				inputEnd: inputStart,
			};
			this.open = current;
		}
		current.lines++;
		current.bytes += size;
		current.lastLine = line;
	}

	finish(inputEnd: number): PlannedPart[] {
		if (this.open !== undefined) {
			this.open.inputEnd = inputEnd;
			this.parts.push(this.open);
			this.open = undefined;
		}
		return this.parts;
	}
}

/** Collects invalid lines: every one counted, the first few kept with their reason. */
export class InvalidLineLog {
	count = 0;
	readonly reported: InvalidLine[] = [];
	readonly skippedStarts: number[] = [];

	constructor(
		private readonly maxReported: number,
		private readonly policy: InvalidLinesPolicy,
	) {}

	add(line: number, reason: string, inputStart: number): void {
		this.count++;
		if (this.reported.length < this.maxReported) this.reported.push({ line, reason });
		if (this.policy === 'skip') this.skippedStarts.push(inputStart);
	}
}

/** What a planner learnt about its input: buildPlan makes the plan of it. */
export interface PlanFacts {
	readonly options: SplitOptions;
	readonly unit: PartPlan['unit'];
	readonly parts: readonly PlannedPart[];
	/** CSV: the header written at the start of every part. */
	readonly header?: CsvHeader;
	readonly csvHeaderInInput?: boolean;
	readonly inputBytes: number;
	readonly inputLines: number;
	/** Records that go into parts. */
	readonly lines: number;
	readonly blankLines?: number;
	readonly invalid: InvalidLineLog;
	readonly sliceSha256?: readonly string[];
	readonly verbatimParts?: ReadonlySet<number>;
	/** Files: Start From Input Line, kept in the plan for pass 2. */
	readonly startLine?: number;
	/** The input's last line, when known, for the error of a Start From Input Line past it. */
	readonly lastInputLine?: number;
}

/**
 * The plan, the one place a PartPlan is written (files, items, records of a
 * file). Throws when there is nothing to upload: no record at all, or (with
 * 'skip') every record invalid.
 */
export function buildPlan(facts: PlanFacts): PartPlan {
	const { options, parts, header, invalid } = facts;
	const plan: PartPlan = {
		documentType: options.documentType,
		format: options.format,
		contentType: contentTypeOf(mimeTypeOf(options.format)),
		maxPartBytes: options.maxPartBytes,
		invalidLinesPolicy: options.invalidLines,
		unit: facts.unit,
		parts,
		...(header !== undefined ? { csvHeader: header.bytes, csvColumns: header.columns } : {}),
		csvHeaderInInput: facts.csvHeaderInInput ?? false,
		...(facts.startLine !== undefined ? { startLine: facts.startLine } : {}),
		inputBytes: facts.inputBytes,
		inputLines: facts.inputLines,
		lines: facts.lines,
		bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
		blankLines: facts.blankLines ?? 0,
		invalidLineCount: invalid.count,
		invalidLines: invalid.reported,
		skippedStarts: invalid.skippedStarts,
		...(facts.sliceSha256 !== undefined ? { sliceSha256: facts.sliceSha256 } : {}),
		...(facts.verbatimParts !== undefined ? { verbatimParts: facts.verbatimParts } : {}),
	};
	if (facts.lines === 0 && invalid.count === 0) {
		throw emptyInputError(facts.unit, plan.csvHeaderInInput && header !== undefined, { startLine: options.startLine, lastLine: facts.lastInputLine });
	}
	if (facts.lines === 0 && options.invalidLines === 'skip') throw allInvalidError(plan);
	return plan;
}

// The messages a plan gives to people (too large, not read, empty, invalid) are in planErrors.ts.
export {
	allInvalidError,
	assertRecordFits,
	emptyInputError,
	invalidLinesError,
	partNotReadError,
	recordTooLargeError,
	withoutSkipAdvice,
} from './planErrors';
