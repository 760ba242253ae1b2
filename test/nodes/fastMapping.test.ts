/**
 * Build Lines From Fields with the mappings the editor writes: the lines
 * built through the fast path (actions/execution/upload/lines/mapping) are exactly the lines
 * built through n8n's own getNodeParameter (n8n-core's ExecuteContext, the
 * evaluation every item paid before), errors included, over generated items
 * and parameters; and a dragged-in mapping costs no per-item evaluation.
 */
import fc from 'fast-check';
import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { buildLine } from '../../nodes/Mediarithmics/actions/execution/upload/lines/lineFields';
import { Mediarithmics } from '../../nodes/Mediarithmics/Mediarithmics.node';
import { withFastParameters } from '../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/fastParameters';
import { itemJson, rawMapping } from '../unit/mapping/mappingArbitraries';
import { executeContext } from './harness';

const connection = { url: 'http://127.0.0.1:9', token: 'unused' };
const base = { resource: 'execution', operation: 'upload', inputMode: 'fields' };

/** Each item's line, or the message of the error building it threw. */
function lines(context: IExecuteFunctions, count: number): unknown[] {
	return Array.from({ length: count }, (_unused, itemIndex) => {
		try {
			return buildLine.call(context, itemIndex);
		} catch (error) {
			return { error: (error as Error).message };
		}
	});
}

function sameLines(parameters: INodeParameters, jsons: object[]): void {
	const { context, items } = executeContext(connection, { parameters: { ...base, ...parameters }, items: jsons as never });
	const evaluated = lines(context, items.length);
	const fast = lines(withFastParameters(context, items), items.length);
	expect(JSON.stringify(fast)).toBe(JSON.stringify(evaluated));
	expect(fast).toEqual(evaluated);
}

const dragged = fc.constantFrom('={{ $json.email }}', '={{ $json["e-mail"] }}', '={{ $json.contact.email }}', '={{ $json.a }}', '={{ $json.b[0] }}', '=C{{ $json.a }}', '={{ $json.tier }}');
const mapping = fc.oneof(dragged, rawMapping, fc.constantFrom('loyal', ' 42 ', 'a, b,,c'));
// A parameter set to null takes its default, which is `$now` for the activity timestamp: different at every evaluation.
const definedMapping = mapping.filter((value) => value !== null);
const crmItem = fc.record(
	{ email: fc.constantFrom(' Ada@Example.com ', 'x@y', '', 7, null), 'e-mail': fc.constantFrom('e@f', ' '), contact: fc.constantFrom({ email: 'c@d' }, null, 'x'), tier: fc.constantFrom('gold', ['a', 'b'], 0, false), unsubscribed: fc.constantFrom(true, false, 'yes', 'no', 1, 0, null, 'maybe') },
	{ requiredKeys: [] },
);
const items = fc.array(fc.oneof(crmItem, itemJson), { minLength: 1, maxLength: 4 });

describe('Build Lines From Fields: the fast path builds the lines n8n evaluation builds', () => {
	it('segment commands, for generated mappings and items', () => {
		const parameters = fc.record({
			lineDocumentType: fc.constant('USER_SEGMENT'),
			lineOperation: fc.oneof(fc.constantFrom('UPDATE', 'DELETE', 'removeWhenTrue', '={{ $json.unsubscribed ? "DELETE" : "UPDATE" }}'), mapping),
			removeWhenField: fc.constantFrom('unsubscribed', 'contact.email', 'missing'),
			identifierType: fc.constantFrom('email', 'email_hash', 'user_account_id', 'user_agent_id'),
			identifier: mapping,
			compartmentId: fc.oneof(fc.constant(''), mapping),
			segmentBy: fc.constantFrom('segment_id', 'segment_ids', 'segment_technical_name', 'segment_technical_names'),
			segment: mapping,
			expirationDuration: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 }), mapping),
			dataBag: fc.oneof(fc.constant(''), mapping, fc.constant('={{ $json.contact }}')),
			emailHashing: fc.oneof(fc.constant({}), fc.constant({ normalisation: 'none' }), fc.record({ algorithm: fc.constantFrom('sha1', 'md5') })),
		});
		fc.assert(fc.property(parameters, items, (values, jsons) => sameLines(values as INodeParameters, jsons)), { numRuns: 500 });
	});

	it('profile, deletion, activity and association lines, for generated mappings and items', () => {
		const parameters = fc.oneof(
			fc.record({ lineDocumentType: fc.constant('USER_PROFILE'), identifierType: fc.constant('user_account_id'), identifier: mapping, userProfile: fc.constantFrom('={{ $json }}', '={{ $json.contact }}', '{"a": 1}') }),
			fc.record({ lineDocumentType: fc.constant('USER_IDENTIFIERS_DELETION'), identifierType: fc.constantFrom('email', 'user_agent_id'), identifier: mapping }),
			fc.record({ lineDocumentType: fc.constant('USER_ACTIVITY'), identifierType: fc.constant('user_account_id'), identifier: mapping, activityTs: definedMapping, activityEvents: fc.constantFrom('={{ $json.b }}', '[]', '={{ $json.tier }}') }),
			fc.record({
				lineDocumentType: fc.constant('USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS'),
				associationIdentifiers: fc.record({ identifier: fc.array(fc.record({ type: fc.constantFrom('email', 'user_account_id'), value: mapping, compartmentId: fc.constantFrom('', '={{ $json.a }}') }), { minLength: 1, maxLength: 3 }) }),
			}),
		);
		fc.assert(fc.property(parameters, items, (values, jsons) => sameLines(values as INodeParameters, jsons)), { numRuns: 300 });
	});

	it('the crm-rows mappings cost no per-item evaluation by n8n', () => {
		const rows = Array.from({ length: 50 }, (_unused, index) => ({ email: ` C.${index}@Example.com`, tier: ['gold', 'silver'][index % 2], unsubscribed: index % 3 === 0 }));
		const { context, items: input } = executeContext(connection, {
			parameters: { ...base, lineDocumentType: 'USER_SEGMENT', lineOperation: 'removeWhenTrue', removeWhenField: 'unsubscribed', identifierType: 'email', identifier: '={{ $json.email }}', segmentBy: 'segment_technical_name', segment: '=newsletter_{{ $json.tier }}' },
			items: rows,
		});
		const evaluate = context.getNodeParameter;
		const evaluations: string[] = [];
		const counted = (name: string, itemIndex: number, fallback?: unknown, options?: { rawExpressions?: boolean }) => {
			if (!options?.rawExpressions) evaluations.push(`${name} of item ${itemIndex + 1}`);
			return evaluate(name, itemIndex, fallback, options);
		};
		Object.defineProperty(context, 'getNodeParameter', { value: counted });
		const built = lines(withFastParameters(context, input), input.length);
		expect(evaluations).toEqual([]);
		expect(built[0]).toEqual({ operation: 'DELETE', email_hash: expect.stringMatching(/^[0-9a-f]{64}$/), segment_technical_name: 'newsletter_gold', expiration_duration: 0 });
		expect(built[1]).toMatchObject({ operation: 'UPDATE', segment_technical_name: 'newsletter_silver' });
	});
});

