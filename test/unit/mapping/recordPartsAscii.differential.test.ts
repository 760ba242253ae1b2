/**
 * Pass 2 copies a batch of lines the mapping knows to be ASCII as Latin-1
 * (recordLines.ts's `ascii`, recordParts.ts's PartOutput): the parts it sends
 * are byte for byte the parts of the UTF-8 encoder over the same lines
 * (MappedRecordInput's asciiLines false, the way before), over generated CSV
 * exports: quoted cells with commas, escaped quotes and line breaks,
 * non-ASCII text (Latin-1 letters, which Latin-1 would write as one byte
 * where UTF-8 writes two, and emoji) in the segment, the identifier and the
 * other columns, empty cells, long cells, CRLF line endings, a BOM. And a
 * part written whole into one buffer (sent from memory: recordParts.ts's
 * wholeParts) is the same bytes as the part streamed in chunks.
 */
import fc from 'fast-check';

import { planRecordParts, readRecordParts } from '../../../nodes/Mediarithmics/bulk';
import { MappedRecordInput } from '../../../nodes/Mediarithmics/actions/execution/upload/input/recordInput';
import { RecordMapper } from '../../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/recordMapping';
import { executeContext } from '../../nodes/harness';

const piece = fc.constantFrom('a', 'Z', '0', '.', '@', ' ', ',', '"', '""', '\n', '\\', 'é', 'ÿ', '\u0080', 'ß', '😀', '€', 'true', 'false', 'x'.repeat(300));
const cellText = fc.array(piece, { maxLength: 5 }).map((pieces) => pieces.join(''));
const tier = fc.constantFrom('gold', 'silver', 'bronze', 'or', 'élite', 'ÿ', '😀', '', ' gold ', 'a"b');
const flag = fc.constantFrom('true', 'false', 'TRUE', 'no');

