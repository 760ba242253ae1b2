/**
 * The lines recordLines.ts writes straight from a CSV record's cells are the
 * lines the general way writes (RecordMapper over the record as an object,
 * buildLine, then stringifyFaithfully), byte for byte, for generated
 * mappings and records; and pass 1's lines (email digests left out) are as
 * long and get the same verdict as pass 2's.
 */
import fc from 'fast-check';

import { checkNdjsonLine, hashEmail, stringifyFaithfully } from '../../../nodes/Mediarithmics/bulk';
import { compileRecordLines } from '../../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/recordLines';
import { RecordMapper } from '../../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/recordMapping';
import { executeContext } from '../../nodes/harness';

const COLUMNS = ['email', 'tier', 'unsubscribed', 'e-mail', 'first.name', 'id'];
const cell = fc
	.array(fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '\u0001', 'é', '😀', '\ud800', 'true', 'TRUE', ' yes', 'n', '1', '@x.com', '{', '}'), { maxLength: 6 })
	.map((pieces) => pieces.join(''));

const mapping = fc.record({
	identifierType: fc.constantFrom('email', 'user_account_id', 'user_agent_id'),
	identifier: fc.constantFrom('={{ $json.email }}', '={{ $json["e-mail"] }}', '= {{ $json.id }}x', 'Constant@Example.com', '={{ $json.email }}{{ $json.tier }}', '={{ $json.email.length }}', '={{ $json.missing }}'),
	compartmentId: fc.constantFrom('', '12', ' 7 ', '={{ $json.id }}'),
	emailHashing: fc.constantFrom({}, { algorithm: 'md5' }, { algorithm: 'sha1', normalisation: 'none' }, { normalisation: 'none' }),
	segmentBy: fc.constantFrom('segment_id', 'segment_technical_name', 'segment_technical_names'),
	segment: fc.constantFrom('=newsletter_{{ $json.tier }}', '={{ $json.tier }}_{{ $json.id }}', '={{ $json.tier }}', 'fixed', '= {{ $json["first.name"] }} ', '=a"b\\{{ $json.tier }}'),
	lineOperation: fc.constantFrom('UPDATE', 'DELETE', 'removeWhenTrue'),
	removeWhenField: fc.constantFrom('unsubscribed', ' unsubscribed ', 'first.name', 'nope'),
	expirationDuration: fc.constantFrom(0, 30, 1.5, -0, 1e21),
	dataBag: fc.constantFrom('', '', '', '{"a":1}'),
});

function mapperFor(parameters: Record<string, unknown>): RecordMapper {
	const { context } = executeContext(
		{ url: 'http://127.0.0.1:9', token: 'unused' },
		{ parameters: { resource: 'execution', operation: 'upload', inputMode: 'fields', recordsFrom: 'binaryFile', lineDocumentType: 'USER_SEGMENT', ...parameters }, items: [{}] },
	);
	return new RecordMapper(context);
}

/** The general way's line for the record, or undefined when it has none (a problem or an error). */
function generalLine(mapper: RecordMapper, columns: string[], cells: string[]): string | undefined {
	const fields = Object.fromEntries(columns.map((column, index) => [column, cells[index]]));
	try {
		const mapped = mapper.map({ line: 2, fields }, columns);
		return mapped.problem === undefined ? `${stringifyFaithfully(mapped.value)}\n` : undefined;
	} catch {
		return undefined;
	}
}

test('lines written from the cells are the lines buildLine and stringifyFaithfully write; pass 1 lines are as long and as valid', () => {
	let written = 0;
	let compiled = 0;
	let asciiLines = 0;
	fc.assert(
		fc.property(mapping, fc.shuffledSubarray(COLUMNS, { minLength: 3 }), fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (parameters, columns, rows) => {
			let writer: ReturnType<typeof compileRecordLines>;
			try {
				writer = compileRecordLines(mapperFor(parameters), columns);
			} catch (error) {
				// A setup error (a column the header lacks), which the general way raises too.
				expect(() => mapperFor(parameters).map({ line: 2, fields: Object.fromEntries(columns.map((column) => [column, 'x@example.com'])) }, columns)).toThrow((error as Error).message);
				return;
			}
			if (writer === undefined) return;
			compiled++;
			const keys = new Map<string, string>();
			const general = mapperFor(parameters);
			// Each row twice: the second time a writer meets a segment it may write the line's end from what it kept.
			for (const row of [...rows, ...rows]) {
				const cells = row.slice(0, columns.length);
				const line = writer.line(cells, true);
				// A line said to be ASCII is (pass 2 copies it as Latin-1).
				if (line !== undefined && writer.ascii) expect(line).toMatch(/^[\u0000-\u007f]*$/);
				if (line !== undefined && writer.ascii) asciiLines++;
				const planned = writer.line(cells, false);
				// The key decides pass 1's line: undefined with it, and equal keys for equal lines only.
				if (writer.key !== undefined) {
					const found = writer.key(cells);
					expect(found === undefined).toBe(planned === undefined);
					const key = `${writer.keyKind}:${found}`;
					if (found !== undefined) {
						if (keys.has(key)) expect(planned).toBe(keys.get(key));
						keys.set(key, planned as string);
					}
				}
				if (line === undefined || planned === undefined) {
					expect(line).toBe(planned);
					continue;
				}
				written++;
				expect(line).toBe(generalLine(general, columns, cells));
				expect(Buffer.byteLength(planned)).toBe(Buffer.byteLength(line));
				const bytes = (text: string) => Buffer.from(text.slice(0, -1));
				expect(checkNdjsonLine('USER_SEGMENT', bytes(planned))).toBe(checkNdjsonLine('USER_SEGMENT', bytes(line)));
			}
		}),
		{ numRuns: 600 },
	);
	// Not vacuous: most generated mappings are of the kind written from the cells.
	expect(compiled).toBeGreaterThan(50);
	expect(written).toBeGreaterThan(100);
	expect(asciiLines).toBeGreaterThan(20);
});

test('an email digest is always that many lower-case hex digits, which pass 1 writes as zeros', () => {
	fc.assert(
		fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(['sha256', 64], ['sha1', 40], ['md5', 32]), fc.constantFrom('trim-lowercase', 'none'), (email, [algorithm, length], normalisation) => {
			expect(hashEmail(email, { algorithm: algorithm as 'sha256', normalisation: normalisation as 'none' })).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
		}),
	);
});

test('a mapping the cells cannot give (a column the header lacks, an expression) is left to the general way', () => {
	const columns = ['email', 'tier'];
	expect(compileRecordLines(mapperFor({ identifierType: 'email', identifier: '={{ $json.mail }}', segmentBy: 'segment_id', segment: '1', lineOperation: 'UPDATE', expirationDuration: 0 }), columns)).toBeUndefined();
	expect(compileRecordLines(mapperFor({ identifierType: 'email', identifier: '={{ $json.email.trim() }}', segmentBy: 'segment_id', segment: '1', lineOperation: 'UPDATE', expirationDuration: 0 }), columns)).toBeUndefined();
	expect(compileRecordLines(mapperFor({ identifierType: 'email', identifier: '={{ $json.email }}', segmentBy: 'segment_id', segment: '1', lineOperation: 'UPDATE', expirationDuration: 0 }), columns)).toBeDefined();
});
