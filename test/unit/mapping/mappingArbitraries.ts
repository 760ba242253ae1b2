/**
 * Generated items and mappings for the differential tests: the JSON n8n items
 * hold (and a few things a Code node can put in them: undefined, NaN, -0, a
 * Date), and parameter values as the editor writes them (constants, dragged
 * fields, text around fields), with the near misses that must stay n8n's
 * (spaces outside the braces, inherited properties, unsafe keys, methods).
 */
import fc from 'fast-check';

/** Keys items use and mappings name: ordinary, awkward, inherited, unsafe, reserved words. */
export const KEYS = ['email', 'e-mail', 'tier', 'contact', 'a', 'b', '0', '1', 'length', 'toString', 'valueOf', 'hasOwnProperty', 'class', 'if', '$x', '_y', 'with space', 'ünï', 'constructor', '__proto__', 'prototype', 'caller', 'isProxy', 'json'];

const leaf = fc.oneof(
	{ arbitrary: fc.string({ maxLength: 6 }), weight: 4 },
	{ arbitrary: fc.constantFrom(' Ada@Example.com ', '', ' ', 'true', 'false', '0', 'null', '\n', 'a,b'), weight: 2 },
	{ arbitrary: fc.integer({ min: -5, max: 5 }), weight: 2 },
	{ arbitrary: fc.double(), weight: 1 },
	{ arbitrary: fc.constantFrom(0, -0, NaN, Infinity, 1e21, 0.1), weight: 1 },
	{ arbitrary: fc.boolean(), weight: 2 },
	{ arbitrary: fc.constant(null), weight: 2 },
	{ arbitrary: fc.constant(undefined), weight: 1 },
	{ arbitrary: fc.constant(new Date(0)), weight: 1 },
);

const safeKey = fc.constantFrom(...KEYS.filter((key) => key !== '__proto__'));

export const itemValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		{ arbitrary: leaf, weight: 3 },
		{ arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 1 },
		{ arbitrary: fc.dictionary(safeKey, tie('value'), { maxKeys: 4 }), weight: 1 },
	),
})).value;

/** One item's JSON: an object with some of the keys. */
export const itemJson = fc.dictionary(safeKey, itemValue, { maxKeys: 6 });

const identifierKey = fc.constantFrom(...KEYS.filter((key) => /^[A-Za-z_$][\w$]*$/.test(key)));
const segment = fc.oneof(
	identifierKey.map((key) => `.${key}`),
	fc.constantFrom(...KEYS).map((key) => `["${key}"]`),
	fc.constantFrom(...KEYS).map((key) => `['${key}']`),
	fc.constantFrom('[0]', '[1]', '[2]', '[01]', '[-1]', '[ 0 ]'),
	fc.constantFrom('?.a', '.a()', '.length', '.toString()', ' .a', '[a]', '.a.b', '["a\\"b"]', '["}}"]'),
);
const space = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0');
const path = fc.tuple(fc.constantFrom('$json', '$json', '$json', '$input.item.json', '$json ', 'json'), fc.array(segment, { maxLength: 4 })).map(([root, segments]) => root + segments.join(''));
const braces = fc.tuple(space, path, space).map(([before, code, after]) => `{{${before}${code}${after}}}`);
const text = fc.oneof(
	{ arbitrary: fc.constantFrom('', 'newsletter_', ' ', 'a-', '"', "'", '\\', '{', '}', '.constructor', '\n', 'x}}', '\\{{', '{{ }}', '`${a}`'), weight: 3 },
	{ arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
);

/** A parameter's raw value: a constant, or "=" and text and braces. */
export const rawMapping: fc.Arbitrary<unknown> = fc.oneof(
	{ arbitrary: fc.array(fc.oneof(braces, text), { minLength: 1, maxLength: 4 }).map((parts) => `=${parts.join('')}`), weight: 8 },
	{ arbitrary: braces.map((code) => `=${code}`), weight: 6 },
	{ arbitrary: fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant('{{ $json.a }}')), weight: 1 },
);

/** Any parameter: a scalar mapping, or a collection / list of them (Email Hashing, Identifiers). */
export const rawParameter: fc.Arbitrary<unknown> = fc.oneof(
	{ arbitrary: rawMapping, weight: 6 },
	{ arbitrary: fc.dictionary(fc.constantFrom('type', 'value', 'compartmentId'), rawMapping, { maxKeys: 3 }), weight: 1 },
	{ arbitrary: fc.record({ identifier: fc.array(fc.dictionary(fc.constantFrom('type', 'value'), rawMapping, { maxKeys: 2 }), { maxLength: 3 }) }), weight: 1 },
);
