/** The flag of Remove When a Field Is True, as CRM exports write it (the field's description names every text read here). */
const TRUE_TEXTS = new Set(['true', 'yes', 'y', '1']);
const FALSE_TEXTS = new Set(['false', 'no', 'n', '0', '']);

/** A flag as CRM exports write it (booleans, numbers, or their text); undefined when it is none of these. */
export function flagOf(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === null) return false;
	if (value === 1 || value === 0) return value === 1;
	if (typeof value !== 'string') return undefined;
	// What CSV exports write most: the same answers as below, without a trimmed, lower-cased copy.
	if (value === 'true') return true;
	if (value === 'false') return false;
	const text = value.trim().toLowerCase();
	if (TRUE_TEXTS.has(text)) return true;
	if (FALSE_TEXTS.has(text)) return false;
	return undefined;
}
