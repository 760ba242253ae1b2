/**
 * Building blocks for line rules. Every check returns a human reason, or
 * undefined when the field is fine.
 *
 * Fields are read as OWN properties only: a line parsed from JSON may carry
 * keys such as "__proto__" or "constructor", and a value handed in by a
 * workflow may have a prototype chain. Reading own properties means neither
 * can make a required field appear, and nothing here ever writes a key taken
 * from the input.
 */
import { describeValue } from '../format';

export type JsonObject = { readonly [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key` of `object`, or undefined. */
export function field(object: JsonObject, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/**
 * Whether `key` holds a value. null counts as absent, as it does for the
 * platform's JSON mapper and for an empty CSV cell.
 */
export function isPresent(object: JsonObject, key: string): boolean {
	const value = field(object, key);
	return value !== undefined && value !== null;
}

export function checkEnum(
	object: JsonObject,
	key: string,
	allowed: readonly string[],
	required: boolean,
): string | undefined {
	const value = field(object, key);
	// The common case first: this runs for every line of a large file.
	if (typeof value === 'string' && allowed.includes(value)) return undefined;
	const choices = allowed.length === 2 ? `${allowed[0]} or ${allowed[1]}` : `one of ${allowed.join(', ')}`;
	if (value === undefined || value === null) return required ? `${key} is required (${choices})` : undefined;
	return `${key} must be ${choices}, got ${describeValue(value)}`;
}

/** A string holding more than white space (the platform trims what it reads). */
export function isNonBlankString(value: unknown): value is string {
	return typeof value === 'string' && value.trim().length > 0;
}

export function checkNonEmptyString(object: JsonObject, key: string, required: boolean): string | undefined {
	if (!isPresent(object, key)) return required ? `${key} is required (a non-empty string)` : undefined;
	const value = field(object, key);
	if (isNonBlankString(value)) return undefined;
	return `${key} must be a non-empty string, got ${describeValue(value)}`;
}

/**
 * An identifier of a platform object (user account, compartment, segment,
 * processing). The docs type every one of them as a String
 * (segments-import.md; docs/api-decisions.md): a JSON number is refused with
 * the fix, as the platform's string fields would refuse it.
 */
export function checkId(object: JsonObject, key: string, required: boolean): string | undefined {
	if (!isPresent(object, key)) return required ? `${key} is required (an id, as a string)` : undefined;
	const value = field(object, key);
	if (isNonBlankString(value)) return undefined;
	return idProblem(key, value);
}

/** Why `value` is not an id written as the docs write ids. */
export function idProblem(key: string, value: unknown): string {
	if (typeof value === 'number' && Number.isSafeInteger(value)) {
		return `${key} must be a string id, got the number ${value}: write it in quotes, e.g. "${key}": "${value}" (the API documents ids as strings)`;
	}
	if (typeof value === 'number' && Number.isInteger(value)) {
		return `${key} is a number too large to be read exactly (${describeValue(value)}): write it as a string, e.g. "${key}": "12345678901234567890"`;
	}
	return `${key} must be a non-empty string, got ${describeValue(value)}`;
}

/**
 * An email hash: a non-empty string that is not an email address. A hash
 * never holds "@"; a raw address sent as a hash is personal data that will
 * match no one.
 */
export function checkEmailHash(object: JsonObject, key: string, required: boolean): string | undefined {
	const problem = checkNonEmptyString(object, key, required);
	if (problem !== undefined || !isPresent(object, key)) return problem;
	if (!(field(object, key) as string).includes('@')) return undefined;
	return `${key} looks like a raw email address (it holds "@"), not a hash: hash it first, or in Build Lines From Fields choose Identifier Type "Email (Hashed by the Node)"`;
}

/**
 * A timestamp whose type the docs do not give ($ts, $choice_ts): a whole
 * number of milliseconds >= 0 as in the docs' examples, or a non-empty text
 * (docs/api-decisions.md).
 */
export function checkTimestamp(object: JsonObject, key: string, required: boolean, meaning: string): string | undefined {
	if (!isPresent(object, key)) return required ? `${key} is required (${meaning})` : undefined;
	const value = field(object, key);
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return undefined;
	if (isNonBlankString(value)) return undefined;
	return `${key} must be a whole number >= 0 (${meaning}) or a date text, got ${describeValue(value)}`;
}

/** A whole number >= 0 (a duration, a timestamp in milliseconds). */
export function checkNonNegativeInteger(
	object: JsonObject,
	key: string,
	required: boolean,
	meaning: string,
): string | undefined {
	if (!isPresent(object, key)) return required ? `${key} is required (${meaning})` : undefined;
	const value = field(object, key);
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return undefined;
	return `${key} must be a whole number >= 0 (${meaning}), got ${describeValue(value)}`;
}

export function checkNonNegativeNumber(
	object: JsonObject,
	key: string,
	required: boolean,
	meaning: string,
): string | undefined {
	if (!isPresent(object, key)) return required ? `${key} is required (${meaning})` : undefined;
	const value = field(object, key);
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return undefined;
	return `${key} must be a number >= 0 (${meaning}), got ${describeValue(value)}`;
}

export function checkBoolean(object: JsonObject, key: string): string | undefined {
	if (!isPresent(object, key)) return undefined;
	const value = field(object, key);
	return typeof value === 'boolean' ? undefined : `${key} must be true or false, got ${describeValue(value)}`;
}

export function checkObject(object: JsonObject, key: string, required: boolean, meaning: string): string | undefined {
	if (!isPresent(object, key)) return required ? `${key} is required (${meaning})` : undefined;
	const value = field(object, key);
	return isJsonObject(value) ? undefined : `${key} must be an object (${meaning}), got ${describeValue(value)}`;
}

/** A list of ids or names as non-empty strings, itself non-empty when present. */
export function checkStringList(object: JsonObject, key: string): string | undefined {
	if (!isPresent(object, key)) return undefined;
	const value = field(object, key);
	if (!Array.isArray(value)) return `${key} must be an array of strings, got ${describeValue(value)}`;
	if (value.length === 0) return `${key} must not be empty`;
	const bad = value.findIndex((item) => !isNonBlankString(item));
	return bad === -1 ? undefined : idProblem(`${key}[${bad}]`, value[bad]);
}

/** The first reason of a list of checks, so rules read as a list. */
export function firstProblem(...reasons: Array<string | undefined>): string | undefined {
	return reasons.find((reason) => reason !== undefined);
}

/**
 * The rule every document type shares: one user identifier per line (the
 * bulk-processing page), with compartment_id meaningful only next to a user
 * account id.
 */
export function checkExactlyOneIdentifier(
	object: JsonObject,
	names: { userAccountId: string; emailHash: string; userAgentId: string; compartmentId: string },
): string | undefined {
	const kinds = [names.userAccountId, names.emailHash, names.userAgentId];
	const found = kinds.filter((key) => isPresent(object, key));
	if (found.length !== 1) {
		const list = `${kinds[0]}, ${kinds[1]} or ${kinds[2]}`;
		const detail = found.length === 0 ? 'found none' : `found ${found.length}: ${found.join(', ')}`;
		return `exactly one user identifier is required (${list}); ${detail}`;
	}
	if (isPresent(object, names.compartmentId) && found[0] !== names.userAccountId) {
		return `${names.compartmentId} is only allowed together with ${names.userAccountId}`;
	}
	return undefined;
}
