/**
 * File URL in one pass (Validate Lines off), from a server that sends no ETag
 * or Last-Modified: a part sent again is read again from the file's start,
 * and that read must prove that the bytes before the part are the ones first
 * read (the SHA-256 of that prefix, taken on the first read), or stop and say
 * so. A file changed in between must never give lines twice, lines missing or
 * a line cut in two while the upload says it succeeded.
 */
import { ndjson, SMALL_PARTS, useUrlUpload } from './urlUploadFixture';

const { sim, files, createImport, upload, receivedText, fileGets } = useUrlUpload();

const original = ndjson(100);
// 25 lines inserted at the start: a read that skips by byte offset would send some lines twice, some never.
const inserted = ndjson(25, 500) + original;
// Same length, one byte changed before part 3.
const sameLength = original.replace('user-3"', 'user-7"');
const executionsPath = (importId: string) => `/v1/datamarts/1509/document_imports/${importId}/executions`;
const changes: Array<[string, string]> = [
	['25 lines inserted at its start', inserted],
	['one byte changed, same length', sameLength],
];

async function uploadChanging(changed: string, served: { contentLength: boolean; ranges: boolean; breakDownload: boolean }) {
	const importId = await createImport();
	// Request 1: the look at the start; 2: the upload's read; 3 on: the changed file. Without a Content-Length, the
	// size is asked for after the look at the start (Range: bytes=0-0): one request more before the change.
	const before = served.contentLength ? [original, original] : [original, original, original];
	files().serve('/changing.ndjson', {
		body: [...before, changed].map((text) => Buffer.from(text)),
		etag: false,
		contentLength: served.contentLength,
		ranges: served.ranges,
		...(served.breakDownload ? { dropAfterBytes: 2600, dropOnRequests: [2] } : {}),
	});
	// Without a broken download, part 3's upload is refused once (429): it is sent again, read again.
	if (!served.breakDownload) sim().faults.inject({ method: 'POST', path: executionsPath(importId), after: 2, status: 429, retryAfter: '0' });
	const error = await upload(importId, { fileUrl: `${files().url}/changing.ndjson`, uploadOptions: { ...SMALL_PARTS, validate: false } }).then(
		() => undefined,
		(caught: unknown) => caught as Error,
	);
	return error;
}

describe.each([
	['no Content-Length either, part 3 sent again after a 429', { contentLength: false, ranges: true, breakDownload: false }],
	['a Content-Length, the download broken inside part 3, no ranges', { contentLength: true, ranges: false, breakDownload: true }],
	['a Content-Length, the download broken inside part 3, ranges offered', { contentLength: true, ranges: true, breakDownload: true }],
])('No ETag or Last-Modified, %s', (_name, served) => {
	// With a Content-Length, a change of length is told by the length already: the same-length change is the case.
	const cases = changes.filter(([, changed]) => !served.contentLength || changed.length === original.length);
	test.each(cases)('the file changed (%s): the upload stops and says so; nothing twice, nothing skipped', async (_change, changed) => {
		const error = await uploadChanging(changed, served);
		expect(error?.message).toMatch(/^Part 3 of .*was not uploaded: The input changed .*first \d+ bytes, before part 3, are not the ones read first/);
		expect(sim().state.executions).toHaveLength(2);
		expect(original.startsWith(receivedText().join(''))).toBe(true);
		// The read that resumed came from the start: its prefix was what could be compared.
		expect(fileGets('/changing.ndjson')[2].range).toBeUndefined();
	});

	test('the same file read again resumes: every line once', async () => {
		const error = await uploadChanging(original, served);
		expect(error).toBeUndefined();
		expect(receivedText().join('')).toBe(original);
	});
});
