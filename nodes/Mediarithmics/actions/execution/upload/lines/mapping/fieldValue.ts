/**
 * A field of an item named as n8n's own nodes take field names (Sort, Remove
 * Duplicates, Compare Datasets, Summarize read them with lodash `get`): the
 * name itself when it has no dot or bracket, or when the item has a field of
 * that very name; else dot notation for a nested field (`contact.unsubscribed`),
 * `[0]` for an entry of a list, `["a.b"]` for a key with a dot. Written here
 * because a community node may not load lodash; test/unit/mapping/fieldValue.test.ts
 * compares it with lodash `get`.
 */
export function fieldValue(json: unknown, name: string): unknown {
	const path = isKey(name, json) ? [name] : pathOf(name);
	let value: unknown = json;
	let index = 0;
	while (value !== null && value !== undefined && index < path.length) value = (value as Record<string, unknown>)[path[index++]];
	return index && index === path.length ? value : undefined;
}

// lodash's own patterns (_isKey.js, _stringToPath.js).
const DEEP_PROPERTY = /\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]/;
const PLAIN_PROPERTY = /^\w*$/;
const PROPERTY_NAME = /[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g;
const ESCAPE = /\\(\\)?/g;

function isKey(name: string, json: unknown): boolean {
	return PLAIN_PROPERTY.test(name) || !DEEP_PROPERTY.test(name) || (json !== null && json !== undefined && name in Object(json));
}

const paths = new Map<string, string[]>();

function pathOf(name: string): string[] {
	const cached = paths.get(name);
	if (cached) return cached;
	const parts: string[] = [];
	if (name.charCodeAt(0) === 46 /* . */) parts.push('');
	name.replace(PROPERTY_NAME, (match: string, number?: string, quote?: string, subString?: string) => {
		parts.push(quote ? (subString as string).replace(ESCAPE, '$1') : (number ?? match));
		return match;
	});
	if (paths.size < 1000) paths.set(name, parts);
	return parts;
}
