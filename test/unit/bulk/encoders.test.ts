import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import {
	EncodingError,
	encodeCsvRow,
	hashEmail,
	parseCsvFields,
	segmentCommandToCsvRow,
	stringifyFaithfully,
	CsvCell,
} from '../../../nodes/Mediarithmics/bulk';

/**
 * The reference reader is csv-parse (a well-kept CSV parser, dev dependency
 * only): it shares no code with the package, so a round trip through it
 * checks the encoder against the way the rest of the world reads CSV. Rows
 * of different lengths are allowed here (the property mixes them).
 */
/** An NDJSON line as the node writes one: the value's JSON, then LF. */
const encodeNdjsonLine = (value: unknown): Buffer => Buffer.from(`${stringifyFaithfully(value)}\n`, 'utf8');

const referenceParseCsv = (text: string): string[][] => parseCsv(text, { relax_column_count: true }) as string[][];

const cellText = (cell: CsvCell): string => (cell === null || cell === undefined ? '' : String(cell));

describe('encodeNdjsonLine', () => {
	it('writes one JSON line ending with LF', () => {
		expect(encodeNdjsonLine({ a: 'x\ny', b: [1, null], c: 'é' }).toString('utf8')).toBe('{"a":"x\\ny","b":[1,null],"c":"é"}\n');
	});

	it('leaves out object properties that are undefined (absent in JavaScript terms)', () => {
		expect(encodeNdjsonLine({ a: 1, b: undefined }).toString()).toBe('{"a":1}\n');
	});

	it.each<[string, unknown, RegExp]>([
		['undefined', undefined, /^the value is undefined/],
		['NaN', { a: { b: NaN } }, /^\$\.a\.b is NaN, which JSON cannot represent$/],
		['Infinity', { list: [1, Infinity] }, /^\$\.list\[1\] is Infinity/],
		['BigInt', { n: BigInt(1) }, /^\$\.n is a BigInt/],
		['function', { 'odd key': () => 1 }, /^\$\["odd key"\] is a function/],
		['undefined in an array', [1, undefined], /^\$\[1\] is undefined/],
		['Map', { m: new Map([[1, 2]]) }, /^\$\.m is a Map/],
	])('refuses %s with the path of the value', (_name, value, reason) => {
		expect(() => encodeNdjsonLine(value)).toThrow(EncodingError);
		expect(() => encodeNdjsonLine(value)).toThrow(reason);
	});

	it('refuses cycles with a clear reason', () => {
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		expect(() => encodeNdjsonLine(cyclic)).toThrow(/^the value cannot be written as JSON: Converting circular structure/);
	});

	it('uses toJSON (dates become ISO strings)', () => {
		expect(encodeNdjsonLine({ at: new Date(0) }).toString()).toBe('{"at":"1970-01-01T00:00:00.000Z"}\n');
	});

	it('round-trips any JSON value, always as exactly one line', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				const line = encodeNdjsonLine(value).toString('utf8');
				expect(line.indexOf('\n')).toBe(line.length - 1);
				expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(value)));
			}),
		);
	});
});

describe('encodeCsvRow', () => {
	it('quotes only cells that need it and doubles quotes', () => {
		expect(encodeCsvRow(['plain', 'a,b', 'say "hi"', 'line\nbreak', 'cr\r', 12, true, null, undefined, ''])).toBe(
			'plain,"a,b","say ""hi""","line\nbreak","cr\r",12,true,,,',
		);
	});

	it('refuses numbers CSV cannot carry', () => {
		expect(() => encodeCsvRow([NaN])).toThrow(EncodingError);
	});

	it('round-trips through csv-parse', () => {
		const cell = fc.oneof(
			fc.string(),
			fc.constantFrom('"', ',', '\n', '\r\n', '""', ' , "x" '),
			fc.integer(),
			fc.boolean(),
			fc.constant(null),
		);
		fc.assert(
			fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (rows) => {
				const document = rows.map((row) => `${encodeCsvRow(row)}\n`).join('');
				expect(referenceParseCsv(document)).toEqual(rows.map((row) => row.map(cellText)));
			}),
		);
	});

	it('round-trips through the package’s own field reader too', () => {
		fc.assert(
			fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (cells) => {
				expect(parseCsvFields(encodeCsvRow(cells))).toEqual({ fields: cells });
			}),
		);
	});
});

