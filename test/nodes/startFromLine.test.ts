// Upload's Start From Input Line option, over real HTTP against the simulator, for every source:
// the lines (items, records) before it are neither checked nor sent, the parts keep the input's line
// numbers and Max Part Size, Dry Run plans the same parts, and a failed upload's resume line finishes it.
import { crmSegmentMapping, fileItem } from './nodeInputs';
import { useFileServer, useSimulator } from './simulatorFixture';

const { sim, createImport, upload, receivedText } = useSimulator();
const files = useFileServer();

const segment = (index: number) => ({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 });
const line = (index: number) => JSON.stringify(segment(index));
/** 60 lines (line k holds user-k); line 7 is invalid: before line 20 it must not even be checked. */
const lines = Array.from({ length: 60 }, (_value, index) => (index + 1 === 7 ? '{"operation":"ADD"}' : line(index + 1)));
/** With a BOM, CRLF in its first half and a blank line (line 31), as exports come. */
const file = `\uFEFF${lines.slice(0, 30).join('\r\n')}\r\n\r\n${lines.slice(30).join('\n')}\n`;
/** File line -> content line: line 31 is blank, so file line n > 31 holds lines[n - 2]. */
const tailFrom = (fileLine: number) => `${lines.slice(fileLine <= 31 ? fileLine - 1 : fileLine - 2).join('\n')}\n`;
const MAX_PART_MB = 0.0012;

const writes = () => sim().requests.filter((request) => request.method !== 'GET');
const partFields = (part: Record<string, unknown>) => ({ part: part.part, lines: part.lines, bytes: part.bytes, firstLine: part.firstLine, lastLine: part.lastLine });
const failureOf = (promise: Promise<unknown>) =>
	promise.then(
		() => ({ message: 'no error', description: '' }),
		(caught: unknown) => caught as { message: string; description: string },
	);

/** The dry run's plan and the upload of the same input with the same options: the parts the plan shows are those sent. */
async function planThenUpload(parameters: Record<string, unknown>, items: object[], mimeType = 'APPLICATION_X_NDJSON') {
	const importId = await createImport({ mime_type: mimeType });
	const options = parameters.uploadOptions as Record<string, unknown>;
	const [plan] = await upload(importId, { ...parameters, uploadOptions: { ...options, dryRun: true } }, items);
	expect(sim().state.executions).toHaveLength(0);
	const sent = await upload(importId, parameters, items);
	expect((plan.json.parts as Array<Record<string, unknown>>).map(partFields)).toEqual(sent.map((item) => partFields(item.json)));
	for (const item of sent) expect(Number(item.json.bytes)).toBeLessThanOrEqual(Number(options.maxPartMegabytes) * 1_000_000);
	return { plan: plan.json, sent: sent.map((item) => item.json) };
}

describe.each([
	['checked (two passes)', true],
	['unchecked (one pass)', false],
])('Start From Input Line, a binary NDJSON file, %s', (_name, validate) => {
	test('the lines before it are not checked nor sent; the parts keep the file\'s line numbers and are cut as the rest of the file alone would be', async () => {
		const { plan, sent } = await planThenUpload({ inputMode: 'binary', uploadOptions: { maxPartMegabytes: MAX_PART_MB, validate, startFromLine: 20 } }, [fileItem(file)]);
		expect(receivedText().join('')).toBe(tailFrom(20));
		expect(sent[0]).toMatchObject({ part: 1, firstLine: 20 });
		expect(sent[sent.length - 1].lastLine).toBe(61);
		expect(plan).toMatchObject({ would_upload: true, lines: 41, invalid_line_count: 0 });
		// The same cuts as an upload of the rest of the file on its own (greedy parts of at most Max Part Size).
		const alone = await upload(await createImport(), { inputMode: 'binary', uploadOptions: { maxPartMegabytes: MAX_PART_MB, validate } }, [fileItem(tailFrom(20))]);
		expect(sent.map((part) => [part.lines, part.bytes])).toEqual(alone.map((item) => [item.json.lines, item.json.bytes]));
	});

	test('a line past the end is an error that says so, and nothing is created, not even a new import', async () => {
		const importsBefore = sim().state.documentImports.length;
		const error = await failureOf(upload('unused', { target: 'new', newImportName: 'never', inputMode: 'binary', uploadOptions: { validate, startFromLine: 62 } }, [fileItem(file)]));
		expect(error.message).toBe('Start From Input Line is 62, but there is no line to upload from line 62 on: the input ends at line 61');
		expect(error.description).toMatch(/its last part is already in the import: list its executions \(Execution > Get Many\)/);
		expect(writes()).toHaveLength(0);
		expect(sim().state.documentImports).toHaveLength(importsBefore);
	});
});

