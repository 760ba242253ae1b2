/**
 * Writing CSV (RFC 4180) and the CSV form of USER_SEGMENT commands (see
 * segmentCsvColumns.ts for the column decisions). Rows are returned without
 * their line ending; the splitter adds "\n".
 */
import { EncodingError } from '../errors';
import { field, isJsonObject } from '../rules/fieldChecks';
import { describeValue } from '../format';
import { SEGMENT_CSV_LIST_COLUMNS } from '../rules/segmentCsvColumns';

export type CsvCell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: null and undefined are empty; quoted when it holds a comma, quote, CR or LF. */
export function encodeCsvCell(cell: CsvCell): string {
	if (cell === null || cell === undefined) return '';
	if (typeof cell === 'number') {
		if (!Number.isFinite(cell)) throw new EncodingError(`${String(cell)} cannot be written in a CSV cell`);
		return String(cell);
	}
	const text = typeof cell === 'string' ? cell : String(cell);
	return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function encodeCsvRow(cells: readonly CsvCell[]): string {
	return cells.map(encodeCsvCell).join(',');
}

/** One command field as a cell: lists as JSON array text, scalars as text. */
function segmentCell(column: string, value: unknown): CsvCell {
	if (value === undefined || value === null) return undefined;
	if (SEGMENT_CSV_LIST_COLUMNS.includes(column)) {
		if (!Array.isArray(value)) throw new EncodingError(`${column} must be an array, got ${describeValue(value)}`);
		return JSON.stringify(value);
	}
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
		// An empty string would read back as "absent": refuse rather than change meaning.
		if (value === '') throw new EncodingError(`${column} is an empty string, which a CSV cell cannot tell from absent`);
		return value;
	}
	throw new EncodingError(
		`${column} is ${describeValue(value)}, which a CSV cell cannot hold` +
			(column === 'data_bag' ? ': write data_bag as JSON text in a string' : ''),
	);
}

/**
 * A segment command as a CSV row for these columns. A command field with no
 * column would be lost, so it is an error rather than dropped.
 */
export function segmentCommandToCsvRow(command: unknown, columns: readonly string[]): string {
	if (!isJsonObject(command)) throw new EncodingError(`a segment command must be an object, got ${describeValue(command)}`);
	for (const key of Object.keys(command)) {
		const value = command[key];
		if (value !== undefined && value !== null && !columns.includes(key)) {
			throw new EncodingError(`${key} has no column in the CSV (columns: ${columns.join(', ')})`);
		}
	}
	return encodeCsvRow(columns.map((column) => segmentCell(column, field(command, column))));
}