describe('Operation: Remove When a Field Is True', () => {
	const build = (removeWhenField: string, jsons: object[]) => {
		const { context, items } = executeContext(connection, {
			parameters: { ...base, lineDocumentType: 'USER_SEGMENT', lineOperation: 'removeWhenTrue', removeWhenField, identifierType: 'user_account_id', identifier: 'c1', segment: '4242' },
			items: jsons as never,
		});
		return lines(withFastParameters(context, items), items.length);
	};

	it('reads the flag as CRM exports write it: booleans, 1/0, true/false, yes/no, empty or null', () => {
		const flags = [true, 'TRUE', ' yes ', 'y', 1, '1', false, 'false', 'No', 'n', 0, '0', '', null];
		const operations = build('unsubscribed', flags.map((unsubscribed) => ({ unsubscribed }))).map((line) => (line as { operation: string }).operation);
		expect(operations).toEqual([...Array(6).fill('DELETE'), ...Array(8).fill('UPDATE')]);
	});

	it('an empty field name is refused at run time, naming both parameters (the field is not `required`, so that Operation can be an expression)', () => {
		const field = new Mediarithmics().description.properties.find((property) => property.name === 'removeWhenField');
		expect(field?.required).toBeFalsy();
		expect(build(' ', [{ unsubscribed: true }])).toEqual([{ error: expect.stringMatching(/^Item 1: Operation is "Remove When a Field Is True" but Remove When Field Is True is empty/) }]);
	});

	it('its field description names every text read as true and as false (as the code reads them)', () => {
		const field = new Mediarithmics().description.properties.find((property) => property.name === 'removeWhenField');
		const [removes, adds] = String(field?.description).split(';');
		const texts = (values: string[]) => values.map((text) => build('unsubscribed', [{ unsubscribed: text }])[0] as { operation: string });
		// Every quoted text of each half reads as that half says, and each text the code accepts is named.
		for (const text of ['true', 'yes', 'y']) expect(removes).toContain(`"${text}"`);
		for (const text of ['false', 'no', 'n']) expect(adds).toContain(`"${text}"`);
		const quoted = (half: string) => [...half.matchAll(/"([^"]*)"/g)].map((match) => match[1]);
		expect(texts(quoted(removes)).map((line) => line.operation)).toEqual(quoted(removes).map(() => 'DELETE'));
		expect(texts(quoted(adds)).map((line) => line.operation)).toEqual(quoted(adds).map(() => 'UPDATE'));
	});

	it('takes a nested field in dot notation', () => {
		expect(build('contact.unsubscribed', [{ contact: { unsubscribed: true } }])).toMatchObject([{ operation: 'DELETE' }]);
	});

	it('names the item and the field when the field is missing or not a flag', () => {
		expect(build('unsubscribed', [{ unsubscribed: false }, { other: 1 }])[1]).toEqual({ error: 'Item 2 has no field "unsubscribed"' });
		expect(build('unsubscribed', [{ unsubscribed: 'maybe' }])[0]).toEqual({ error: 'Item 1: the field "unsubscribed" is "maybe", neither true nor false' });
	});
});
