/**
 * The fast check of the other document types holds no rule of its own: it
 * reuses the full rules' verdict for lines of one shape (bulk/rules/lineShape.ts).
 * So when the rules become stricter in ways that judge values by the classes
 * of a shape (a field that may not hold "@", ids that must be strings, an
 * optional object that must not be empty, a capital word allowed in one field
 * only, a boolean that must be true, a fraction refused), the fast check
 * follows them without a change. Here the rules are made stricter in a fresh
 * module registry, and the fast check must still give every line the full
 * check's verdict.
 */
import fc from 'fast-check';

import { seededRandom, variedValue } from '../../e2e/variedLines';
import { edgeValue } from './segmentLineArbitraries';
import { withStricterRules } from './stricterRules';

const TYPES = ['USER_PROFILE', 'USER_CHOICE', 'USER_ACTIVITY', 'USER_IDENTIFIERS_DELETION', 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS'];

/** Every object and array in `value`, at any depth, with `value` itself. */
function parts(value: unknown): unknown[] {
	if (typeof value !== 'object' || value === null) return [];
	return [value, ...Object.values(value).flatMap(parts)];
}

/** Rules a stricter reading of the docs could add, each judging a value by its class. */
function stricter(line: Record<string, unknown>): string | undefined {
	for (const part of parts(line)) {
		if (Array.isArray(part)) continue;
		const object = part as Record<string, unknown>;
		for (const key of ['user_agent_id', '$user_agent_id', '$processing_id', 'user_account_id', '$user_account_id']) {
			if (typeof object[key] === 'string' && (object[key] as string).includes('@')) return `${key} looks like an email`;
			if (typeof object[key] === 'number') return `${key} must be a string`;
		}
		if (object.$properties !== undefined && JSON.stringify(object.$properties) === '{}') return '$properties must not be empty';
		if (object.$type === 'EMAIL') return '$type EMAIL is not allowed';
		if (object.optin === false) return 'optin must be true';
		if (typeof object.price === 'number' && !Number.isInteger(object.price)) return 'price must be whole';
	}
	return undefined;
}

let checkNdjsonLine: ReturnType<typeof withStricterRules>['checkNdjsonLine'];
let strictValidate: ReturnType<typeof withStricterRules>['strictValidate'];

beforeAll(() => ({ checkNdjsonLine, strictValidate } = withStricterRules(stricter)));

/** The stricter full check on a line that parses (the lines here all do). */
const fullVerdict = (documentType: string, text: string) => strictValidate(documentType, JSON.parse(text));

test('the stricter rules refuse some varied lines and accept others (so that the test below means something)', () => {
	for (const documentType of ['USER_PROFILE', 'USER_ACTIVITY']) {
		const random = seededRandom(3);
		const verdicts = Array.from({ length: 300 }, () => fullVerdict(documentType, JSON.stringify(variedValue(documentType, random))));
		expect(verdicts.filter((verdict) => verdict === undefined).length).toBeGreaterThan(10);
		expect(verdicts.filter((verdict) => verdict !== undefined).length).toBeGreaterThan(10);
	}
});

test.each(TYPES)('varied lines of %s, then a value replaced, get the stricter rules\' verdict, each after lines of their shape', (documentType) => {
	fc.assert(
		fc.property(fc.integer(), fc.nat(), edgeValue, (seed, which, value) => {
			const line = variedValue(documentType, seededRandom(seed));
			const keys = Object.keys(line);
			for (const text of [JSON.stringify(line), JSON.stringify({ ...line, [keys[which % keys.length]]: value })]) {
				expect(checkNdjsonLine(documentType, Buffer.from(text, 'utf8'))).toBe(fullVerdict(documentType, text));
			}
		}),
		{ numRuns: 5_000 },
	);
});
