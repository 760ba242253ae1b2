import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Parameter values as a line needs them: a JSON array, a list, a JSON object; a clear error otherwise. */
export function asArray(this: IExecuteFunctions, value: unknown, name: string, itemIndex: number): unknown[] {
	const parsed = typeof value === 'string' ? safeParse(value) : value;
	if (!Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), `${name} of item ${itemIndex + 1} is not a JSON array`, {
			itemIndex,
			description: `Give ${name} an array, e.g. [{"$event_name": "$transaction_confirmed", "$ts": 1700000000000, "$properties": {}}].`,
		});
	}
	return parsed;
}

function safeParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** A value a line holds (parameters hold only JSON values). */
type LineValue = IDataObject[string];

/** A list parameter: an array, the JSON text of an array (as a CSV cell holds it), or comma-separated text. */
export function asList(value: unknown): string[] {
	const parsed = typeof value === 'string' && value.trimStart().startsWith('[') ? safeParse(value) : value;
	if (Array.isArray(parsed)) return parsed.map((entry) => String(entry).trim()).filter(Boolean);
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
}

/**
 * A whole number from a parameter that may come as text (a CSV cell, an
 * expression): "60" becomes 60. Anything else is kept as it is, so that the
 * line check names the line and the field with what is expected.
 */
export function asWholeNumber(value: unknown): LineValue {
	if (typeof value !== 'string' || !/^\s*\d{1,15}\s*$/.test(value)) return value as LineValue;
	return Number(value);
}

/** Milliseconds since 1970 from a number, digits, or a date text such as 2026-12-31T23:59:59Z; anything else as it is. */
export function asMilliseconds(value: unknown): LineValue {
	if (typeof value !== 'string') return value as LineValue;
	const whole = asWholeNumber(value);
	if (typeof whole === 'number') return whole;
	const text = value.trim();
	// A date needs its year, month and day: Date.parse reads a lone number as a year.
	const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
	return Number.isFinite(time) ? time : value;
}

/** The non-empty JSON object of an optional field, or undefined when left empty. */
export function optionalObject(this: IExecuteFunctions, value: unknown, name: string, itemIndex: number): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const object = asObject.call(this, value, name, itemIndex);
	return Object.keys(object).length === 0 ? undefined : object;
}

export function asObject(this: IExecuteFunctions, value: unknown, name: string, itemIndex: number): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			parsed = undefined;
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), `${name} of item ${itemIndex + 1} is not a JSON object`, {
			itemIndex,
			description: `Give ${name} an object, e.g. {{ $json }} or {"first_name": "Ada"}.`,
		});
	}
	return parsed as IDataObject;
}
