/**
 * Differential tests: the node's compiled mappings against n8n's own
 * evaluation (n8n-workflow 2.41, legacy engine), over generated items and
 * mappings. Whenever a mapping is compiled and gives a value for an item,
 * n8n must give exactly that value (same type, -0, NaN, undefined, nested
 * objects); where it returns EVALUATE, n8n evaluates and nothing is compared.
 */
import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';

import { compileMapping, EVALUATE } from '../../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/simpleMapping';
import { itemJson, rawParameter } from './mappingArbitraries';
import { n8nValue } from './n8nEvaluation';

const show = (value: unknown) => require('util').inspect(value, { depth: 6 });

function assertSameAsN8n(raw: unknown, jsons: Array<Record<string, unknown>>): 'fast' | 'evaluated' | 'not compiled' {
	const mapping = compileMapping(raw);
	if (!mapping) return 'not compiled';
	const items = jsons.map((json) => ({ json: json as never }));
	let fast = false;
	items.forEach((item, itemIndex) => {
		const ours = mapping(item.json);
		if (ours === EVALUATE) return;
		fast = true;
		const n8n = n8nValue(raw, items, itemIndex);
		if (!('value' in n8n) || !isDeepStrictEqual(ours, n8n.value) || (typeof ours === 'object' && ours !== null && JSON.stringify(ours) !== JSON.stringify(n8n.value))) {
			throw new Error(`mapping ${JSON.stringify(raw)} on ${show(item.json)}: node gives ${show(ours)}, n8n gives ${show(n8n)}`);
		}
	});
	return fast ? 'fast' : 'evaluated';
}

describe('mappings taken without n8n evaluation give what n8n gives', () => {
	it('for generated mappings and items', () => {
		const counts = { fast: 0, evaluated: 0, 'not compiled': 0 };
		fc.assert(
			fc.property(rawParameter, fc.array(itemJson, { minLength: 1, maxLength: 3 }), (raw, jsons) => {
				counts[assertSameAsN8n(raw, jsons)]++;
			}),
			{ numRuns: 3000 },
		);
		// The generator must reach the fast path often, or the test proves little.
		expect(counts.fast).toBeGreaterThan(500);
		expect(counts['not compiled']).toBeGreaterThan(300);
	});

	it.each([
		['={{ $json.email }}', { email: ' Ada@Example.com ' }],
		['={{ $json["e-mail"] }}', { 'e-mail': 'x@y' }],
		["={{ $json['e-mail'] }}", { 'e-mail': 'x@y' }],
		['={{ $json.contact.email }}', { contact: { email: 'c@d' } }],
		['={{ $json.contact.email }}', { contact: null }],
		['={{ $json.contact.email }}', {}],
		['={{ $json.tags }}', { tags: ['a', null, 2] }],
		['={{ $json.tags[1] }}', { tags: ['a', 'b'] }],
		['={{ $json.count }}', { count: 0 }],
		['={{ $json.flag }}', { flag: false }],
		['={{ $json.none }}', { none: null }],
		['={{$json.email}}', { email: 'tight' }],
		['={{ $json.email }} ', { email: 'trailing space makes a text' }],
		['= {{ $json.email }}', { email: 'leading space makes a text' }],
		['=newsletter_{{ $json.tier }}', { tier: 'gold' }],
		['=newsletter_{{ $json.tier }}', { tier: null }],
		['=n_{{ $json.n }}', { n: 0 }],
		['=n_{{ $json.n }}', { n: -0 }],
		['=n_{{ $json.n }}', { n: NaN }],
		['=n_{{ $json.f }}', { f: false }],
		['={{ $json.first }} {{ $json.last }}', { first: 'Ada', last: 'Lovelace' }],
		['={{ $json }}', { a: 1, b: [true] }],
		['={{ $json.email.length }}', { email: 'abc' }],
		['loyal_customers', {}],
		['=', {}],
		[42, {}],
		[{ algorithm: 'sha256', normalisation: 'none' }, {}],
		[{ identifier: [{ type: 'email', value: '={{ $json.email }}' }, { type: 'user_account_id', value: '=C{{ $json.id }}' }] }, { email: 'a@b', id: 7 }],
	])('%s on %p', (raw, json) => {
		expect(assertSameAsN8n(raw, [json as Record<string, unknown>])).toBe('fast');
	});

	it.each([
		['={{ $json.unsubscribed ? "DELETE" : "UPDATE" }}'],
		['={{ $json.email.trim() }}'],
		['={{ $json?.email }}'],
		['={{ $input.item.json.email }}'],
		['={{ $json.__proto__ }}'],
		['={{ $json["constructor"] }}'],
		['=a.constructor{{ $json.a }}'],
		['={{ $json.a }'],
		['=\\{{ $json.a }}'],
		['={{ $json["a}}"] }}'],
	])('%s is left to n8n', (raw) => {
		expect(compileMapping(raw)).toBeUndefined();
	});

	it.each([
		['={{ $json.email.toString }}', { email: 'a' }],
		['={{ $json.when }}', { when: new Date(0) }],
		['=at {{ $json.contact }}', { contact: { a: 1 } }],
		['=at {{ $json.tags }}', { tags: [1, 2] }],
		['={{ $json.n.toFixed }}', { n: 1 }],
		// The default engine (vm) cannot copy such an object out; the legacy one can: left to the engine that runs.
		['={{ $json.contact }}', { contact: { toString: 'x' } }],
	])('%s on %p is evaluated by n8n for that item', (raw, json) => {
		expect(compileMapping(raw)!(json)).toBe(EVALUATE);
	});
});
