/**
 * Property-based checks of the split: for random inputs, random limits and
 * random chunkings, the parts hold exactly the input's non-blank lines, in
 * order, whole, and none is over the limit. The expected lines come from a
 * deliberately naive model (split the whole buffer on LF) that shares no
 * code with the streaming implementation.
 */
import fc from 'fast-check';
import { BulkInputError, encodeCsvRow } from '../../../nodes/Mediarithmics/bulk';
import { split } from './helpers';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF = 0x0a;
const CR = 0x0d;

/** The non-blank lines of `input`, as the splitter should upload them (with LF), with their line numbers. */
function modelLines(input: Buffer): Array<{ number: number; bytes: Buffer }> {
	const body = input.subarray(0, 3).equals(BOM) ? input.subarray(3) : input;
	const pieces: Buffer[] = [];
	let start = 0;
	for (let i = 0; i < body.length; i++) {
		if (body[i] === LF) {
			pieces.push(body.subarray(start, i));
			start = i + 1;
		}
	}
	if (start < body.length) pieces.push(body.subarray(start));
	return pieces
		.map((piece, index) => {
			const content = piece.length > 0 && piece[piece.length - 1] === CR ? piece.subarray(0, piece.length - 1) : piece;
			return { number: index + 1, content };
		})
		.filter(({ content }) => !content.every((byte) => byte === 0x20 || byte === 0x09))
		.map(({ number, content }) => ({ number, bytes: Buffer.concat([content, Buffer.from([LF])]) }));
}

/** Bytes that stress the edges: line feeds, CRs, blanks, BOM bytes, JSON-ish text. */
const interestingByte = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(LF, CR, 0x20, 0x09, 0xef, 0xbb, 0xbf, 0x7b, 0x22) },
	{ weight: 5, arbitrary: fc.integer({ min: 0, max: 255 }) },
);

const inputArbitrary = fc
	.tuple(fc.boolean(), fc.array(interestingByte, { maxLength: 300 }))
	.map(([bom, bytes]) => Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(bytes)]));

describe('split properties (NDJSON, validation off)', () => {
	it('parts concatenated equal the non-blank lines; whole lines only; none over the limit; greedy cuts', async () => {
		await fc.assert(
			fc.asyncProperty(
				inputArbitrary,
				fc.integer({ min: 2, max: 120 }),
				fc.integer({ min: 1, max: 40 }),
				async (input, maxPartBytes, chunkSize) => {
					const expected = modelLines(input);
					const options = {
						maxPartBytes,
						documentType: 'USER_POINTS_DELETION',
						format: 'ndjson' as const,
						validate: false,
						invalidLines: 'stop' as const,
					};
					const tooLarge = expected.find((line) => line.bytes.length > maxPartBytes);
					if (expected.length === 0 || tooLarge !== undefined) {
						const failure = await split(input, options, chunkSize).then(
							() => undefined,
							(error: Error) => error,
						);
						expect(failure).toBeInstanceOf(BulkInputError);
						if (tooLarge !== undefined) expect(failure?.message).toMatch(new RegExp(`^Line ${tooLarge.number} is `));
						return;
					}
					const { parts, plan } = await split(input, options, chunkSize);
					expect(Buffer.concat(parts.map((p) => p.content))).toEqual(Buffer.concat(expected.map((l) => l.bytes)));
					let next = 0;
					for (const { part, content } of parts) {
						expect(content.length).toBe(part.bytes);
						expect(content.length).toBeLessThanOrEqual(maxPartBytes);
						// The part is exactly the next `part.lines` model lines: cut only at line ends.
						const own = expected.slice(next, next + part.lines);
						expect(content).toEqual(Buffer.concat(own.map((l) => l.bytes)));
						expect(part.firstLine).toBe(own[0].number);
						expect(part.lastLine).toBe(own[own.length - 1].number);
						next += part.lines;
						// Greedy: the following line would not have fitted.
						if (next < expected.length) expect(content.length + expected[next].bytes.length).toBeGreaterThan(maxPartBytes);
					}
					expect(next).toBe(expected.length);
					expect(plan.lines).toBe(expected.length);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('split properties (CSV, validation off)', () => {
	const cell = fc.oneof(
		fc.string({ maxLength: 8 }),
		fc.constantFrom('"', ',', '\n', '\r\n', '""', 'a\nb', ' '),
		fc.constant(null),
	);

	it('every part is the header plus whole records; no record is cut inside a quoted field', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
				fc.integer({ min: 1, max: 30 }),
				fc.integer({ min: 0, max: 60 }),
				async (rows, chunkSize, slack) => {
					const header = 'operation,user_account_id,segment_id';
					// Rows that encode to blank text would be dropped as blank lines: keep them distinguishable.
					const records = rows.map((row) => `${encodeCsvRow(row)}|`).map((text) => `${text}\n`);
					const input = `${header}\r\n${records.join('')}`;
					const longest = Math.max(...records.map((record) => Buffer.byteLength(record)));
					const maxPartBytes = header.length + 1 + longest + slack;
					const { parts } = await split(
						input,
						{ maxPartBytes, documentType: 'USER_SEGMENT', format: 'csv', validate: false, invalidLines: 'stop' },
						chunkSize,
					);
					let next = 0;
					for (const { part, content } of parts) {
						expect(content.length).toBeLessThanOrEqual(maxPartBytes);
						const own = records.slice(next, next + part.lines);
						expect(content.toString('utf8')).toBe(`${header}\n${own.join('')}`);
						next += part.lines;
					}
					expect(next).toBe(records.length);
				},
			),
			{ numRuns: 200 },
		);
	});
});
