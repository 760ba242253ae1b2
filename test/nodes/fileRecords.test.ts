// Build Lines From Fields with Records From = Binary File: a CRM export (CSV with a header line, or NDJSON)
// mapped record by record with the same parameters as items, never made n8n items, uploaded over real HTTP.
import { createHash } from 'crypto';
import { parse as parseCsv } from 'csv-parse/sync';

import { crmSegmentMapping, fileItem as binaryFileItem } from './nodeInputs';
import { useSimulator } from './simulatorFixture';

const { sim, createImport, upload: uploadInto, receivedText: received } = useSimulator();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A CRM export as Read/Write Files from Disk gives it. */
const fileItem = (content: string | Buffer, fileName = 'crm-export.csv') => binaryFileItem(content, fileName, 'text/csv');

const upload = (importId: string, extra: Record<string, unknown>, items: object[], continueOnFail = false) =>
	uploadInto(importId, { ...crmSegmentMapping, ...extra }, items, continueOnFail);

const writes = () => sim().requests.filter((request) => request.method !== 'GET');
const receivedLines = () => received().join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

/** A CRM export with what RFC 4180 allows: columns in the CRM's order, quoted commas, quotes and line breaks, a BOM, CRLF. */
function crmExport(rows: number): string {
	const lines = ['updated_at,tier,first_name,email,last_name,unsubscribed'];
	for (let index = 0; index < rows; index++) {
		const name = index % 3 === 0 ? '"Lovelace, Ada ""the first""\r\nof Byron"' : `Name${index}`;
		lines.push(`2026-11-0${(index % 9) + 1},${index % 2 ? 'gold' : 'silver'},${name},  User${index}@Example.com ,Last${index},${index % 4 === 0}`);
	}
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}

describe('Upload: records from a binary file', () => {
	test('a CRM CSV export becomes segment commands, each row as csv-parse reads it, mapped as an item with those fields would be', async () => {
		const importId = await createImport();
		const csv = crmExport(50);
		const output = await upload(importId, {}, [fileItem(csv)]);
		expect(output).toHaveLength(1);
		const rows = parseCsv(csv, { columns: true, bom: true }) as Array<Record<string, string>>;
		expect(rows).toHaveLength(50);
		expect(receivedLines()).toEqual(
			rows.map((row) => ({ operation: 'UPDATE', email_hash: sha256(row.email.trim().toLowerCase()), segment_technical_name: `newsletter_${row.tier}`, expiration_duration: 0 })),
		);
		// 1 header line, 50 rows of which 17 span two lines.
		expect(output[0].json).toMatchObject({ lines: 50, firstLine: 2, lastLine: 68 });
	});

	test('Remove When a Field Is True reads the CSV column: "true" removes, "false" adds; a missing column is refused first', async () => {
		const importId = await createImport();
		const csv = 'email,tier,unsubscribed\na@example.com,gold,false\nb@example.com,gold,true\nc@example.com,silver,TRUE\n';
		await upload(importId, { lineOperation: 'removeWhenTrue', removeWhenField: 'unsubscribed' }, [fileItem(csv)]);
		expect(receivedLines().map((line) => line.operation)).toEqual(['UPDATE', 'DELETE', 'DELETE']);
		const error = await upload(importId, { lineOperation: 'removeWhenTrue', removeWhenField: 'unsubscribe' }, [fileItem(csv)]).then(
			() => ({ message: 'no error' }),
			(caught: unknown) => caught as { message: string },
		);
		expect(error.message).toMatch(/reads the column "unsubscribe", which the CSV file's header \(line 1\) does not name/);
	});

	test('NDJSON records are mapped by field name, nested fields included', async () => {
		const importId = await createImport();
		const records = Array.from({ length: 20 }, (_v, index) => JSON.stringify({ contact: { email: `u${index}@example.com` }, tier: index % 2 ? 'gold' : 'silver' }));
		await upload(importId, { recordsFormat: 'ndjson', identifier: '={{ $json.contact.email }}' }, [fileItem(`${records.join('\n')}\n`, 'crm.ndjson')]);
		expect(receivedLines().map((line) => line.email_hash)).toEqual(records.map((_r, index) => sha256(`u${index}@example.com`)));
	});

	test('parts are cut by size and numbered with the file lines; a failed part names the file line to resume from', async () => {
		const importId = await createImport();
		const csv = crmExport(60);
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 2, status: 400 });
		const error = await upload(importId, { uploadOptions: { maxPartMegabytes: 0.002 } }, [fileItem(csv)]).then(
			() => ({ message: 'no error', description: '' }),
			(caught: unknown) => caught as { message: string; description: string },
		);
		const created = sim().state.executions;
		expect(created).toHaveLength(2);
		// The file line where part 3's first row starts: after the header and the rows already sent.
		const sentRows = receivedLines().length;
		const rowStarts: number[] = [];
		let line = 2;
		for (const row of (parseCsv(csv, { bom: true }) as string[][]).slice(1)) {
			rowStarts.push(line);
			line += row[2].includes('\n') ? 2 : 1;
		}
		expect(error.message).toMatch(/^Part 3 of \d+ of the file "crm-export.csv" of item 1 was not uploaded/);
		expect(error.description).toContain(`upload again from line ${rowStarts[sentRows]} of the input (part 3)`);
	});

	test('a dry run plans the parts a real upload then sends', async () => {
		const importId = await createImport();
		const csv = crmExport(60);
		const [plan] = await upload(importId, { uploadOptions: { maxPartMegabytes: 0.002, dryRun: true } }, [fileItem(csv)]);
		expect(writes()).toHaveLength(1);
		const sent = await upload(importId, { uploadOptions: { maxPartMegabytes: 0.002 } }, [fileItem(csv)]);
		const fields = (part: Record<string, unknown>) => ({ part: part.part, lines: part.lines, bytes: part.bytes, firstLine: part.firstLine, lastLine: part.lastLine });
		expect((plan.json.parts as Array<Record<string, unknown>>).map(fields)).toEqual(sent.map((item) => fields(item.json)));
		expect(sent.length).toBeGreaterThan(2);
	});

	test('with a CSV import, the commands are written as segment CSV rows', async () => {
		const importId = await createImport({ mime_type: 'TEXT_CSV' });
		await upload(importId, { identifierType: 'user_account_id', identifier: '={{ $json.email }}' }, [fileItem(crmExport(3))]);
		const rows = parseCsv(received()[0], { columns: true }) as Array<Record<string, string>>;
		expect(rows.map((row) => [row.operation, row.user_account_id, row.segment_technical_name])).toEqual([
			['UPDATE', 'User0@Example.com', 'newsletter_silver'],
			['UPDATE', 'User1@Example.com', 'newsletter_gold'],
			['UPDATE', 'User2@Example.com', 'newsletter_silver'],
		]);
	});
});

