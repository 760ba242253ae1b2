/**
 * A string as JSON text, exactly as JSON.stringify writes it: most strings of
 * a CRM export need no escape at all, and are then only put between quotes
 * (a scan instead of JSON.stringify's call). JSON.stringify escapes the quote,
 * the backslash, the control characters and lone surrogates (well-formed
 * JSON.stringify); a string holding any of these, or any surrogate, goes
 * through JSON.stringify itself. test/unit/bulk/jsonText.property.test.ts
 * compares the two.
 */
// The control characters are the point of this pattern.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export function jsonString(text: string): string {
	return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
