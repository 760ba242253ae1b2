/**
 * Input File URL, compressed files (uploadFromUrl.test.ts for the rest): compressed on the fly
 * (Content-Encoding gzip) or stored compressed, a part read again after a failure or a drop.
 */
import { ndjson, noisy, SMALL_PARTS, useUrlUpload } from './urlUploadFixture';

const { sim, files, createImport, upload, receivedText, fileGets } = useUrlUpload();

describe('Upload from a URL, compressed files', () => {
	test('a file compressed on the fly is read again from a part with a Range of the file as stored, uncompressed', async () => {
		const importId = await createImport();
		files().serve('/gz-retry.ndjson', { body: Buffer.from(noisy(100)), gzip: true });
		// The platform fails part 3 once: it is read again from its start.
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 2, status: 503 });
		await upload(importId, { fileUrl: `${files().url}/gz-retry.ndjson`, uploadOptions: SMALL_PARTS });
		expect(receivedText().join('')).toBe(noisy(100));
		const part3Start = Buffer.byteLength(receivedText().slice(0, 2).join(''));
		const retry = fileGets('/gz-retry.ndjson')[2];
		expect(retry).toMatchObject({ status: 206, range: `bytes=${part3Start}-` });
		expect(retry.contentEncoding).toBeUndefined();
		expect(retry.headers['accept-encoding']).toBe('identity');
	});

	test('a file stored compressed is read whole again after a drop: with validation no range is asked for (more bytes read than sent)', async () => {
		const importId = await createImport();
		files().serve('/stored.ndjson', { body: Buffer.from(noisy(100)), storedGzip: true, dropAfterBytes: 3000, dropOnRequests: [2] });
		await upload(importId, { fileUrl: `${files().url}/stored.ndjson`, uploadOptions: SMALL_PARTS });
		expect(receivedText().join('')).toBe(noisy(100));
		expect(fileGets('/stored.ndjson').length).toBeGreaterThan(2);
		expect(fileGets('/stored.ndjson').every((request) => request.range === undefined)).toBe(true);
	});

	test('a file stored compressed: a range past the end of its compressed bytes (416) is given up for a whole read', async () => {
		const importId = await createImport();
		files().serve('/stored.ndjson', { body: Buffer.from(ndjson(100)), storedGzip: true });
		// Part 5 of these lines starts past the end of the compressed bytes: the server answers 416.
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 4, status: 503 });
		await upload(importId, { fileUrl: `${files().url}/stored.ndjson`, uploadOptions: { ...SMALL_PARTS, validate: false } });
		expect(receivedText().join('')).toBe(ndjson(100));
		const retries = fileGets('/stored.ndjson').slice(2);
		expect(retries[0]).toMatchObject({ status: 416, range: expect.stringMatching(/^bytes=[1-9]/) });
		expect(retries.length).toBeGreaterThan(1);
		expect(retries.slice(1).every((request) => request.range === undefined)).toBe(true);
	});

	test('a file stored compressed: a range inside its compressed bytes, which cannot be decoded alone, is given up for a whole read', async () => {
		const importId = await createImport();
		files().serve('/stored-big.ndjson', { body: Buffer.from(noisy(1000)), storedGzip: true });
		// The platform fails part 3 once: it is read again from its start, which lies inside the compressed bytes (a 206, not a 416).
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 2, status: 503 });
		await upload(importId, { fileUrl: `${files().url}/stored-big.ndjson`, uploadOptions: { maxPartMegabytes: 0.01, validate: false } });
		expect(receivedText().join('')).toBe(noisy(1000));
		const retries = fileGets('/stored-big.ndjson').slice(2);
		expect(retries[0]).toMatchObject({ status: 206, range: expect.stringMatching(/^bytes=[1-9]/) });
		expect(retries.length).toBeGreaterThan(1);
		expect(retries.slice(1).every((request) => request.range === undefined)).toBe(true);
	});
});
