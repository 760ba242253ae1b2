/** A field name reads what n8n's own nodes (lodash `get`) read: differential over generated names and items. */
import fc from 'fast-check';

import { fieldValue } from '../../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/fieldValue';
import { itemJson } from './mappingArbitraries';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const get = require('lodash/get') as (object: unknown, path: string) => unknown;

const namePart = fc.constantFrom('email', 'contact', 'a', 'b', '0', '1', 'e-mail', 'with space', 'a.b', 'length', 'toString', '');
const name = fc.oneof(
	namePart,
	fc.array(fc.oneof(namePart, fc.constantFrom('[0]', '[1]', '["a.b"]', "['x']", '[-1]', '.', '..', '[')), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
	fc.array(fc.oneof(namePart, fc.constantFrom('[0]', '["a.b"]', '.')), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
	fc.string({ maxLength: 6 }),
);

describe('field names in dot notation', () => {
	it('read what lodash get reads, for generated names and items', () => {
		fc.assert(
			fc.property(fc.oneof(itemJson, fc.constant({ 'a.b': 1, a: { b: 2 } })), name, (json, field) => {
				expect(Object.is(fieldValue(json, field), get(json, field))).toBe(true);
			}),
			{ numRuns: 3000 },
		);
	});

	it.each([
		[{ unsubscribed: true }, 'unsubscribed', true],
		[{ contact: { unsubscribed: 'yes' } }, 'contact.unsubscribed', 'yes'],
		[{ 'contact.unsubscribed': 1, contact: { unsubscribed: 2 } }, 'contact.unsubscribed', 1],
		[{ flags: [false, true] }, 'flags[1]', true],
		[{ contact: null }, 'contact.unsubscribed', undefined],
	])('%p, %s', (json, field, expected) => {
		expect(fieldValue(json, field)).toBe(expected);
	});
});