describe('Upload: records from a binary file, bad input', () => {
	const header = 'email,tier';
	const expectRefused = async (content: string | Buffer, pattern: RegExp, extra: Record<string, unknown> = {}) => {
		const importId = await createImport();
		const before = writes().length;
		const error = await upload(importId, extra, [fileItem(content)]).then(
			() => ({ message: 'no error', description: '' }),
			(caught: unknown) => caught as { message: string; description: string },
		);
		expect(error.message).toMatch(pattern);
		expect(writes()).toHaveLength(before);
		return error;
	};

	test('an unclosed quote names the line it opens on', async () => {
		await expectRefused(`${header}\na@example.com,gold\n"b@example.com,gold\nc@example.com,silver\n`, /^1 invalid line, nothing was uploaded: line 3: a quoted field opened on this line is never closed/);
	});

	test('a row with too many or too few cells names its line and both counts', async () => {
		const error = await expectRefused(`${header}\na@example.com,gold,extra\nb@example.com\nc@example.com,gold\n`, /^2 invalid lines, nothing was uploaded: line 2: the row has 3 cells, the header names 2 columns; line 3: the row has 1 cell, the header names 2 columns/);
		expect(error.description).toContain('Invalid Lines to Skip');
	});

	test('an unknown column named in the mapping is refused before any row, naming the column and the header', async () => {
		const error = await expectRefused(`${header}\na@example.com,gold\n`, /^Parameter "Segment" reads the column "tiers", which the CSV file's header \(line 1\) does not name/, { segment: '=newsletter_{{ $json.tiers }}' });
		expect(error.description).toContain('The header names: email, tier');
	});

	test('invalid UTF-8 names the line and the column', async () => {
		const latin1 = Buffer.concat([Buffer.from(`${header}\na@example.com,gold\n`), Buffer.from('b@example.com,caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
		await expectRefused(latin1, /line 3: column "tier": invalid UTF-8 at byte 18 of the record \(0xE9\)/);
	});

	test('an expression that computes is refused with what to write instead', async () => {
		const error = await expectRefused(`${header}\na@example.com,gold\n`, /^Parameter "Identifier" is an expression that cannot be applied to the records of a file/, { identifier: '={{ $json.email.toLowerCase() }}' });
		expect(error.description).toContain('Extract From File');
	});

	test('with Skip and Report, the valid rows are uploaded and every bad one is reported with its line', async () => {
		const importId = await createImport();
		const output = await upload(importId, { uploadOptions: { invalidLines: 'skip' } }, [fileItem(`${header}\na@example.com,gold\nb@example.com\n,gold\nd@example.com,silver\n`)]);
		expect(receivedLines().map((line) => line.segment_technical_name)).toEqual(['newsletter_gold', 'newsletter_silver']);
		const skipped = output.find((item) => item.json.skipped_lines)?.json;
		expect(skipped).toMatchObject({ skipped_line_count: 2 });
		expect(skipped?.skipped_lines).toEqual([
			{ line: 3, reason: 'the row has 1 cell, the header names 2 columns' },
			{ line: 4, reason: 'the record has an empty identifier' },
		]);
	});
});
