/**
 * The fast USER_SEGMENT check holds no rule of its own: it reuses the full
 * rules' verdict for lines of one shape. So when the rules become stricter in
 * the ways the docs' grey areas invite (an email_hash that must look like a
 * hash, ids that must be strings, identifiers that must not be blank, a
 * data_bag that must hold an object), the fast check follows them without a
 * change. Here the rules are made stricter in a fresh module registry, and
 * the fast check must still give every line the full check's verdict.
 */
import fc from 'fast-check';

import { seededRandom, variedValue } from '../../e2e/variedLines';
import { edgeValue, render } from './segmentLineArbitraries';
import { withStricterRules } from './stricterRules';

const ID_FIELDS = ['user_account_id', 'user_agent_id', 'compartment_id', 'segment_id', 'segment_technical_name'];

/** Rules a stricter reading of the docs could add. */
function stricter(line: Record<string, unknown>): string | undefined {
	const hash = line.email_hash;
	if (typeof hash === 'string' && !/^[0-9a-f]{64}$/.test(hash)) return 'email_hash must be a SHA-256 hash';
	for (const field of ID_FIELDS) {
		const value = line[field];
		if (typeof value === 'number') return `${field} must be a string`;
		if (typeof value === 'string' && value.trim() === '') return `${field} must not be blank`;
		if (typeof value === 'string' && value.includes('@')) return `${field} looks like an email`;
	}
	for (const list of ['segment_ids', 'segment_technical_names']) {
		const value = line[list];
		if (Array.isArray(value) && value.some((item) => typeof item !== 'string')) return `${list} must hold strings`;
	}
	if (typeof line.data_bag === 'string') {
		try {
			const bag: unknown = JSON.parse(line.data_bag);
			if (typeof bag !== 'object' || bag === null || Array.isArray(bag)) return 'data_bag must hold a JSON object';
		} catch {
			// The rules' own message says it.
		}
	}
	return undefined;
}

let checkNdjsonLine: ReturnType<typeof withStricterRules>['checkNdjsonLine'];
let strictValidate: ReturnType<typeof withStricterRules>['strictValidate'];

beforeAll(() => ({ checkNdjsonLine, strictValidate } = withStricterRules(stricter)));

function fullVerdict(text: string): string | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return `malformed JSON: ${(error as Error).message}`;
	}
	return strictValidate('USER_SEGMENT', value);
}

test('the varied lines stay valid under the stricter rules, which refuse a raw email (so that the test below means something)', () => {
	const random = seededRandom(3);
	const refused = Array.from({ length: 200 }, () => render(Object.entries(variedValue('USER_SEGMENT', random)), '')).filter((line) => fullVerdict(line) !== undefined);
	expect(refused).toEqual([]);
	expect(fullVerdict('{"operation":"UPDATE","email_hash":"jane-example-com","segment_id":"1","expiration_duration":0}')).toBe('email_hash must be a SHA-256 hash');
});

test('varied lines with one field given another value get the stricter rules\' verdict, each after a line of their shape', () => {
	fc.assert(
		fc.property(fc.integer(), fc.nat(), edgeValue, edgeValue, (seed, which, first, second) => {
			const entries = Object.entries(variedValue('USER_SEGMENT', seededRandom(seed)));
			for (const value of [first, second]) {
				entries[which % entries.length][1] = value;
				const line = render(entries, '');
				expect(checkNdjsonLine('USER_SEGMENT', Buffer.from(line, 'utf8'))).toBe(fullVerdict(line));
			}
		}),
		{ numRuns: 20_000 },
	);
});
