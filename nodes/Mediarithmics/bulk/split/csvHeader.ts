/**
 * The header of a CSV segment file, shared by every split (two passes, one
 * pass, items): the columns given when the file has no header line, and the
 * error for a header line that cannot be used. One place, so the file and
 * item paths refuse the same columns with the same words.
 */
import { encodeCsvRow } from '../encoding/csv';
import { BulkInputError } from '../errors';
import type { CsvHeader } from '../rules/checkLine';
import { segmentCsvColumnsProblem } from '../rules/segmentCsvColumns';

/** The header given as columns (a file without a header line, or items); with validate, the columns must describe segment commands. */
export function headerFromColumns(columns: readonly string[], validate: boolean): CsvHeader {
	if (validate) {
		const problem = segmentCsvColumnsProblem(columns);
		if (problem !== undefined) throw new BulkInputError(`CSV columns: ${problem}`, 'Correct the CSV columns.');
	}
	return { columns: [...columns], bytes: Buffer.from(encodeCsvRow(columns), 'utf8') };
}

/** A CSV header line that cannot be used. */
export function csvHeaderError(line: number, problem: string): BulkInputError {
	return new BulkInputError(
		`Line ${line}: ${problem}`,
		'A CSV segment file starts with a header line naming its columns, for example ' +
			'"operation,user_account_id,segment_id,expiration_duration". Fix the header, or turn off ' +
			'CSV Has Header and give the columns.',
	);
}
