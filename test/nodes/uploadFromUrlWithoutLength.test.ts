/**
 * Input File URL from a server that sends no Content-Length: chunked, or a
 * body that ends when the server closes the connection. In n8n's client a
 * cut in such a body reads as a clean end (at a line end, nothing looks
 * wrong), so the node learns the file's size from a one-byte range and
 * treats a shorter read as broken off; a server that gives no size is
 * refused before anything is sent, unless Accept a File URL Without a Length
 * is on. Servers that send a length are read as before.
 */
import { ndjson, SMALL_PARTS, useUrlUpload } from './urlUploadFixture';

const { sim, files, createImport, upload, receivedText, fileGets } = useUrlUpload();

const text = ndjson(100);
/** Byte 2687: the end of a line, inside part 3. */
const LINE_END = text.indexOf('\n', 2600) + 1;
const MID_LINE = 2600;
const WITHOUT_LENGTH = {
	chunked: { contentLength: false },
	'ended by closing the connection': { contentLength: false, closeDelimited: true },
};

describe.each([
	['with validation', true],
	['without validation', false],
])('Upload from a URL without Content-Length, %s', (_name, validate) => {
	// Requests: 1 the first read (the check, or the look at the start), 2 the size (bytes=0-0), 3 the upload's read.
	test.each([
		['chunked, cut at a line end', WITHOUT_LENGTH.chunked, LINE_END, false],
		['chunked, cut mid-line', WITHOUT_LENGTH.chunked, MID_LINE, false],
		['ended by closing, cut at a line end', WITHOUT_LENGTH['ended by closing the connection'], LINE_END, false],
		['ended by closing, cut mid-line', WITHOUT_LENGTH['ended by closing the connection'], MID_LINE, false],
		['ended by closing, connection reset at a line end', WITHOUT_LENGTH['ended by closing the connection'], LINE_END, true],
	])('%s: the cut read is read again, the file arrives whole', async (_case, served, at, reset) => {
		const importId = await createImport();
		files().serve('/cut.ndjson', { body: Buffer.from(text), ...served, dropAfterBytes: at, dropOnRequests: [3], dropWithReset: reset });
		await upload(importId, { fileUrl: `${files().url}/cut.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } });
		expect(receivedText().join('')).toBe(text);
		const requests = files().requestsTo('/cut.ndjson');
		expect(requests[1].range).toBe('bytes=0-0');
		expect(requests[2].bytesSent).toBe(at);
	});

	test('every read cut after 2687 bytes: never a short file reported as done', async () => {
		const importId = await createImport();
		const everyRead = [1, ...Array.from({ length: 60 }, (_value, index) => index + 3)];
		files().serve('/always-cut.ndjson', { body: Buffer.from(text), ...WITHOUT_LENGTH['ended by closing the connection'], dropAfterBytes: LINE_END, dropOnRequests: everyRead });
		const outcome = await upload(importId, { fileUrl: `${files().url}/always-cut.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } }).catch((caught: Error) => caught);
		if (validate) {
			// The check's own read is cut, every time: nothing is planned, nothing sent.
			expect((outcome as Error).message).toMatch(/broke off after byte 2687: the body ended at byte 2687 of 9290/);
			expect(sim().state.executions).toHaveLength(0);
		} else {
			// Each cut read ends on a proven break; the next one resumes with a range from the part after the last one sent.
			expect(outcome).toBeInstanceOf(Array);
			expect(receivedText().join('')).toBe(text);
			expect(fileGets('/always-cut.ndjson').filter((request) => request.range !== undefined).length).toBeGreaterThan(1);
		}
	});

	test('a server that gives no size (no length, no byte ranges) is refused before anything is sent, saying why and what to do', async () => {
		const importId = await createImport();
		// Cut at a line end: before the fix, the first 2687 bytes were uploaded as the whole file.
		files().serve('/unsized.ndjson', { body: Buffer.from(text), ...WITHOUT_LENGTH['ended by closing the connection'], ranges: false, dropAfterBytes: LINE_END, dropOnRequests: [1, 2, 3] });
		const error = await upload(importId, { fileUrl: `${files().url}/unsized.ndjson`, uploadOptions: { ...SMALL_PARTS, validate } }).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(/is served without a length, so a download cut short could not be told from the whole file/);
		expect((error as { description?: string }).description).toMatch(/Serve the file with a Content-Length.*Accept a File URL Without a Length/);
		expect(sim().state.executions).toHaveLength(0);
	});

	test('Accept a File URL Without a Length uploads such a file (the risk is the user\'s)', async () => {
		const importId = await createImport();
		files().serve('/accepted.ndjson', { body: Buffer.from(text), ...WITHOUT_LENGTH['ended by closing the connection'], ranges: false, etag: false });
		await upload(importId, { fileUrl: `${files().url}/accepted.ndjson`, uploadOptions: { ...SMALL_PARTS, validate, acceptFileWithoutLength: true } });
		expect(receivedText().join('')).toBe(text);
	});

	test('a server that sends Content-Length is read as before: no size request, options as the previous release saved them', async () => {
		const importId = await createImport();
		files().serve('/sized.ndjson', { body: Buffer.from(text), dropAfterBytes: LINE_END, dropOnRequests: [2] });
		await upload(importId, { fileUrl: `${files().url}/sized.ndjson`, uploadOptions: { maxPartMegabytes: 0.0012, validate } });
		expect(receivedText().join('')).toBe(text);
		expect(files().requestsTo('/sized.ndjson').every((request) => request.range !== 'bytes=0-0')).toBe(true);
		expect(fileGets('/sized.ndjson')[1].bytesSent).toBe(LINE_END);
	});
});
