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

export function asList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((entry) => String(entry).trim()).filter(Boolean);
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
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
