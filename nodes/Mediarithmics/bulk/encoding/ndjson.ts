/**
 * One JavaScript value as one NDJSON line. JSON.stringify silently changes
 * what it cannot represent (NaN becomes null, a function disappears, an
 * undefined array item becomes null) and throws an obscure TypeError on
 * BigInt or cycles. A bulk import must not upload something other than what
 * the workflow built, so those cases are refused with the path of the value.
 *
 * An object property whose value is undefined is the one exception: it is
 * left out, as JSON.stringify does, because in JavaScript an undefined
 * property and an absent one mean the same thing.
 *
 * JSON.stringify escapes every control character, so the text never holds a
 * raw line feed: one value is always exactly one line.
 */
import { EncodingError } from '../errors';

/** "$.a.b", "$[3]", "$[\"odd key\"]": where a value sits, for messages. */
function childPath(parentPath: string, key: string, holder: unknown): string {
	if (Array.isArray(holder)) return `${parentPath}[${key}]`;
	return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parentPath}.${key}` : `${parentPath}[${JSON.stringify(key)}]`;
}

function problemWith(value: unknown, inArray: boolean, isRoot: boolean): string | undefined {
	switch (typeof value) {
		case 'number':
			return Number.isFinite(value) ? undefined : `is ${String(value)}, which JSON cannot represent`;
		case 'bigint':
			return 'is a BigInt, which JSON cannot represent: convert it to a string or a number';
		case 'function':
			return 'is a function, which JSON cannot represent';
		case 'symbol':
			return 'is a symbol, which JSON cannot represent';
		case 'undefined':
			return inArray || isRoot ? 'is undefined, which JSON cannot represent' : undefined;
		case 'object':
			// Both serialise as {} and would lose every entry.
			if (value instanceof Map) return 'is a Map, which JSON writes as {}: convert it to an object';
			if (value instanceof Set) return 'is a Set, which JSON writes as {}: convert it to an array';
			return undefined;
		default:
			return undefined;
	}
}

/** Deeper than this, the fast check gives up (it may be a cycle) and the full path decides. */
const MAX_FAST_DEPTH = 64;

/**
 * Whether JSON.stringify writes `value` exactly as it is, so that the
 * replacer below would find nothing: strings, finite numbers, booleans, null,
 * plain objects (undefined properties are left out either way) and arrays
 * without undefined items or holes. Anything else (Dates and other toJSON
 * objects, class instances, Maps, BigInts, cycles...) answers false and goes
 * the careful way. One walk without allocation, much cheaper than a replacer
 * call per value.
 */
function isPlainJson(value: unknown, depth: number): boolean {
	if (value === null) return true;
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return true;
		case 'number':
			return Number.isFinite(value);
		case 'object': {
			if (depth > MAX_FAST_DEPTH) return false;
			if (Array.isArray(value)) {
				for (let index = 0; index < value.length; index++) {
					const item: unknown = value[index];
					if (item === undefined || !isPlainJson(item, depth + 1)) return false;
				}
				return true;
			}
			const prototype: unknown = Object.getPrototypeOf(value);
			if (prototype !== Object.prototype && prototype !== null) return false;
			if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
			const object = value as Record<string, unknown>;
			for (const key of Object.keys(object)) {
				const item = object[key];
				if (item !== undefined && !isPlainJson(item, depth + 1)) return false;
			}
			return true;
		}
		default:
			return false;
	}
}

/** The JSON text of `value` (no line ending), or an EncodingError naming the first bad value. */
export function stringifyFaithfully(value: unknown): string {
	// The common case: nothing JSON.stringify would change, so no replacer is needed.
	if (isPlainJson(value, 0)) return JSON.stringify(value);
	return stringifyCheckingEveryValue(value);
}

/** stringifyFaithfully's careful way: a replacer looks at every value and names the first bad one. */
export function stringifyCheckingEveryValue(value: unknown): string {
	// Path of every object met so far; the replacer's `this` is the holder of
	// the value at hand, so its path gives the value's path.
	const paths = new WeakMap<object, string>();
	let text: string | undefined;
	let failure: unknown;
	try {
		text = JSON.stringify(value, function (this: object, key: string, current: unknown) {
			const parentPath = paths.get(this);
			const isRoot = parentPath === undefined;
			const path = isRoot ? '$' : childPath(parentPath, key, this);
			const problem = problemWith(current, Array.isArray(this), isRoot);
			if (problem !== undefined) throw new EncodingError(`${isRoot ? 'the value' : path} ${problem}`);
			if (typeof current === 'object' && current !== null) paths.set(current, path);
			return current;
		});
	} catch (error) {
		failure = error;
	}
	if (failure instanceof EncodingError) throw failure;
	if (failure !== undefined) {
		// Cycles: "Converting circular structure to JSON …".
		throw new EncodingError(`the value cannot be written as JSON: ${String((failure as Error).message).split('\n')[0]}`);
	}
	if (text === undefined) throw new EncodingError('the value cannot be written as JSON');
	return text;
}
