/**
 * The mappings people make in n8n's editor, resolved without n8n's per-item
 * expression evaluation. Dragging an input field onto a parameter writes
 * `={{ $json.email }}` (or `$json["e-mail"]`, `$json.contact.email`); typing
 * a value writes a constant; a segment name is often `=newsletter_{{ $json.tier }}`.
 * n8n evaluates each of these per item through its sandbox, the largest cost
 * of a large upload (figures: bench/README.md, Build Lines From Fields without
 * per-item evaluation); here they are read once, compiled to a path lookup, and
 * resolved per item to exactly the value n8n's evaluation gives
 * (test/unit/mapping/*.differential.test.ts runs both side by side).
 *
 * Only forms whose result is certain are compiled; anything else returns
 * undefined from compileMapping (n8n evaluates the parameter for every item).
 * A compiled mapping may still meet an item it cannot be sure of (a Date, an
 * inherited property such as `toString`, an object inside a text): it returns
 * EVALUATE and n8n evaluates that one item.
 *
 * What n8n does, and what is copied here (n8n-workflow 2.41, @n8n/tournament):
 * - a value not starting with "=" is returned as is;
 * - "={{ code }}" alone (nothing, not even a space, outside the braces) returns
 *   the code's value as it is: a number stays a number, an object an object;
 * - text around the braces, or several braces, makes a text: each value v
 *   becomes "" unless `v || v === 0 || v === false`, then all are joined;
 * - a property of undefined or null gives undefined (n8n swallows the
 *   TypeError), in a text "".
 */

/** Returned per item when only n8n's own evaluation can give the value for that item. */
export const EVALUATE: unique symbol = Symbol('evaluate with n8n');

/** The parameter's value for one item's JSON, or EVALUATE. */
export type ItemMapping = (json: unknown) => unknown;

type Chunk = { text: string } | { path: string[] };

/** Keys n8n refuses to read (n8n-workflow's `isSafeObjectProperty`): left to n8n, which says why. */
const UNSAFE_KEYS = new Set([
	'__proto__', 'prototype', 'constructor', 'getPrototypeOf', 'setPrototypeOf', 'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors', 'defineProperty', 'defineProperties', 'mainModule', 'binding', '_linkedBinding',
	'_load', 'prepareStackTrace', '__lookupGetter__', '__lookupSetter__', '__defineGetter__', '__defineSetter__',
	'caller', 'callee', 'arguments', 'getBuiltinModule', 'dlopen', 'execve', 'loadEnvFile',
]);

