/**
 * Lines that read one way here and perhaps another on the platform are
 * refused by the full check and never passed by the fast one: a key written
 * twice in one object (JSON.parse keeps the last one, other readers the
 * first), including a known key written with an escape. A file whose lines end
 * with CR alone is told as such, not as a bare JSON error.
 */
import { checkNdjsonLine } from '../../../nodes/Mediarithmics/bulk';
import { forgetValidSegmentShapes, isKnownValidSegmentLine } from '../../../nodes/Mediarithmics/bulk/rules/fastSegmentLine';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const segment = '"user_account_id":"u1","segment_id":"42","expiration_duration":0';
/** Whether the fast path takes `text` once valid lines of its fields (each key once) have been checked and learnt. */
function fast(text: string): boolean {
	forgetValidSegmentShapes();
	for (const valid of [`{"operation":"UPDATE",${segment}}`, `{"operation":"UPDATE",${segment},"note":"a"}`, `{ "operation" : "UPDATE", ${segment} }`]) {
		expect(checkNdjsonLine('USER_SEGMENT', bytes(valid))).toBeUndefined();
	}
	return isKnownValidSegmentLine(bytes(text), 0, bytes(text).length);
}

describe('a key written twice', () => {
	test.each([
		['operation twice', `{"operation":"UPDATE",${segment},"operation":"DELETE"}`, /"operation" appears twice/],
		['operation, then written with an escape', `{"operation":"UPDATE",${segment},"\\u006fperation":"DELETE"}`, /"operation" appears twice/],
		['an unknown key twice', `{"operation":"UPDATE",${segment},"note":"a","note":"b"}`, /"note" appears twice/],
		['a known key twice, spaced', `{ "operation" : "UPDATE", ${segment}, "segment_id" : "43" }`, /"segment_id" appears twice/],
	])('%s: refused by the full check, not passed by the fast one', (_name, line, reason) => {
		expect(checkNdjsonLine('USER_SEGMENT', bytes(line))).toMatch(reason);
		expect(fast(line)).toBe(false);
	});

	test('inside a nested object, the path is named', () => {
		const line = '{"operation":"UPSERT","user_account_id":"u1","user_profile":{"tier":"gold","tier":"silver"}}';
		expect(checkNdjsonLine('USER_PROFILE', bytes(line))).toMatch(/"tier" appears twice in user_profile/);
	});

	test('the same key in two objects of a list, or as text inside a value, is no repeat', () => {
		expect(checkNdjsonLine('USER_SEGMENT', bytes(`{"operation":"UPDATE",${segment},"note":"\\"operation\\":1"}`))).toBeUndefined();
		const line = '{"operation":"UPSERT","user_account_id":"u1","user_profile":{"orders":[{"id":1},{"id":2}],"id":3}}';
		expect(checkNdjsonLine('USER_PROFILE', bytes(line))).toBeUndefined();
	});

	test('an ordinary line still takes the fast path', () => {
		expect(fast(`{"operation":"UPDATE",${segment.replace("u1", "u2")},"note":"b"}`)).toBe(true);
	});
});

test('a line holding CR line ends says so', () => {
	const line = `{"operation":"UPDATE",${segment}}\r{"operation":"UPDATE",${segment}}\r`;
	expect(checkNdjsonLine('USER_SEGMENT', bytes(line))).toMatch(/carriage returns \(CR\): NDJSON lines end with LF \(or CRLF\), not CR alone/);
});
