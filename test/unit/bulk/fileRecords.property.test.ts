/**
 * The records of a CRM CSV export, read by bulk/split/records/fileRecords.ts, are
 * those csv-parse reads (a well-kept RFC 4180 parser, dev dependency only),
 * for random cells (commas, quotes, CR, LF, non-ASCII), CRLF or LF line
 * endings, a BOM or not, and random chunkings; each record's line is where it
 * starts in the file.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';

import { FileRecordReader, type FileRecord } from '../../../nodes/Mediarithmics/bulk';

const cellText = fc.array(fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\n', '\r\n', 'é', '😀', ';', "'"), { maxLength: 12 }).map((pieces) => pieces.join(''));

function encodeCell(text: string): string {
	return /[",\r\n]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

async function readAll(bytes: Buffer, chunk: number, readOnlyFirst = false): Promise<FileRecord[]> {
	const reader = new FileRecordReader('csv', 1_000_000);
	// Reading only some cells out of each record must not change the fields asked for.
	if (readOnlyFirst) reader.readOnly([0]);
	const chunks = (async function* () {
		for (let offset = 0; offset < bytes.length; offset += chunk) yield bytes.subarray(offset, offset + chunk);
	})();
	const records: FileRecord[] = [];
	for await (const record of reader.records(chunks)) records.push(record);
	return records;
}

test('CSV records are those csv-parse reads, with the line each starts on', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.integer({ min: 1, max: 4 }),
			fc.array(fc.array(cellText, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
			fc.boolean(),
			fc.boolean(),
			fc.integer({ min: 1, max: 64 }),
			fc.boolean(),
			async (columnCount, cells, crlf, bom, chunk, readOnlyFirst) => {
				const columns = ['email', 'first_name', 'tier', 'unsubscribed'].slice(0, columnCount);
				const rows = cells.map((row) => row.slice(0, columnCount));
				// A one-column row that is empty would be a blank line (skipped by both): give it text.
				for (const row of rows) if (columnCount === 1 && row[0].trim() === '') row[0] = 'x';
				const eol = crlf ? '\r\n' : '\n';
				const encodedRows = rows.map((row) => row.map(encodeCell).join(','));
				const text = `${bom ? '\uFEFF' : ''}${columns.join(',')}${eol}${encodedRows.join(eol)}${eol}`;
				const bytes = Buffer.from(text, 'utf8');

				const records = await readAll(bytes, chunk, readOnlyFirst);
				const expected = parseCsv(bytes, { columns: true, bom: true, relax_column_count: false }) as Array<Record<string, string>>;
				expect(records.map((record) => record.problem)).toEqual(records.map(() => undefined));
				expect(records.map((record) => record.fields)).toEqual(expected);
				// Lines: the header is line 1; each row starts after the LFs of the rows before it.
				let line = 2;
				const starts = encodedRows.map((encoded) => {
					const start = line;
					line += encoded.split('\n').length;
					return start;
				});
				expect(records.map((record) => record.line)).toEqual(starts);
			},
		),
		{ numRuns: 300 },
	);
});

test('NDJSON records are the objects of the lines, blank lines left out', async () => {
	const reader = new FileRecordReader('ndjson', 1_000);
	const input = Buffer.from('\uFEFF{"a":1}\r\n\n  \n{"b":{"c":"é"}}\n[1]\n{"d":');
	const records: FileRecord[] = [];
	for await (const record of reader.records((async function* () {
		yield input;
	})())) records.push(record);
	expect(records).toEqual([
		{ line: 1, fields: { a: 1 } },
		{ line: 4, fields: { b: { c: 'é' } } },
		{ line: 5, problem: 'not a JSON object (it is an array)' },
		{ line: 6, problem: expect.stringMatching(/^not valid JSON/) },
	]);
});

test('a CSV header that cannot name the columns is an error naming line 1', async () => {
	await expect(readAll(Buffer.from('email,,tier\na,b,c\n'), 8)).rejects.toThrow(/^The CSV header \(line 1\) has an empty name for column 2/);
	await expect(readAll(Buffer.from('email,email\na,b\n'), 8)).rejects.toThrow(/names the column "email" twice/);
	await expect(readAll(Buffer.from(' \n\n'), 8)).rejects.toThrow(/no header line/);
});