// `$json` then `.name`, `[0]`, `["key"]` or `['key']`: what the editor writes when a field is dragged in.
// Quoted keys exclude what would change how n8n splits or parses the text (braces, backslashes, line ends).
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[(0|[1-9]\d{0,8})\]|\["([^"\\{}\r\n\u2028\u2029]*)"\]|\['([^'\\{}\r\n\u2028\u2029]*)'\]/y;
const CODE = /^[ \t\n]*\$json((?:\.[A-Za-z_$][\w$]*|\[(?:0|[1-9]\d{0,8})\]|\["[^"\\{}\r\n\u2028\u2029]*"\]|\['[^'\\{}\r\n\u2028\u2029]*'\])*)[ \t\n]*$/;
// Text around the braces: no brace or backslash, which n8n's splitter treats specially.
const PLAIN_TEXT = /^[^{}\\]*$/;
const MAX_DEPTH = 64;

/**
 * The mapping of a raw parameter value (as stored in the workflow, before
 * n8n resolves it), or undefined when n8n must evaluate it for every item.
 */
export function compileMapping(raw: unknown): ItemMapping | undefined {
	if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return () => raw;
	if (typeof raw === 'object') return compileContainer(raw);
	if (typeof raw !== 'string') return undefined;
	if (raw[0] !== '=') return () => raw;
	// n8n refuses this anywhere in an expression, text included.
	if (/\.\s*constructor/.test(raw)) return undefined;
	const chunks = splitTemplate(raw.slice(1));
	if (!chunks) return undefined;
	if (chunks.length === 1 && 'path' in chunks[0]) {
		const path = chunks[0].path;
		return (json) => wholeValue(lookup(json, path));
	}
	if (chunks.every((chunk) => 'text' in chunk)) {
		const text = chunks.map((chunk) => (chunk as { text: string }).text).join('');
		return () => text;
	}
	return (json) => {
		let text = '';
		for (const chunk of chunks) {
			if ('text' in chunk) {
				text += chunk.text;
				continue;
			}
			const part = textOf(lookup(json, chunk.path));
			if (part === EVALUATE) return EVALUATE;
			text += part;
		}
		return text;
	};
}

/** The text and `{{ $json… }}` chunks of a string compileMapping compiles (a constant string is one text chunk); undefined otherwise. */
export function templateChunks(raw: string): ReadonlyArray<{ text: string } | { path: readonly string[] }> | undefined {
	if (compileMapping(raw) === undefined) return undefined;
	return raw[0] === '=' ? splitTemplate(raw.slice(1)) : [{ text: raw }];
}

/**
 * A collection or list parameter (e.g. Email Hashing, Identifiers): n8n
 * resolves every entry and returns a new object or array of the results.
 */
function compileContainer(raw: object): ItemMapping | undefined {
	if (!isPlainContainer(raw)) return undefined;
	const entries: Array<[string, ItemMapping]> = [];
	for (const key of Object.keys(raw)) {
		const mapping = compileMapping((raw as Record<string, unknown>)[key]);
		if (!mapping) return undefined;
		entries.push([key, mapping]);
	}
	const isArray = Array.isArray(raw);
	return (json) => {
		const result: Record<string, unknown> | unknown[] = isArray ? [] : {};
		for (const [key, mapping] of entries) {
			const value = mapping(json);
			if (value === EVALUATE) return EVALUATE;
			(result as Record<string, unknown>)[key] = value;
		}
		return result;
	};
}

/** Text and `{{ $json… }}` chunks, or undefined when the expression holds anything else. */
function splitTemplate(expression: string): Chunk[] | undefined {
	const chunks: Chunk[] = [];
	let index = 0;
	while (index < expression.length) {
		const open = expression.indexOf('{{', index);
		const text = open === -1 ? expression.slice(index) : expression.slice(index, open);
		if (!PLAIN_TEXT.test(text)) return undefined;
		if (text !== '') chunks.push({ text });
		if (open === -1) break;
		const close = expression.indexOf('}}', open + 2);
		if (close === -1) return undefined;
		const path = parsePath(expression.slice(open + 2, close));
		if (!path) return undefined;
		chunks.push({ path });
		index = close + 2;
	}
	if (chunks.length === 0) chunks.push({ text: '' });
	return chunks;
}

function parsePath(code: string): string[] | undefined {
	const match = CODE.exec(code);
	if (!match) return undefined;
	const path: string[] = [];
	const segments = match[1];
	SEGMENT.lastIndex = 0;
	while (SEGMENT.lastIndex < segments.length) {
		const segment = SEGMENT.exec(segments);
		if (!segment) return undefined;
		const key = segment[1] ?? segment[2] ?? segment[3] ?? segment[4];
		if (UNSAFE_KEYS.has(key)) return undefined;
		path.push(key);
	}
	return path;
}

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

function isPlainContainer(value: object): boolean {
	if (Array.isArray(value)) return true;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/** `$json.a.b…` as JavaScript reads it, for the values an n8n item holds; EVALUATE for anything else. */
function lookup(json: unknown, path: string[]): unknown {
	let value = json;
	for (const key of path) {
		if (value === undefined || value === null) return undefined;
		if (typeof value === 'object') {
			if (!isPlainContainer(value)) return EVALUATE;
			if (hasOwn(value, key)) value = (value as Record<string, unknown>)[key];
			else if (key in value) return EVALUATE; // inherited, e.g. toString
			else return undefined;
		} else if (typeof value === 'string') {
			// Own properties of a string are its length and its indices.
			if (hasOwn(Object(value), key)) value = (value as unknown as Record<string, unknown>)[key];
			else if (key in Object(value)) return EVALUATE;
			else return undefined;
		} else if (typeof value === 'number' || typeof value === 'boolean') {
			if (key in Object(value)) return EVALUATE;
			return undefined;
		} else {
			return EVALUATE;
		}
	}
	return value;
}

/** A whole-expression result: as is, when it is JSON-like data (n8n then returns the same value). */
function wholeValue(value: unknown): unknown {
	if (value === EVALUATE) return EVALUATE;
	if (value === null || value === undefined) return value;
	switch (typeof value) {
		case 'string':
		case 'number':
		case 'boolean':
			return value;
		case 'object':
			return isPlainData(value, 0) ? value : EVALUATE;
		default:
			return EVALUATE;
	}
}

/** Nested arrays and plain objects of strings, numbers, booleans and null, as n8n items hold. */
function isPlainData(value: unknown, depth: number): boolean {
	if (value === null || value === undefined) return true;
	const type = typeof value;
	if (type === 'string' || type === 'number' || type === 'boolean') return true;
	if (type !== 'object' || depth > MAX_DEPTH || !isPlainContainer(value as object)) return false;
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			if (!(index in value) || !isPlainData(value[index], depth + 1)) return false;
		}
		return true;
	}
	for (const key of Object.keys(value as object)) {
		// n8n's default engine (vm) fails to copy out an object with a key such as "toString" or "valueOf"
		// (it meets the inherited function); the legacy engine returns it. Left to whichever engine runs.
		if (key in Object.prototype) return false;
		if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false;
	}
	// Symbol keys and non-enumerable properties are not item data.
	return Object.getOwnPropertySymbols(value).length === 0 && Object.getOwnPropertyNames(value).length === Object.keys(value as object).length;
}

/** One `{{ }}` of a text: "" for what n8n drops, the text of a string, number or boolean; objects left to n8n. */
function textOf(value: unknown): string | typeof EVALUATE {
	if (value === EVALUATE) return EVALUATE;
	switch (typeof value) {
		case 'string':
			return value;
		case 'number':
			return value || value === 0 ? String(value) : '';
		case 'boolean':
			return String(value);
		case 'undefined':
			return '';
		default:
			return value === null ? '' : EVALUATE;
	}
}
