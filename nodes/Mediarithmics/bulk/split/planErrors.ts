/**
 * The messages a part plan gives to people: a record larger than a part, a
 * part not read whole, an empty input, invalid lines. Shared by every planner
 * (file, one pass, items, file records) through partPlan.ts.
 */
import { BulkInputError, InvalidLine } from '../errors';
import { formatBytes, plural } from '../format';
import type { PartPlan } from './partPlanTypes';

function capitalised(unit: string): string {
	return unit.charAt(0).toUpperCase() + unit.slice(1);
}

export function recordTooLargeError(args: {
	unit: 'line' | 'item';
	line: number;
	lineCount: number;
	size: number;
	maxPartBytes: number;
	headerBytes: number;
}): BulkInputError {
	const { unit, line, lineCount, size, maxPartBytes, headerBytes } = args;
	const what =
		lineCount > 1
			? `The CSV record starting at line ${line} spans ${lineCount} lines and is ${formatBytes(size)}`
			: `${capitalised(unit)} ${line} is ${formatBytes(size)}`;
	const limit =
		headerBytes > 0
			? `; with the CSV header (${formatBytes(headerBytes)}) that starts every part, that is larger than the Max Part Size of ${formatBytes(maxPartBytes)}`
			: `, larger than the Max Part Size of ${formatBytes(maxPartBytes)}`;
	const hint =
		lineCount > 1
			? ': check for a quote that is opened and never closed, or raise Max Part Size'
			: ': split that record or raise Max Part Size';
	return new BulkInputError(
		`${what}${limit}${hint}`,
		'Each part becomes one execution and holds whole records only, so a part can never be smaller than its largest record. ' +
			`${capitalised(unit)} ${line} needs ${size + 1 + headerBytes} bytes, Max Part Size allows ${maxPartBytes}.`,
		[{ line, reason: `${formatBytes(size)}, larger than Max Part Size` }],
	);
}

/** Throws recordTooLargeError when a scanned file record (with its LF and the part's header) cannot fit in any part. */
export function assertRecordFits(
	record: { oversize: boolean; size: number; number: number; lineCount: number },
	prefixBytes: number,
	maxPartBytes: number,
): void {
	if (!record.oversize && record.size + 1 + prefixBytes <= maxPartBytes) return;
	throw recordTooLargeError({
		unit: 'line',
		line: record.number,
		lineCount: record.lineCount,
		size: record.size,
		maxPartBytes,
		headerBytes: prefixBytes,
	});
}

/** The parts of one read share the input: asking for the next before a part was read whole is a caller's mistake. */
export function partNotReadError(index: number): Error {
	return new Error(
		`Part ${index} was not read to its end before the next part was requested: ` +
			'parts share one pass over the input, read each stream fully first',
	);
}

/**
 * Nothing to upload. With Start From Input Line past the input's last record,
 * an error rather than an empty output: an empty output would let the
 * workflow go on as if an upload had happened (the nodes after it simply do
 * not run), while a line past the end is a mistyped line or an upload that
 * was already complete, both of which a person must look at.
 */
export function emptyInputError(unit: 'line' | 'item', csvHeaderOnly: boolean, start?: { startLine?: number; lastLine?: number }): BulkInputError {
	const startLine = start?.startLine ?? 1;
	if (startLine > 1) {
		const last = start?.lastLine;
		return new BulkInputError(
			`Start From Input Line is ${startLine}, but there is no ${unit} to upload from ${unit} ${startLine} on` +
				(last !== undefined ? `: the input ends at ${unit} ${last}` : ''),
			`Start From Input Line skips every ${unit} before it. If you are resuming an upload, a line past the end means its last part is already in the import: ` +
				'list its executions (Execution > Get Many) before running anything again. Otherwise lower Start From Input Line (1 uploads the whole input).',
		);
	}
	if (csvHeaderOnly) {
		return new BulkInputError(
			'The CSV file has a header but no rows: nothing to upload',
			'Check that the export produced data, or that the right file is read.',
		);
	}
	return unit === 'item'
		? new BulkInputError('There are no items to upload', 'The node received no input items with data.')
		: new BulkInputError(
				'The file has no lines to upload: it is empty or holds only blank lines',
				'Check that the export produced data, or that the right binary property is read.',
			);
}

