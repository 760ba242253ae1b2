/**
 * Awkward input the other bulk tests do not cover: ids that are not strings
 * (the docs type them as strings),
 * numbers beyond what JavaScript reads exactly, very deep nesting, and
 * prototype keys travelling through a whole split. Each is either uploaded
 * byte for byte or refused with a reason naming the line and the field.
 */
import { validateLine } from '../../../nodes/Mediarithmics/bulk';
import { collect, encodeItemsToParts, ndjsonOptions, rejectionOf, split } from './helpers';

const segment = (fields: Record<string, unknown>) => ({ operation: 'UPDATE', segment_id: '42', expiration_duration: 0, ...fields });

describe('ids that are not strings', () => {
	test('a whole number is refused with the fix, as the docs type ids as strings', () => {
		expect(validateLine('USER_SEGMENT', segment({ user_account_id: 42 }))).toBe(
			'user_account_id must be a string id, got the number 42: write it in quotes, e.g. "user_account_id": "42" (the API documents ids as strings)',
		);
		expect(validateLine('USER_SEGMENT', segment({ user_account_id: 'u', segment_id: 7 }))).toMatch(/^segment_id must be a string id, got the number 7/);
		expect(validateLine('USER_SEGMENT', segment({ user_account_id: -1 }))).toMatch(/^user_account_id must be a string id, got the number -1/);
	});

	test.each([
		[1.5, 'got 1.5'],
		[true, 'got true'],
		[{}, 'got an object'],
		[[], 'got an array'],
		['', 'got ""'],
		[' ', 'got " "'],
	])('%p is refused, naming the field', (id, reason) => {
		expect(validateLine('USER_SEGMENT', segment({ user_account_id: id }))).toBe(`user_account_id must be a non-empty string, ${reason}`);
	});

	test('a number too large to be read exactly says to write it as a string', () => {
		expect(validateLine('USER_SEGMENT', segment({ user_account_id: 12345678901234567890 }))).toMatch(
			/^user_account_id is a number too large to be read exactly .*: write it as a string/,
		);
	});
});

describe('huge numbers in a file', () => {
	test('a file line is uploaded as written: digits beyond double precision are not rounded', async () => {
		const line = '{"operation":"UPSERT","user_account_id":"u","user_profile":{"score":123456789012345678901234567890,"tiny":1e-400,"big":1e400}}';
		const { parts } = await split(`${line}\n`, ndjsonOptions({ validate: true }));
		expect(parts.map((part) => part.content.toString('utf8'))).toEqual([`${line}\n`]);
	});

	test('a huge number where an id is expected names the line and the field', async () => {
		const input = `${JSON.stringify(segment({ user_account_id: 'a' }))}\n{"operation":"UPDATE","user_account_id":98765432109876543210,"segment_id":"1","expiration_duration":0}\n`;
		const error = await rejectionOf(split(input, ndjsonOptions({ documentType: 'USER_SEGMENT', validate: true })));
		expect(error.message).toMatch(/line 2: user_account_id is a number too large/);
	});
});

describe('very deep nesting', () => {
	test('a deeply nested file line is checked without blowing the stack, and uploaded as written', async () => {
		const depth = 100_000;
		const line = `{"operation":"UPSERT","user_account_id":"u","user_profile":{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
		const { parts } = await split(`${line}\n`, ndjsonOptions({ validate: true, maxPartBytes: 1_000_000 }));
		expect(parts[0].content.equals(Buffer.from(`${line}\n`))).toBe(true);
	});

	test('an item nested too deep to write as JSON is refused with its position and the reason', async () => {
		let leaf: Record<string, unknown> = {};
		const root = leaf;
		for (let level = 0; level < 100_000; level++) {
			leaf.a = {};
			leaf = leaf.a as Record<string, unknown>;
		}
		const items = [{ operation: 'UPSERT', user_account_id: 'u1', user_profile: {} }, { operation: 'UPSERT', user_account_id: 'u2', user_profile: root }];
		const parts = encodeItemsToParts(items, { ...ndjsonOptions({ validate: true }), format: 'ndjson' });
		const error = await rejectionOf(parts.next());
		expect(error.message).toMatch(/item 2: the value cannot be written as JSON/i);
	});
});

describe('prototype keys', () => {
	test('"__proto__" and "constructor" keys in a file line reach the platform as written and pollute nothing', async () => {
		const line = '{"operation":"UPSERT","user_account_id":"u","user_profile":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}}';
		const { parts } = await split(`${line}\n`, ndjsonOptions({ validate: true }));
		expect(parts[0].content.toString('utf8')).toBe(`${line}\n`);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('an item with an own "__proto__" key keeps it in its line', async () => {
		const item = JSON.parse('{"operation":"UPSERT","user_account_id":"u","user_profile":{"__proto__":{"a":1}}}') as object;
		const parts = [];
		for await (const part of encodeItemsToParts([item], { ...ndjsonOptions({ validate: true }), format: 'ndjson' })) parts.push(await collect(part.stream()));
		expect(Buffer.concat(parts).toString('utf8')).toBe('{"operation":"UPSERT","user_account_id":"u","user_profile":{"__proto__":{"a":1}}}\n');
	});
});

describe('Stop Before Upload reports', () => {
	test('the error lists each invalid line by number with its reason', async () => {
		const input = ['{"operation":"UPSERT","user_account_id":"u","user_profile":{}}', '{not json', '"a string"', '{"operation":"UPSERT","user_account_id":true,"user_profile":{}}'].join('\n');
		const error = await rejectionOf(split(input, ndjsonOptions({ validate: true })));
		expect(error.message).toMatch(/line 2: .*JSON/);
		expect(error.message).toMatch(/line 3: .*object/);
		expect(error.message).toMatch(/line 4: user_account_id must be/);
	});
});
