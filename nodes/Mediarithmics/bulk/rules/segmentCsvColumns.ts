/**
 * The CSV form of a USER_SEGMENT command. The docs do not say whether a CSV
 * segment file has a header or in which order its columns come; this project
 * decides: every file (every uploaded part) starts with a header line naming
 * its columns, taken from the fields of segments-import.md. A cell maps to
 * the field of the same name: an empty cell means absent, list columns hold
 * JSON array text, number columns hold a plain decimal number.
 */
import { describeValue } from '../format';
import { SEGMENT_FIELDS } from './lineRules';

export const SEGMENT_CSV_COLUMNS = [
	'operation',
	'user_account_id',
	'compartment_id',
	'email_hash',
	'user_agent_id',
	'segment_id',
	'segment_ids',
	'segment_technical_name',
	'segment_technical_names',
	'expiration_duration',
	'expiration_ts',
	'data_bag',
] as const;

export type SegmentCsvColumn = (typeof SEGMENT_CSV_COLUMNS)[number];

export const SEGMENT_CSV_LIST_COLUMNS: readonly string[] = ['segment_ids', 'segment_technical_names'];
export const SEGMENT_CSV_NUMBER_COLUMNS: readonly string[] = ['expiration_duration', 'expiration_ts'];

const IDENTIFIER_COLUMNS = ['user_account_id', 'email_hash', 'user_agent_id'];

export function isSegmentCsvColumn(name: string): name is SegmentCsvColumn {
	return (SEGMENT_CSV_COLUMNS as readonly string[]).includes(name);
}

/**
 * Why these header columns cannot describe segment commands, or undefined.
 * Checked once per file, so a wrong header is one clear error instead of a
 * reason repeated on every row.
 */
export function segmentCsvColumnsProblem(columns: readonly string[]): string | undefined {
	const seen = new Set<string>();
	for (let index = 0; index < columns.length; index++) {
		const name = columns[index];
		if (!isSegmentCsvColumn(name)) {
			return (
				`the CSV header names an unknown column ${JSON.stringify(name)} (column ${index + 1}); ` +
				`known columns are ${SEGMENT_CSV_COLUMNS.join(', ')}`
			);
		}
		if (seen.has(name)) return `the CSV header names the column ${name} twice`;
		seen.add(name);
	}
	const missing: string[] = [];
	if (!seen.has('operation')) missing.push('operation');
	if (!seen.has('expiration_duration')) missing.push('expiration_duration');
	if (!IDENTIFIER_COLUMNS.some((name) => seen.has(name))) missing.push(`one of ${IDENTIFIER_COLUMNS.join(', ')}`);
	if (!SEGMENT_FIELDS.some((name) => seen.has(name))) missing.push(`one of ${SEGMENT_FIELDS.join(', ')}`);
	return missing.length === 0 ? undefined : `the CSV header lacks required columns: ${missing.join('; ')}`;
}

const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The command field a cell stands for, or a reason. Number cells that do not
 * look like numbers stay strings, so the line rules explain what is expected.
 */
export function segmentCsvCellValue(column: string, cell: string): { value: unknown } | { problem: string } {
	if (SEGMENT_CSV_LIST_COLUMNS.includes(column)) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(cell);
		} catch {
			parsed = undefined;
		}
		if (!Array.isArray(parsed)) {
			return {
				problem: `${column} must hold a JSON array such as ["a","b"], got ${describeValue(cell)}`,
			};
		}
		return { value: parsed };
	}
	if (SEGMENT_CSV_NUMBER_COLUMNS.includes(column) && PLAIN_NUMBER.test(cell)) return { value: Number(cell) };
	return { value: cell };
}