describe('Start From Input Line, other sources', () => {
	test('a CSV file with a header: the header starts every part, the rows before the line (a quoted line break among them) are skipped', async () => {
		const header = 'operation,user_account_id,segment_id,expiration_duration';
		const rows = Array.from({ length: 40 }, (_value, index) => `UPDATE,user-${index + 1},42,0`);
		// Line 3 opens a quote closed on line 4 (one record on two lines, and not a valid one): it is before line 10.
		const csv = `${header}\n${rows[0]}\n"UPDATE,broken\nrecord",42,0\n${rows.slice(1).join('\n')}\n`;
		const { sent } = await planThenUpload(
			{ inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0003, startFromLine: 10 } },
			[fileItem(csv, 'export.csv', 'text/csv')],
			'TEXT_CSV',
		);
		expect(sent.length).toBeGreaterThan(1);
		expect(sent[0]).toMatchObject({ firstLine: 10 });
		const received = receivedText();
		for (const text of received) expect(text.startsWith(`${header}\n`)).toBe(true);
		// File line 10 is rows[6] (line 1 the header, 2 rows[0], 3-4 the broken record, 5 rows[1], …).
		expect(received.map((text) => text.slice(header.length + 1)).join('')).toBe(`${rows.slice(6).join('\n')}\n`);
	});

	test('items as lines: the item number (index + 1); the items before it are not checked', async () => {
		const items = Array.from({ length: 30 }, (_value, index) => (index === 1 ? { operation: 'ADD' } : segment(index + 1)));
		const { sent } = await planThenUpload({ inputMode: 'items', uploadOptions: { maxPartMegabytes: 0.0006, startFromLine: 5 } }, items);
		expect(sent[0]).toMatchObject({ firstLine: 5 });
		expect(sent[sent.length - 1]).toMatchObject({ lastLine: 30 });
		expect(receivedText().join('')).toBe(items.slice(4).map((item) => `${JSON.stringify(item)}\n`).join(''));
		const error = await failureOf(upload(await createImport(), { inputMode: 'items', uploadOptions: { startFromLine: 31 } }, items));
		expect(error.message).toBe('Start From Input Line is 31, but there is no item to upload from item 31 on: the input ends at item 30');
	});

	test('lines built from fields: the items before it are not mapped', async () => {
		// Items 1 to 3 have no id: mapped, they would be invalid lines.
		const items = Array.from({ length: 12 }, (_value, index) => (index < 3 ? { name: 'no id' } : { id: `user-${index + 1}` }));
		const parameters = { inputMode: 'fields', lineDocumentType: 'USER_SEGMENT', identifierType: 'user_account_id', identifier: '={{ $json.id }}', segmentBy: 'segment_id', segment: '42' };
		const { sent } = await planThenUpload({ ...parameters, uploadOptions: { maxPartMegabytes: 0.0003, startFromLine: 4 } }, items);
		expect(sent[0]).toMatchObject({ firstLine: 4 });
		const users = receivedText().join('').trim().split('\n').map((text) => JSON.parse(text).user_account_id);
		expect(users).toEqual(items.slice(3).map((item) => (item as { id: string }).id));
	});

	test('records from a CSV file: the file\'s line, the header read though before it, the records before it not mapped nor checked', async () => {
		const csv = `email,tier\r\n"Bad, ""quoted""\r\nrow",gold,extra\r\n${Array.from({ length: 20 }, (_value, index) => `User${index}@Example.com,gold`).join('\r\n')}\r\n`;
		// Line 1 header, lines 2-3 the bad record (3 cells), lines 4-23 User0..User19: line 9 is User5.
		const { sent } = await planThenUpload({ ...crmSegmentMapping, uploadOptions: { maxPartMegabytes: 0.0004, startFromLine: 9 } }, [fileItem(csv, 'crm.csv', 'text/csv')]);
		expect(sent.length).toBeGreaterThan(1);
		expect(sent[0]).toMatchObject({ firstLine: 9 });
		expect(sent[sent.length - 1]).toMatchObject({ lastLine: 23 });
		const received = receivedText().join('').trim().split('\n');
		expect(received).toHaveLength(15);
		const error = await failureOf(upload(await createImport(), { ...crmSegmentMapping, uploadOptions: { startFromLine: 24 } }, [fileItem(csv, 'crm.csv', 'text/csv')]));
		expect(error.message).toBe('Start From Input Line is 24, but there is no line to upload from line 24 on: the input ends at line 23');
	});

	test.each([
		['checked', true],
		['unchecked', false],
	])('a File URL (%s): the lines before it are skipped in every read', async (_name, validate) => {
		files().serve('/export.ndjson', { body: Buffer.from(file) });
		const { sent } = await planThenUpload({ inputMode: 'url', fileUrl: `${files().url}/export.ndjson`, uploadOptions: { maxPartMegabytes: MAX_PART_MB, validate, startFromLine: 33 } }, [{}]);
		expect(sent[0]).toMatchObject({ firstLine: 33 });
		expect(receivedText().join('')).toBe(tailFrom(33));
	});

	test('records from a File URL (NDJSON): the file\'s line', async () => {
		const ndjson = Array.from({ length: 20 }, (_value, index) => JSON.stringify({ id: index < 5 ? null : `user-${index + 1}` })).join('\n');
		files().serve('/records.ndjson', { body: Buffer.from(`${ndjson}\n`) });
		const parameters = {
			inputMode: 'fields',
			recordsFrom: 'url',
			recordsFormat: 'ndjson',
			fileUrl: `${files().url}/records.ndjson`,
			lineDocumentType: 'USER_SEGMENT',
			identifierType: 'user_account_id',
			identifier: '={{ $json.id }}',
			segmentBy: 'segment_id',
			segment: '42',
		};
		const { sent } = await planThenUpload({ ...parameters, uploadOptions: { maxPartMegabytes: 0.0003, startFromLine: 6 } }, [{}]);
		expect(sent[0]).toMatchObject({ firstLine: 6 });
		const users = receivedText().join('').trim().split('\n').map((text) => JSON.parse(text).user_account_id);
		expect(users).toEqual(Array.from({ length: 15 }, (_value, index) => `user-${index + 6}`));
	});

	test('a value that is no line number is refused before anything is read or sent', async () => {
		const importId = await createImport();
		const writesBefore = writes().length;
		const error = await failureOf(upload(importId, { inputMode: 'binary', uploadOptions: { startFromLine: 0 } }, [fileItem(file)]));
		expect(error.message).toBe('Start From Input Line must be a whole number of at least 1, got 0');
		expect(writes()).toHaveLength(writesBefore);
	});
});

