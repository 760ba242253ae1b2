/**
 * From raw bytes to a verdict: is this line (NDJSON) or record (CSV) one the
 * platform will accept? Each function returns a human reason, or undefined.
 * Bytes are addressed as buffer[from, to) so a caller can check a line in
 * place inside a stream chunk without slicing it first.
 */
import { parseCsvFields } from '../encoding/csvParse';
import { duplicateKeyOf, mayRepeatAKey } from './duplicateKeys';
import { isKnownValidLine, rememberValidLineShape } from './fastLine';
import { isKnownValidSegmentLine, rememberValidSegmentShape } from './fastSegmentLine';
import { validateLine } from './lineRules';
import { segmentCsvCellValue, segmentCsvColumnsProblem } from './segmentCsvColumns';
import { decodeUtf8, describeInvalidUtf8 } from '../encoding/utf8';

/** Decoded text, or the reason it cannot be decoded. */
function decodeLine(bytes: Buffer, from: number, to: number, what: string): { text: string } | { problem: string } {
	let text: string | undefined;
	try {
		text = decodeUtf8(bytes, from, to);
	} catch (error) {
		// Only a line of hundreds of MB gets here (V8's string length limit).
		return { problem: `the ${what} cannot be read as text: ${(error as Error).message}` };
	}
	return text === undefined ? { problem: describeInvalidUtf8(bytes.subarray(from, to), what) } : { text };
}

export function checkNdjsonLine(
	documentType: string,
	bytes: Buffer,
	from = 0,
	to = bytes.length,
): string | undefined {
	// Most lines of a large file have the shape of a line found valid before: the full check judges the others.
	if (documentType !== 'USER_SEGMENT') {
		if (isKnownValidLine(documentType, bytes, from, to)) return undefined;
		const problem = fullNdjsonCheck(documentType, bytes, from, to);
		if (problem === undefined) rememberValidLineShape();
		return problem;
	}
	if (isKnownValidSegmentLine(bytes, from, to)) return undefined;
	const problem = fullNdjsonCheck(documentType, bytes, from, to);
	if (problem === undefined) rememberValidSegmentShape();
	return problem;
}

/** UTF-8 decode, JSON.parse, repeated keys and the line rules: the verdict the fast path must agree with. */
export function fullNdjsonCheck(documentType: string, bytes: Buffer, from: number, to: number): string | undefined {
	const decoded = decodeLine(bytes, from, to, 'line');
	if ('problem' in decoded) return decoded.problem;
	let value: unknown;
	try {
		value = JSON.parse(decoded.text);
	} catch (error) {
		return `malformed JSON: ${(error as Error).message}${lineEndsHint(decoded.text)}`;
	}
	const duplicate = mayRepeatAKey(decoded.text, value) ? duplicateKeyOf(decoded.text) : undefined;
	if (duplicate !== undefined) {
		return `the key "${duplicate.key}" appears twice${duplicate.path ? ` in ${duplicate.path}` : ''}: the line is ambiguous (which one counts depends on the reader); keep only one`;
	}
	return validateLine(documentType, value);
}

/** A line that holds carriage returns (CR) but no line feed is most likely a file whose lines end with CR alone. */
function lineEndsHint(text: string): string {
	return text.includes('\r')
		? '. The line holds carriage returns (CR): NDJSON lines end with LF (or CRLF), not CR alone (old Mac line ends); convert the file\'s line ends to LF'
		: '';
}

export interface CsvHeader {
	/** Column names, in file order. */
	readonly columns: readonly string[];
	/** The header line as it is repeated at the start of every part, without its LF. */
	readonly bytes: Buffer;
}

/**
 * Read a CSV header line. With `checkColumns`, the columns must be known
 * segment columns and include the required ones.
 */
export function parseCsvHeader(
	bytes: Buffer,
	checkColumns: boolean,
	from = 0,
	to = bytes.length,
): { header: CsvHeader } | { problem: string } {
	const decoded = decodeLine(bytes, from, to, 'header');
	if ('problem' in decoded) return { problem: `the CSV header has ${decoded.problem}` };
	const parsed = parseCsvFields(decoded.text);
	if ('problem' in parsed) return { problem: `the CSV header is malformed: ${parsed.problem}` };
	if (checkColumns) {
		const problem = segmentCsvColumnsProblem(parsed.fields);
		if (problem !== undefined) return { problem };
	}
	return { header: { columns: parsed.fields, bytes: Buffer.from(bytes.subarray(from, to)) } };
}

/** The USER_SEGMENT command a CSV record stands for, or a reason. */
export function csvRecordToSegmentCommand(
	columns: readonly string[],
	bytes: Buffer,
	from = 0,
	to = bytes.length,
): { command: Record<string, unknown> } | { problem: string } {
	const decoded = decodeLine(bytes, from, to, 'record');
	if ('problem' in decoded) return decoded;
	const parsed = parseCsvFields(decoded.text);
	if ('problem' in parsed) return parsed;
	const { fields } = parsed;
	if (fields.length !== columns.length) {
		return {
			problem: `expected ${columns.length} fields as in the header (${columns.join(',')}), found ${fields.length}`,
		};
	}
	// Keys come from the header, which may hold any text: a prototype-less
	// object keeps a column named "__proto__" an ordinary key.
	const command = Object.create(null) as Record<string, unknown>;
	for (let index = 0; index < columns.length; index++) {
		if (fields[index] === '') continue; // an empty cell means absent
		const cell = segmentCsvCellValue(columns[index], fields[index]);
		if ('problem' in cell) return cell;
		command[columns[index]] = cell.value;
	}
	return { command };
}

export function checkCsvRecord(
	header: CsvHeader,
	bytes: Buffer,
	from = 0,
	to = bytes.length,
): string | undefined {
	const result = csvRecordToSegmentCommand(header.columns, bytes, from, to);
	return 'problem' in result ? result.problem : validateLine('USER_SEGMENT', result.command);
}
