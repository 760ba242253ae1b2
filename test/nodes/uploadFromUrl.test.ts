/**
 * Input File URL over real HTTP: the node downloads from a file server on
 * loopback (test/fileServer) and uploads to the simulator. What each side
 * received is asserted, not what the node says it did. Compressed files:
 * uploadFromUrlCompressed.test.ts; Records From = File URL: uploadFromUrlRecords.test.ts.
 */
import { startFileServer } from '../fileServer';
import { ndjson, SMALL_PARTS, useUrlUpload } from './urlUploadFixture';

const { sim, files, createImport, upload, receivedText, fileGets } = useUrlUpload();

describe.each([
	['with validation (two reads)', true],
	['without validation (one read)', false],
])('Upload from a URL %s', (_name, validate) => {
	test('the file arrives whole, split into parts, every line once', async () => {
		const importId = await createImport();
		files().serve('/export.ndjson', { body: Buffer.from(ndjson(100)) });
		const output = await upload(importId, { fileUrl: `${files().url}/export.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } });
		expect(output.length).toBeGreaterThan(3);
		expect(receivedText().join('')).toBe(ndjson(100));
		expect(output.map((item) => item.json.parts)).toEqual(output.map(() => output.length));
		// Validation reads it twice (the check, the upload); without, once (after a look at its start).
		expect(fileGets('/export.ndjson')).toHaveLength(2);
	});

	test('without Content-Length (chunked), the file arrives whole: its size from a byte range proves it', async () => {
		const importId = await createImport();
		files().serve('/chunked.ndjson', { body: Buffer.from(ndjson(100)), contentLength: false, etag: false });
		await upload(importId, { fileUrl: `${files().url}/chunked.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } });
		expect(files().requestsTo('/chunked.ndjson').filter((request) => request.range === 'bytes=0-0')).toHaveLength(1);
		expect(receivedText().join('')).toBe(ndjson(100));
	});

	test('a gzip Content-Encoding is decoded on the fly', async () => {
		const importId = await createImport();
		files().serve('/gzipped.ndjson', { body: Buffer.from(ndjson(100)), gzip: true });
		await upload(importId, { fileUrl: `${files().url}/gzipped.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } });
		expect(fileGets('/gzipped.ndjson').map((request) => request.contentEncoding)).toEqual(['gzip', 'gzip']);
		expect(receivedText().join('')).toBe(ndjson(100));
	});

	test('a CSV file keeps its header at the start of every part', async () => {
		const importId = await createImport({ mime_type: 'TEXT_CSV' });
		const header = 'operation,user_account_id,segment_id,expiration_duration';
		const rows = Array.from({ length: 40 }, (_value, index) => `UPDATE,"user, ${index}",42,0`);
		files().serve('/segment.csv', { body: Buffer.from(`${header}\n${rows.join('\n')}\n`) });
		await upload(importId, { fileUrl: `${files().url}/segment.csv`, uploadOptions: { maxPartMegabytes: 0.0004, validate } });
		const received = receivedText();
		expect(received.length).toBeGreaterThan(1);
		expect(received.every((part) => part.startsWith(`${header}\n`))).toBe(true);
		expect(received.map((part) => part.slice(header.length + 1)).join('')).toBe(`${rows.join('\n')}\n`);
	});

	test('a connection dropped in the middle of part 3 is read again from the start of part 3, with a Range', async () => {
		const importId = await createImport();
		// The upload's read is request 2 (after the check, or the look at the start); it breaks inside part 3.
		files().serve('/drops.ndjson', { body: Buffer.from(ndjson(100)), dropAfterBytes: 2600, dropOnRequests: [2] });
		await upload(importId, { fileUrl: `${files().url}/drops.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } });
		expect(receivedText().join('')).toBe(ndjson(100));
		const gets = fileGets('/drops.ndjson');
		expect(gets[1].bytesSent).toBe(2600);
		const ranged = gets.slice(2).map((request) => request.range);
		expect(ranged[0]).toMatch(/^bytes=(\d+)-$/);
		const from = Number(/\d+/.exec(ranged[0] as string)![0]);
		expect(from).toBeGreaterThan(0);
		expect(from).toBeLessThanOrEqual(2600);
		// The range starts where part 3 starts: after the lines of parts 1 and 2.
		expect(Buffer.byteLength(receivedText().slice(0, 2).join(''))).toBe(from);
	});

	test('without Range support, a dropped read is read again from the start, the bytes before the part skipped', async () => {
		const importId = await createImport();
		files().serve('/noranges.ndjson', { body: Buffer.from(ndjson(100)), ranges: false, dropAfterBytes: 2600, dropOnRequests: [2] });
		await upload(importId, { fileUrl: `${files().url}/noranges.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } });
		expect(receivedText().join('')).toBe(ndjson(100));
		expect(fileGets('/noranges.ndjson').slice(2).every((request) => request.range === undefined)).toBe(true);
		expect(fileGets('/noranges.ndjson').length).toBeGreaterThan(2);
	});

	test('a file that changed between two reads stops the upload with what changed', async () => {
		const importId = await createImport();
		// Another version from request 3 on: the retry after a dropped read meets it.
		files().serve('/changes.ndjson', { body: [Buffer.from(ndjson(100)), Buffer.from(ndjson(100)), Buffer.from(ndjson(100, 500))], dropAfterBytes: 2600, dropOnRequests: [2] });
		const error = await upload(importId, { fileUrl: `${files().url}/changes.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } }).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(/^Part 3 of .*was not uploaded: The input changed .*answered ETag "\w+", "\w+" at the first read/);
		expect(sim().state.executions).toHaveLength(2);
		expect(ndjson(100).startsWith(receivedText().join(''))).toBe(true);
	});
});