describe('Start From Input Line inside a multi-line CSV record', () => {
	const header = 'operation,user_account_id,segment_id,expiration_duration';
	const row = (index: number) => `UPDATE,user-${index},42,0`;
	/** Line 1 the header, lines 2 to 10 rows, lines 11 to 13 one record (a quoted field with two line breaks), lines 14 to 20 rows. */
	const csv = `${[header, ...Array.from({ length: 9 }, (_value, index) => row(index + 2)), 'UPDATE,"user-11\nwith\nline breaks",42,0', ...Array.from({ length: 7 }, (_value, index) => row(index + 14))].join('\n')}\n`;
	const csvItem = () => fileItem(csv, 'export.csv', 'text/csv');
	const inside = (line: number) =>
		`Start From Input Line is ${line}, but line ${line} is inside the CSV record that starts at line 11 (lines 11 to 13): ` +
		'set Start From Input Line to 11 to send that record again, or to 14 to start after it';

	test.each([
		['checked', { validate: true }],
		['unchecked (one pass)', { validate: false }],
		['a Dry Run', { dryRun: true }],
	])('%s: an error that names the line, the record\'s first line and the next record\'s; nothing is created, not even a new import', async (_name, uploadOptions) => {
		const importsBefore = sim().state.documentImports.length;
		for (const line of [12, 13]) {
			const error = await failureOf(upload('unused', { target: 'new', newImportName: 'never', newImportMimeType: 'TEXT_CSV', inputMode: 'binary', uploadOptions: { ...uploadOptions, startFromLine: line } }, [csvItem()]));
			expect(error.message).toBe(inside(line));
			expect(error.description).toMatch(/would leave that whole record out/);
		}
		expect(writes()).toHaveLength(0);
		expect(sim().state.documentImports).toHaveLength(importsBefore);
	});

	test('the record\'s first line sends it again; the next record\'s line starts after it', async () => {
		const importId = await createImport({ mime_type: 'TEXT_CSV' });
		await upload(importId, { inputMode: 'binary', uploadOptions: { validate: false, startFromLine: 11 } }, [csvItem()]);
		await upload(importId, { inputMode: 'binary', uploadOptions: { startFromLine: 14 } }, [csvItem()]);
		const rows = receivedText().map((text) => text.slice(header.length + 1));
		expect(rows).toEqual([`${csv.split('\n').slice(10).join('\n')}`, `${csv.split('\n').slice(13).join('\n')}`]);
	});

	test('records from a CSV file (Build Lines From Fields): the same error, nothing sent', async () => {
		const crm = `email,tier\nuser1@example.com,gold\n"user2@example.com","gold\nand\nsilver"\nuser3@example.com,gold\n`;
		const importId = await createImport();
		const writesBefore = writes().length;
		const error = await failureOf(upload(importId, { ...crmSegmentMapping, uploadOptions: { startFromLine: 4 } }, [fileItem(crm, 'crm.csv', 'text/csv')]));
		expect(error.message).toBe(
			'Start From Input Line is 4, but line 4 is inside the CSV record that starts at line 3 (lines 3 to 5): set Start From Input Line to 3 to send that record again, or to 6 to start after it',
		);
		expect(writes()).toHaveLength(writesBefore);
	});
});

describe('Resuming a failed upload with Start From Input Line', () => {
	test('the error names the option and the line; the upload run again with it completes the file, every line once', async () => {
		const importId = await createImport();
		const valid = `${Array.from({ length: 60 }, (_value, index) => line(index + 1)).join('\n')}\n`;
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 2, status: 400 });
		const output = await upload(importId, { inputMode: 'binary', uploadOptions: { maxPartMegabytes: MAX_PART_MB } }, [fileItem(valid)], true);
		expect(output.filter((item) => item.json.part !== undefined)).toHaveLength(2);
		const failure = output.find((item) => item.json.resume_from_line !== undefined)!;
		const resumeLine = Number(failure.json.resume_from_line);
		expect(failure.json.description).toContain(`set Start From Input Line to ${resumeLine} and run the upload again into document import ${importId}`);
		await upload(importId, { inputMode: 'binary', uploadOptions: { maxPartMegabytes: MAX_PART_MB, startFromLine: resumeLine } }, [fileItem(valid)]);
		expect(receivedText().join('')).toBe(valid);
	});
});