/** A CSV cell as an export writes it: quoted when it must be (or at random), quotes doubled. */
function csvCell(text: string, quote: boolean): string {
	return quote || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const exportFile = fc
	.record({
		rows: fc.array(fc.record({ email: fc.oneof(cellText, fc.constantFrom('User.1@Example.com', ' ada@example.org ', 'ÉLODIE@exemple.fr')), tier, flag, note: cellText, quote: fc.boolean() }), { minLength: 1, maxLength: 40 }),
		crlf: fc.boolean(),
		bom: fc.boolean(),
		chunk: fc.integer({ min: 1, max: 400 }),
	})
	.map(({ rows, crlf, bom, chunk }) => {
		const eol = crlf ? '\r\n' : '\n';
		const lines = ['email,tier,unsubscribed,note', ...rows.map((row) => [row.email, row.tier, row.flag, row.note].map((cell) => csvCell(cell, row.quote)).join(','))];
		return { bytes: Buffer.from(`${bom ? '\ufeff' : ''}${lines.join(eol)}${eol}`), chunk };
	});

const mapping = fc.record({
	identifierType: fc.constantFrom('email', 'email', 'user_account_id'),
	identifier: fc.constantFrom('={{ $json.email }}', '={{ $json.note }}'),
	emailHashing: fc.constantFrom({}, { algorithm: 'md5' }, { normalisation: 'none' }),
	segmentBy: fc.constantFrom('segment_technical_name', 'segment_id'),
	segment: fc.constantFrom('=newsletter_{{ $json.tier }}', '={{ $json.tier }}', '={{ $json.note }}', 'fixed'),
	lineOperation: fc.constantFrom('UPDATE', 'DELETE', 'removeWhenTrue'),
	removeWhenField: fc.constant('unsubscribed'),
	expirationDuration: fc.constantFrom(0, 30),
});

function mapperFor(parameters: Record<string, unknown>): RecordMapper {
	const { context } = executeContext(
		{ url: 'http://127.0.0.1:9', token: 'unused' },
		{ parameters: { resource: 'execution', operation: 'upload', inputMode: 'fields', recordsFrom: 'binaryFile', lineDocumentType: 'USER_SEGMENT', ...parameters }, items: [{}] },
	);
	return new RecordMapper(context);
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
	for (let from = 0; from < bytes.length; from += size) yield bytes.subarray(from, from + size);
}

/** Every part's bytes, sent as pass 2 sends them; asciiLines false: every line through the UTF-8 encoder. */
async function sentParts(parameters: Record<string, unknown>, file: { bytes: Buffer; chunk: number }, asciiLines: boolean, wholeParts = false): Promise<Buffer[] | string> {
	const mapper = mapperFor(parameters);
	const options = { maxPartBytes: 2_000, documentType: 'USER_SEGMENT' as const, format: 'ndjson' as const, validate: true, invalidLines: 'skip' as const, maxReportedErrors: 20 };
	const input = (send: boolean) => new MappedRecordInput(chunksOf(file.bytes, file.chunk), 'csv', mapper, options.maxPartBytes, true, send, 1, asciiLines);
	try {
		const plan = await planRecordParts(input(false), options);
		const parts: Buffer[] = [];
		for await (const part of readRecordParts(input(true), plan, { ...options, wholeParts })) {
			const chunks: Buffer[] = [];
			for await (const chunk of part.stream()) chunks.push(Buffer.from(chunk));
			// A whole part leaves as one buffer.
			if (wholeParts) expect(chunks.length).toBe(1);
			parts.push(Buffer.concat(chunks));
		}
		return parts;
	} catch (error) {
		return (error as Error).message;
	}
}

test('parts whose lines are copied as ASCII, streamed or whole, are the parts the UTF-8 encoder writes, byte for byte', async () => {
	let sentLines = 0;
	await fc.assert(
		fc.asyncProperty(mapping, exportFile, async (parameters, file) => {
			const fast = await sentParts(parameters, file, true);
			const encoded = await sentParts(parameters, file, false);
			expect(fast).toEqual(encoded);
			// Written into one buffer per part (a part sent from memory): the same parts.
			expect(await sentParts(parameters, file, true, true)).toEqual(encoded);
			if (typeof fast !== 'string') sentLines += fast.reduce((sum, part) => sum + part.toString().split('\n').length - 1, 0);
		}),
		{ numRuns: 300 },
	);
	// Not vacuous: lines were sent.
	expect(sentLines).toBeGreaterThan(1000);
});

test('a line whose segment is not ASCII is written as UTF-8 even in a batch of ASCII lines', async () => {
	const rows = ['email,tier,unsubscribed,note', 'a@example.com,gold,false,', 'b@example.com,élite,false,', 'c@example.com,😀,true,'];
	const parts = await sentParts({ identifierType: 'email', identifier: '={{ $json.email }}', segmentBy: 'segment_technical_name', segment: '={{ $json.tier }}', lineOperation: 'removeWhenTrue', removeWhenField: 'unsubscribed', expirationDuration: 0 }, { bytes: Buffer.from(`${rows.join('\n')}\n`), chunk: 64 }, true);
	expect(typeof parts).not.toBe('string');
	const text = Buffer.concat(parts as Buffer[]).toString('utf8');
	expect(text).toContain('"segment_technical_name":"élite"');
	expect(text).toContain('"segment_technical_name":"😀"');
	expect(text.split('\n').filter(Boolean).map((line) => JSON.parse(line).segment_technical_name)).toEqual(['gold', 'élite', '😀']);
});

test('a part whose lines come out longer than planned is refused as a changed input, streamed or whole', async () => {
	const mapper = mapperFor({ identifierType: 'email', identifier: '={{ $json.email }}', segmentBy: 'segment_technical_name', segment: '={{ $json.tier }}', lineOperation: 'UPDATE', expirationDuration: 0 });
	const options = { maxPartBytes: 2_000, documentType: 'USER_SEGMENT' as const, format: 'ndjson' as const, validate: true, invalidLines: 'stop' as const, maxReportedErrors: 20 };
	const planned = Buffer.from('email,tier,unsubscribed,note\na@example.com,gold,false,\n');
	const changed = Buffer.from('email,tier,unsubscribed,note\na@example.com,goldest,false,\n');
	const plan = await planRecordParts(new MappedRecordInput(chunksOf(planned, 64), 'csv', mapper, options.maxPartBytes, true, false), options);
	for (const wholeParts of [false, true]) {
		const send = async () => {
			for await (const part of readRecordParts(new MappedRecordInput(chunksOf(changed, 64), 'csv', mapper, options.maxPartBytes, true, true), plan, { ...options, wholeParts })) {
				for await (const chunk of part.stream()) expect(chunk.length).toBeGreaterThan(0);
			}
		};
		await expect(send()).rejects.toThrow(/part 1 holds more than the \d+ bytes planned/);
	}
});
