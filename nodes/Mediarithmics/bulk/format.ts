/** Small formatting helpers for messages shown to people. */

const MB = 1_000_000;
const KB = 1_000;

/**
 * A size as people read it, in decimal units because the platform documents
 * its limit as "100M" and Max Part Size is given in MB: "120.4 MB",
 * "12.5 KB", "17 bytes". Whole values drop the decimal ("100 MB").
 */
export function formatBytes(bytes: number): string {
	if (bytes >= MB) return `${trimDecimal(bytes / MB)} MB`;
	if (bytes >= KB) return `${trimDecimal(bytes / KB)} KB`;
	return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

function trimDecimal(value: number): string {
	const rounded = Math.round(value * 10) / 10;
	return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** A value shown inside a reason: short JSON for scalars, a type name otherwise. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
		case 'number':
		case 'boolean':
			return String(value);
		case 'object':
			return 'an object';
		case 'undefined':
			return 'nothing';
		default:
			return `a ${typeof value}`;
	}
}

/** "1 line" / "3 lines". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
	return `${count} ${count === 1 ? singular : pluralForm}`;
}
