import {
	checkCsvRecord,
	checkNdjsonLine,
	csvRecordToSegmentCommand,
	parseCsvHeader,
	CsvHeader,
} from '../../../nodes/Mediarithmics/bulk';

const bytes = (text: string) => Buffer.from(text, 'utf8');

function header(text: string): CsvHeader {
	const parsed = parseCsvHeader(bytes(text), true);
	if ('problem' in parsed) throw new Error(parsed.problem);
	return parsed.header;
}

describe('checkNdjsonLine', () => {
	const valid = '{"type":"USER_AGENT","user_agent_id":"vec:1"}';

	it('accepts a valid line and applies the document type rules', () => {
		expect(checkNdjsonLine('USER_IDENTIFIERS_DELETION', bytes(valid))).toBeUndefined();
		expect(checkNdjsonLine('USER_IDENTIFIERS_DELETION', bytes('{"type":"USER_AGENT"}'))).toBe(
			'user_agent_id is required (a non-empty string)',
		);
	});

	it('checks a range in place', () => {
		const buffer = bytes(`xx${valid}yy`);
		expect(checkNdjsonLine('USER_IDENTIFIERS_DELETION', buffer, 2, 2 + valid.length)).toBeUndefined();
	});

	it('reports malformed JSON with the parser message', () => {
		expect(checkNdjsonLine('USER_PROFILE', bytes('{"operation":"UPSERT",}'))).toMatch(/^malformed JSON: .+/);
		expect(checkNdjsonLine('USER_PROFILE', bytes('{"a":1}{"b":2}'))).toMatch(/^malformed JSON/);
	});

	it('reports a segment line cut right after a quote, at the very end of its buffer, as malformed', () => {
		// A truncated last line, or a line joined from two chunks: the range ends where the buffer does.
		for (const text of ['{"', '{"operation":"UPDATE","', '{"operation":"']) {
			expect(checkNdjsonLine('USER_SEGMENT', bytes(text))).toMatch(/^malformed JSON/);
		}
	});

	it('reports invalid UTF-8 with the offending byte instead of decoding it to U+FFFD', () => {
		const latin1 = Buffer.concat([bytes('{"type":"USER_AGENT","user_agent_id":"caf'), Buffer.from([0xe9]), bytes('"}')]);
		expect(checkNdjsonLine('USER_IDENTIFIERS_DELETION', latin1)).toBe(
			'invalid UTF-8 at byte 42 of the line (0xE9): the file must be saved as UTF-8 (exports in Latin-1 or Windows-1252 are a common cause)',
		);
	});

	it('accepts a real U+FFFD character and other multi-byte text', () => {
		const line = '{"type":"USER_AGENT","user_agent_id":"\uFFFD-é-😀"}';
		expect(checkNdjsonLine('USER_IDENTIFIERS_DELETION', bytes(line))).toBeUndefined();
	});

	it('rejects overlong encodings and encoded surrogates', () => {
		const overlong = Buffer.concat([bytes('{"a":"'), Buffer.from([0xc0, 0xaf]), bytes('"}')]);
		expect(checkNdjsonLine('USER_POINTS_DELETION', overlong)).toMatch(/^invalid UTF-8 at byte 7 /);
		const surrogate = Buffer.concat([bytes('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), bytes('"}')]);
		expect(checkNdjsonLine('USER_POINTS_DELETION', surrogate)).toMatch(/^invalid UTF-8 at byte 7 /);
	});

	it('rejects JSON values that are not objects', () => {
		expect(checkNdjsonLine('USER_POINTS_DELETION', bytes('[1,2]'))).toBe('a line must be a JSON object, got an array');
	});
});

describe('parseCsvHeader', () => {
	it('reads the columns and keeps the header bytes', () => {
		const parsed = parseCsvHeader(bytes('operation,user_account_id,segment_id,expiration_duration'), true);
		expect(parsed).toEqual({
			header: {
				columns: ['operation', 'user_account_id', 'segment_id', 'expiration_duration'],
				bytes: bytes('operation,user_account_id,segment_id,expiration_duration'),
			},
		});
	});

	it('names an unknown column and lists the known ones', () => {
		const parsed = parseCsvHeader(bytes('operation,Email,segment_id,expiration_duration'), true);
		expect(parsed).toEqual({ problem: expect.stringMatching(/unknown column "Email" \(column 2\); known columns are operation,/) });
	});

	it('names missing required columns', () => {
		expect(parseCsvHeader(bytes('user_account_id,segment_id'), true)).toEqual({
			problem: 'the CSV header lacks required columns: operation; expiration_duration',
		});
		expect(parseCsvHeader(bytes('operation,expiration_duration'), true)).toEqual({
			problem:
				'the CSV header lacks required columns: one of user_account_id, email_hash, user_agent_id; one of segment_id, segment_ids, segment_technical_name, segment_technical_names',
		});
	});

	it('refuses a column named twice, and "__proto__" as unknown', () => {
		expect(parseCsvHeader(bytes('operation,operation'), true)).toEqual({
			problem: 'the CSV header names the column operation twice',
		});
		expect(parseCsvHeader(bytes('__proto__,operation'), true)).toEqual({
			problem: expect.stringMatching(/unknown column "__proto__"/),
		});
	});

	it('does not check column names when asked not to', () => {
		expect(parseCsvHeader(bytes('a,b'), false)).toEqual({ header: { columns: ['a', 'b'], bytes: bytes('a,b') } });
	});
});

describe('checkCsvRecord (USER_SEGMENT)', () => {
	const h = header('operation,user_account_id,compartment_id,email_hash,segment_ids,expiration_duration,data_bag');

	it('turns cells into a command: empty means absent, lists are JSON, numbers are numbers', () => {
		expect(csvRecordToSegmentCommand(h.columns, bytes('UPDATE,acc,,,"[""1"",""2""]",60,"{""k"":1}"'))).toEqual({
			command: { operation: 'UPDATE', user_account_id: 'acc', segment_ids: ['1', '2'], expiration_duration: 60, data_bag: '{"k":1}' },
		});
		expect(checkCsvRecord(h, bytes('UPDATE,acc,,,"[""1"",""2""]",60,"{""k"":1}"'))).toBeUndefined();
	});

	it('applies the segment rules to the command', () => {
		expect(checkCsvRecord(h, bytes('ADD,acc,,,"[""1""]",60,'))).toBe('operation must be UPDATE or DELETE, got "ADD"');
		expect(checkCsvRecord(h, bytes('UPDATE,,,,"[""1""]",60,'))).toMatch(/found none$/);
		expect(checkCsvRecord(h, bytes('UPDATE,,7,hash,"[""1""]",60,'))).toBe(
			'compartment_id is only allowed together with user_account_id',
		);
		expect(checkCsvRecord(h, bytes('UPDATE,acc,,,"[""1""]",,'))).toBe('expiration_duration is required (minutes, 0 = never)');
		expect(checkCsvRecord(h, bytes('UPDATE,acc,,,"[""1""]",ten,'))).toMatch(/^expiration_duration must be a whole number >= 0.*got "ten"$/);
	});

	it('requires list columns to hold a JSON array', () => {
		expect(checkCsvRecord(h, bytes('UPDATE,acc,,,1;2,60,'))).toBe(
			'segment_ids must hold a JSON array such as ["a","b"], got "1;2"',
		);
	});

	it('requires as many fields as the header', () => {
		expect(checkCsvRecord(h, bytes('UPDATE,acc'))).toMatch(/^expected 7 fields as in the header .*, found 2$/);
	});

	it('accepts quoted commas and newlines inside a field', () => {
		expect(checkCsvRecord(h, bytes('UPDATE,"acc,1",,,"[""a""]",0,"{""k"":\r\n1}"'))).toBeUndefined();
	});

	it('reports malformed quoting', () => {
		expect(checkCsvRecord(h, bytes('UPDATE,ac"c,,,"[]",0,'))).toBe(
			'field 2 holds a quote but is not quoted: enclose it in quotes and double the quote ("")',
		);
		expect(checkCsvRecord(h, bytes('UPDATE,"acc"x,,,"[]",0,'))).toMatch(/^field 2 has text after its closing quote/);
		expect(checkCsvRecord(h, bytes('UPDATE,"acc,,,[],0,'))).toBe('field 2 opens a quote that is never closed');
	});

	it('reports invalid UTF-8 in a record', () => {
		expect(checkCsvRecord(h, Buffer.concat([bytes('UPDATE,caf'), Buffer.from([0xe9]), bytes(',,,"[""1""]",0,')]))).toMatch(
			/^invalid UTF-8 at byte 11 of the record \(0xE9\)/,
		);
	});
});