describe('Upload from a URL', () => {
	test('with validation, a second read of other bytes (no ETag, same length and lines) is refused once its last byte is read: this small file, before anything is sent', async () => {
		const importId = await createImport();
		const other = ndjson(30).replace('user-29', 'user-99');
		files().serve('/same-length.ndjson', { body: [Buffer.from(ndjson(30)), Buffer.from(other)], etag: false });
		const error = await upload(importId, { fileUrl: `${files().url}/same-length.ndjson`, uploadOptions: SMALL_PARTS }).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(/^Part 1 of \d+ .*was not uploaded: The input changed .*other bytes than at the first read/);
		expect(sim().state.executions).toHaveLength(0);
	});

	// 40000 lines (about 3.3 MB: more than the download reads ahead, so the whole-file check comes late) in parts of
	// 0.5 MB: a same-length change (UPDATX for UPDATE) at the second read.
	const LINES = 40000;
	const PARTS_OF_HALF_MB = { maxPartMegabytes: 0.5 };
	const changedAt = (lineIndex: number) => {
		const lines = ndjson(LINES).split('\n');
		lines[lineIndex] = lines[lineIndex].replace('UPDATE', 'UPDATX');
		return lines.join('\n');
	};
	describe.each([
		['no ETag', false as const],
		['an ETag that does not follow the content', '"v1"'],
	])('with validation and %s, a same-length change at the second read', (_name, etag) => {
		test('inside part 1: no part is uploaded, the error names part 1 and says none of it was received', async () => {
			const importId = await createImport();
			files().serve('/changed-first.ndjson', { body: [Buffer.from(ndjson(LINES)), Buffer.from(changedAt(3))], etag });
			const error = await upload(importId, { fileUrl: `${files().url}/changed-first.ndjson`, uploadOptions: PARTS_OF_HALF_MB }).catch((caught: Error) => caught);
			expect((error as Error).message).toMatch(/^Part 1 of \d+ .*was not uploaded: The input changed .*lines 1 to \d+ \(part 1\) are other bytes .*received none of it/);
			expect(sim().state.executions).toHaveLength(0);
		});

		test('inside the last part: the parts before the failing one are up, not one line of the change is received, and the resume line is given', async () => {
			const importId = await createImport();
			files().serve('/changed-last.ndjson', { body: [Buffer.from(ndjson(LINES)), Buffer.from(changedAt(LINES - 1))], etag });
			const error = await upload(importId, { fileUrl: `${files().url}/changed-last.ndjson`, uploadOptions: PARTS_OF_HALF_MB }).catch((caught: Error) => caught);
			// The part that fails is the last or, when the whole-file check (read ahead of the split) comes first, the one before.
			const [, part, parts] = /^Part (\d+) of (\d+) .*was not uploaded: The input changed/.exec((error as Error).message) ?? [];
			expect(Number(part)).toBeGreaterThanOrEqual(Number(parts) - 1);
			expect(Number(parts)).toBeGreaterThan(2);
			expect((error as { description?: string }).description).toMatch(new RegExp(`Parts 1 to ${Number(part) - 1} were uploaded .*To resume, upload again from line \\d+ of the input \\(part ${part}\\)`));
			expect(sim().state.executions).toHaveLength(Number(part) - 1);
			expect(receivedText().join('')).not.toContain('UPDATX');
		});
	});

	test('an S3-like 403 answer is quoted by its Code and Message only: no key id, string to sign, signature or canonical request', async () => {
		const importId = await createImport();
		const s3Body =
			'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>' +
			'<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n20261201T000000Z\n20261201/eu-west-1/s3/aws4_request\n0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0</StringToSign>' +
			'<SignatureProvided>aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44</SignatureProvided>' +
			'<CanonicalRequest>GET\n/export.ndjson\nX-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261201&amp;X-Amz-Signature=aa11bb22</CanonicalRequest></Error>';
		files().serve('/signed.ndjson', { body: Buffer.from(ndjson(3)), failRequests: { requests: [1, 2, 3], status: 403, body: s3Body } });
		const error = await upload(importId, { fileUrl: `${files().url}/signed.ndjson` }).catch((caught: Error) => caught);
		const message = (error as Error).message;
		expect(message).toContain('403');
		expect(message).toContain('SignatureDoesNotMatch: The request signature we calculated does not match');
		for (const secret of ['AKIAIOSFODNN7EXAMPLE', 'AWS4-HMAC-SHA256', '0f1e2d3c4b5a', 'aa11bb22', 'StringToSign', 'CanonicalRequest', 'X-Amz-']) {
			expect(message).not.toContain(secret);
		}
	});

	test('the mediarithmics token never reaches the file server; the request headers given do', async () => {
		const importId = await createImport();
		files().serve('/private.ndjson', { body: Buffer.from(ndjson(10)), requireHeader: { name: 'X-Api-Key', value: 'file-secret' } });
		await upload(importId, { fileUrl: `${files().url}/private.ndjson`, fileUrlHeaders: { header: [{ name: 'X-Api-Key', value: 'file-secret' }] } });
		expect(receivedText().join('')).toBe(ndjson(10));
		for (const request of files().requests) {
			expect(JSON.stringify(request.headers)).not.toContain(sim().token);
			expect(request.headers.authorization).toBeUndefined();
		}
	});

	test('a redirect is followed; Authorization given for the link is not sent to another origin', async () => {
		const importId = await createImport();
		const storage = await startFileServer({ host: 'localhost' });
		try {
			storage.serve('/object.ndjson', { body: Buffer.from(ndjson(10)) });
			files().redirect('/export', `${storage.url}/object.ndjson`);
			await upload(importId, { fileUrl: `${files().url}/export?token=abc`, fileUrlHeaders: { header: [{ name: 'Authorization', value: 'Bearer link-secret' }] } });
			expect(receivedText().join('')).toBe(ndjson(10));
			expect(files().requestsTo('/export')[0].headers.authorization).toBe('Bearer link-secret');
			expect(storage.requestsTo('/object.ndjson').length).toBeGreaterThan(0);
			expect(storage.requestsTo('/object.ndjson').every((request) => request.headers.authorization === undefined)).toBe(true);
		} finally {
			await storage.stop();
		}
	});

	test('an error answer is quoted with its status, and nothing is created', async () => {
		const importId = await createImport();
		files().serve('/forbidden.ndjson', { body: Buffer.from(ndjson(10)), requireHeader: { name: 'X-Api-Key', value: 'right' } });
		const error = await upload(importId, { fileUrl: `${files().url}/forbidden.ndjson?sig=secret-signature` }).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(/answered 401 Unauthorized for http:\/\/127\.0\.0\.1:\d+\/forbidden\.ndjson\?… \(the check, first of two reads\): Missing or wrong X-Api-Key/);
		expect((error as Error).message).not.toContain('secret-signature');
		expect(sim().state.executions).toHaveLength(0);
	});

	test('an error answer while a part is read again names the part', async () => {
		const importId = await createImport();
		files().serve('/gone.ndjson', { body: Buffer.from(ndjson(100)), dropAfterBytes: 2600, dropOnRequests: [2], failRequests: { requests: [3], status: 410, body: 'Link expired' } });
		const error = await upload(importId, { fileUrl: `${files().url}/gone.ndjson`, uploadOptions: SMALL_PARTS }).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(/^Part 3 of \d+ .*answered 410 Gone .*\(part 3, second read\): Link expired/);
		const nextLine = receivedText().join('').split('\n').length;
		expect((error as { description?: string }).description).toContain(`upload again from line ${nextLine} `);
	});

	test('a part the platform failed once is read again with a Range from its start (validation on)', async () => {
		const importId = await createImport();
		files().serve('/retried.ndjson', { body: Buffer.from(ndjson(100)) });
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 2, status: 503 });
		await upload(importId, { fileUrl: `${files().url}/retried.ndjson`, uploadOptions: SMALL_PARTS });
		expect(receivedText().join('')).toBe(ndjson(100));
		const part3Start = Buffer.byteLength(receivedText().slice(0, 2).join(''));
		expect(fileGets('/retried.ndjson')[2]).toMatchObject({ status: 206, range: `bytes=${part3Start}-` });
	});

	test('without validation, a download that breaks before the first part is whole is opened again', async () => {
		const importId = await createImport();
		// The split has not found a whole line yet when the upload's read breaks: no part, so no request to retry.
		files().serve('/early-break.ndjson', { body: Buffer.from(ndjson(100)), dropAfterBytes: 10, dropOnRequests: [2] });
		await upload(importId, { fileUrl: `${files().url}/early-break.ndjson`, uploadOptions: { ...SMALL_PARTS, validate: false } });
		expect(receivedText().join('')).toBe(ndjson(100));
		expect(fileGets('/early-break.ndjson').map((request) => request.bytesSent)).toEqual([9290, 10, 9290]);
	});

	test('with validation, a chunked answer cut short (which reads as a clean end in n8n\'s client) is told by the size and read again, not uploaded short', async () => {
		const importId = await createImport();
		// Request 1: the check; 2: its size (Range: bytes=0-0); 3: the upload's read, cut.
		files().serve('/cut.ndjson', { body: Buffer.from(ndjson(100)), contentLength: false, dropAfterBytes: 5000, dropOnRequests: [3] });
		await upload(importId, { fileUrl: `${files().url}/cut.ndjson`, uploadOptions: SMALL_PARTS });
		expect(receivedText().join('')).toBe(ndjson(100));
		expect(fileGets('/cut.ndjson')[1].bytesSent).toBe(5000);
	});

	test('only http: and https: URLs are read', async () => {
		const importId = await createImport();
		await expect(upload(importId, { fileUrl: 'file:///etc/passwd' })).rejects.toThrow(/File URL must be an http: or https: URL/);
		await expect(upload(importId, { fileUrl: 'ftp://127.0.0.1/x' })).rejects.toThrow(/File URL must be an http: or https: URL/);
	});

	test('each input item is its own file, uploaded in turn', async () => {
		const importId = await createImport();
		files().serve('/a.ndjson', { body: Buffer.from(ndjson(5)) });
		files().serve('/b.ndjson', { body: Buffer.from(ndjson(5, 5)) });
		const output = await upload(importId, { fileUrl: '={{ $json.link }}' }, { items: [{ link: `${files().url}/a.ndjson` }, { link: `${files().url}/b.ndjson` }] });
		expect(receivedText()).toEqual([ndjson(5), ndjson(5, 5)]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('an empty file creates nothing', async () => {
		const importId = await createImport();
		files().serve('/empty.ndjson', { body: Buffer.from('\n') });
		await expect(upload(importId, { fileUrl: `${files().url}/empty.ndjson`, uploadOptions: { validate: false } })).rejects.toThrow(/empty|no line|nothing/i);
		expect(sim().state.executions).toHaveLength(0);
	});
});