/**
 * Start From Input Line falls on a line inside a multi-line CSV record (a
 * quoted field with line breaks) other than its first. The record begins
 * before the line, so it would be skipped whole, without a word: the node's
 * own resume lines are always a record's first line, so such a line is a
 * mistake to show, with the two lines that make sense instead.
 */
export function startInsideRecordError(startLine: number, record: { number: number; lineCount: number; unclosedQuote: boolean }): BulkInputError {
	const first = record.number;
	const last = first + record.lineCount - 1;
	const where = record.unclosedQuote
		? `line ${startLine} is inside the CSV record that starts at line ${first} and runs to the end of the input (a quote opened in it is never closed): ` +
			`set Start From Input Line to ${first} to send that record again`
		: `line ${startLine} is inside the CSV record that starts at line ${first} (lines ${first} to ${last}): ` +
			`set Start From Input Line to ${first} to send that record again, or to ${last + 1} to start after it`;
	return new BulkInputError(
		`Start From Input Line is ${startLine}, but ${where}`,
		'A CSV record may span several lines (a quoted field with line breaks). Start From Input Line skips every record that begins before it, ' +
			'so a line inside a record would leave that whole record out. The line a failed upload names is always the first line of a record. ' +
			'Nothing was uploaded.',
	);
}

function listInvalid(lines: readonly InvalidLine[], unit: string, limit: number): string {
	return lines
		.slice(0, limit)
		.map((entry) => `${unit} ${entry.line}: ${entry.reason}`)
		.join('; ');
}

function invalidDescription(plan: PartPlan, closing: string): string {
	const unit = capitalised(plan.unit);
	const shown = plan.invalidLines.map((entry) => `${unit} ${entry.line}: ${entry.reason}`);
	const hidden = plan.invalidLineCount - plan.invalidLines.length;
	if (hidden > 0) shown.push(`…and ${plural(hidden, `more invalid ${plan.unit}`)}.`);
	return `${shown.join('\n')}\n\n${closing}`;
}

const SKIP_ADVICE = '. Fix them or set Invalid Lines to Skip';
const SKIP_CLOSING_ADVICE = (unit: string) => `, or set Invalid Lines to Skip to upload the valid ${unit}s and report the others.`;

/**
 * The invalid-lines refusal for a run that may not skip a line (a mirror: a
 * skipped line would read as a member that left the list): the advice to skip goes.
 */
export function withoutSkipAdvice(error: BulkInputError, why: string): BulkInputError {
	if (error.lines === undefined) return error;
	const description = error.description.replace(/, or set Invalid Lines to Skip to upload the valid (\w+)s and report the others\.$/, ` and run again: ${why}.`);
	return new BulkInputError(error.message.replace(SKIP_ADVICE, `. Fix them and run again (${why})`), description, error.lines);
}

/**
 * With Invalid Lines = Stop: the error to raise when the plan found invalid
 * lines (nothing may be uploaded), or undefined when there are none.
 */
export function invalidLinesError(plan: PartPlan, { dryRun = false } = {}): BulkInputError | undefined {
	if (plan.invalidLinesPolicy !== 'stop' || plan.invalidLineCount === 0) return undefined;
	const count = plural(plan.invalidLineCount, `invalid ${plan.unit}`);
	// A dry run sends nothing anyway: it tells what the real run would do.
	return new BulkInputError(
		`${count}, nothing ${dryRun ? 'would be' : 'was'} uploaded: ${listInvalid(plan.invalidLines, plan.unit, 3)}` +
			`${plan.invalidLineCount > 3 ? '; …' : ''}${SKIP_ADVICE}`,
		invalidDescription(
			plan,
			`Fix the ${plan.unit}s above${SKIP_CLOSING_ADVICE(plan.unit)}`,
		),
		[...plan.invalidLines],
	);
}

/** With Invalid Lines = Skip, when every record was invalid. */
export function allInvalidError(plan: PartPlan): BulkInputError {
	return new BulkInputError(
		`${
			plan.invalidLineCount === 1
				? `The only ${plan.unit} is invalid`
				: `All ${plural(plan.invalidLineCount, plan.unit)} are invalid`
		}: nothing to upload. ` +
			`${capitalised(listInvalid(plan.invalidLines, plan.unit, 3))}${plan.invalidLineCount > 3 ? '; …' : ''}`,
		invalidDescription(plan, `Fix the ${plan.unit}s above; none of them can be imported as ${plan.documentType}.`),
		[...plan.invalidLines],
	);
}