describe('segment commands as CSV', () => {
	const columns = ['operation', 'email_hash', 'segment_ids', 'expiration_duration', 'data_bag'];

	it('writes the header and rows with lists as JSON text', () => {
		expect(encodeCsvRow(columns)).toBe('operation,email_hash,segment_ids,expiration_duration,data_bag');
		expect(
			segmentCommandToCsvRow(
				{ operation: 'UPDATE', email_hash: 'h', segment_ids: ['1', '2'], expiration_duration: 0, data_bag: '{"a":1}' },
				columns,
			),
		).toBe('UPDATE,h,"[""1"",""2""]",0,"{""a"":1}"');
	});

	it('writes absent fields as empty cells', () => {
		expect(segmentCommandToCsvRow({ operation: 'DELETE', email_hash: 'h', expiration_duration: 0 }, columns)).toBe(
			'DELETE,h,,0,',
		);
	});

	it('round-trips segment commands through csv-parse reading the header as column names', () => {
		const text = fc.string({ minLength: 1 }).filter((value) => value.trim() !== '');
		const command = fc.record(
			{
				operation: fc.constantFrom('UPDATE', 'DELETE'),
				email_hash: text,
				segment_ids: fc.array(text, { maxLength: 3 }),
				expiration_duration: fc.nat(),
				data_bag: fc.jsonValue().map((value) => JSON.stringify(value)),
			},
			{ requiredKeys: ['operation', 'email_hash'] },
		);
		fc.assert(
			fc.property(fc.array(command, { minLength: 1, maxLength: 5 }), (commands) => {
				const document = [encodeCsvRow(columns), ...commands.map((value) => segmentCommandToCsvRow(value, columns))].join('\r\n');
				const records = parseCsv(document, { columns: true }) as Array<Record<string, string>>;
				expect(records).toEqual(
					commands.map((value) => ({
						operation: value.operation,
						email_hash: value.email_hash,
						segment_ids: value.segment_ids === undefined ? '' : JSON.stringify(value.segment_ids),
						expiration_duration: value.expiration_duration === undefined ? '' : String(value.expiration_duration),
						data_bag: value.data_bag ?? '',
					})),
				);
			}),
		);
	});

	it('refuses what a cell cannot carry instead of losing it', () => {
		expect(() => segmentCommandToCsvRow({ operation: 'UPDATE', user_agent_id: 'v' }, columns)).toThrow(
			'user_agent_id has no column in the CSV (columns: operation, email_hash, segment_ids, expiration_duration, data_bag)',
		);
		expect(() => segmentCommandToCsvRow({ segment_ids: '1' }, columns)).toThrow('segment_ids must be an array, got "1"');
		expect(() => segmentCommandToCsvRow({ data_bag: { a: 1 } }, columns)).toThrow(/write data_bag as JSON text/);
		expect(() => segmentCommandToCsvRow({ email_hash: '' }, columns)).toThrow(/cannot tell from absent/);
	});
});

describe('hashEmail', () => {
	it('hashes the UTF-8 bytes of addresses beyond ASCII, as a Hash object does', () => {
		for (const email of ['josé@exämple.com', '用户@例子.广告', 'a\u{1F600}@b.c']) {
			for (const algorithm of ['sha256', 'sha1', 'md5'] as const) {
				const expected = require('crypto').createHash(algorithm).update(Buffer.from(email, 'utf8')).digest('hex');
				expect(hashEmail(email, { normalisation: 'none', algorithm })).toBe(expected);
			}
		}
	});

	it('trims and lower-cases before hashing by default (SHA-256)', () => {
		expect(hashEmail('  Test@Example.COM \t')).toBe('973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b');
		expect(hashEmail('\u00a0TEST@example.com\n', { normalisation: 'trim-lowercase', algorithm: 'md5' })).toBe(
			'55502f40dc8b7c769880b10874abc9d0',
		);
	});

	it('produces the well-known digests of each algorithm', () => {
		const none = (algorithm: 'sha256' | 'md5' | 'sha1') => hashEmail('test@example.com', { normalisation: 'none', algorithm });
		expect(none('md5')).toBe('55502f40dc8b7c769880b10874abc9d0');
		expect(none('sha1')).toBe('567159d622ffbb50b11b0efd307be358624a26ee');
		expect(none('sha256')).toBe('973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b');
	});

	it('hashes the text as given with normalisation none', () => {
		expect(hashEmail('A@b.c ', { normalisation: 'none', algorithm: 'md5' })).not.toBe(
			hashEmail('a@b.c', { normalisation: 'none', algorithm: 'md5' }),
		);
	});
});
