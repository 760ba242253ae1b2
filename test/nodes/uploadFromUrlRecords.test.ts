/**
 * Build Lines From Fields with Records From = File URL (uploadFromUrl.test.ts for whole files): the
 * records of a file at a link mapped and uploaded, the file read twice, and a file that changed refused.
 */
import { SMALL_PARTS, useUrlUpload } from './urlUploadFixture';

const { sim, files, createImport, upload, receivedText, fileGets } = useUrlUpload();

describe('Build Lines From Fields with Records From = File URL', () => {
	const mapping = {
		inputMode: 'fields',
		recordsFrom: 'url',
		lineDocumentType: 'USER_SEGMENT',
		identifierType: 'user_account_id',
		identifier: '={{ $json.id }}',
		segmentBy: 'segment_technical_name',
		segment: '=newsletter_{{ $json.tier }}',
		expirationDuration: 0,
	};
	const csv = (rows: number) => `id,tier\n${Array.from({ length: rows }, (_value, index) => `crm-${index},${index % 2 ? 'gold' : 'silver'}`).join('\n')}\n`;
	const expected = (rows: number) =>
		Array.from({ length: rows }, (_value, index) => ({ operation: 'UPDATE', user_account_id: `crm-${index}`, segment_technical_name: `newsletter_${index % 2 ? 'gold' : 'silver'}`, expiration_duration: 0 }));
	const receivedLines = () => receivedText().join('').trim().split('\n').map((text) => JSON.parse(text) as object);

	test('the records of a CSV at a URL are mapped and uploaded, the file read twice', async () => {
		const importId = await createImport();
		files().serve('/crm.csv', { body: Buffer.from(csv(40)), gzip: true });
		await upload(importId, { ...mapping, inputMode: 'fields', fileUrl: `${files().url}/crm.csv`, uploadOptions: SMALL_PARTS });
		expect(receivedLines()).toEqual(expected(40));
		expect(sim().state.executions.length).toBeGreaterThan(1);
		expect(fileGets('/crm.csv')).toHaveLength(2);
	});

	test('with validation, a same-length change in part 1 of a file of records (no ETag) uploads nothing: part 1 is refused before its end', async () => {
		const importId = await createImport();
		// 120000 rows (about 2 MB: more than the download reads ahead, so the whole-file check comes late), in parts of 2 MB.
		const rows = csv(120000);
		files().serve('/crm-same-length.csv', { body: [Buffer.from(rows), Buffer.from(rows.replace('\ncrm-3,gold\n', '\ncrm-3,golx\n'))], etag: false });
		const error = await upload(importId, { ...mapping, fileUrl: `${files().url}/crm-same-length.csv`, uploadOptions: { maxPartMegabytes: 2 } }).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(/^Part 1 of \d+ .*was not uploaded: .*\(part 1\): the file up to them is not the one first read .*received none of it/);
		expect(sim().state.executions).toHaveLength(0);
	});

	test('a same-length change in a column the mapping does not read, in part 1, also uploads nothing: the file up to the part is compared', async () => {
		const importId = await createImport();
		const rows = `id,tier,note\n${Array.from({ length: 120000 }, (_value, index) => `crm-${index},${index % 2 ? 'gold' : 'silver'},n${index % 10}`).join('\n')}\n`;
		files().serve('/crm-note.csv', { body: [Buffer.from(rows), Buffer.from(rows.replace('\ncrm-3,gold,n3\n', '\ncrm-3,gold,x3\n'))], etag: false });
		const error = await upload(importId, { ...mapping, fileUrl: `${files().url}/crm-note.csv`, uploadOptions: { maxPartMegabytes: 2 } }).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(/^Part 1 of \d+ .*was not uploaded: .*\(part 1\): the file up to them is not the one first read .*received none of it/);
		expect(sim().state.executions).toHaveLength(0);
	});

	test('a file of records that changed between the two reads is refused', async () => {
		const importId = await createImport();
		files().serve('/crm-changes.csv', { body: [Buffer.from(csv(40)), Buffer.from(csv(40).replace('crm-39', 'crm-99'))], etag: false });
		await expect(upload(importId, { ...mapping, fileUrl: `${files().url}/crm-changes.csv`, uploadOptions: SMALL_PARTS })).rejects.toThrow(/other bytes than at the first read/);
	});
});
