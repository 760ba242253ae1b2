import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { platformErrorDetails } from '../transport';

/** An output item that carries binary data too, for `forEachItem`'s handle to return. */
export class WithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/**
 * Runs `handle` for each input item, pairing outputs with their item and
 * honouring Continue On Fail. Items for which `passThrough` holds are output
 * as they came, untouched (e.g. Upload's skipped-lines report).
 */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	handle: (itemIndex: number) => Promise<IDataObject | IDataObject[] | WithBinary>,
	passThrough: (json: IDataObject) => boolean = () => false,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (passThrough(items[itemIndex].json)) {
			output.push(passedThrough(items[itemIndex], itemIndex));
			continue;
		}
		try {
			const result = await handle(itemIndex);
			const results = Array.isArray(result) ? result : [result];
			for (const json of results) {
				const pairedItem = { item: itemIndex };
				output.push(json instanceof WithBinary ? { json: json.json, binary: json.binary, pairedItem } : { json, pairedItem });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				output.push(errorItem(error, itemIndex));
				continue;
			}
			throw withItemIndex.call(this, error, itemIndex);
		}
	}
	return output;
}

/** An input item output as it came (its JSON and binary data), paired with itself. */
export function passedThrough(item: INodeExecutionData, itemIndex: number): INodeExecutionData {
	return { json: item.json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: itemIndex } };
}

/**
 * The JSON of a Continue On Fail item, the same for every operation: the
 * message, n8n's description, and what the platform said (HTTP status, its
 * error code and error id, to quote to support). Built from the error's own
 * fields, never from the HTTP request (which holds the token).
 */
export function errorItemJson(error: unknown): IDataObject {
	const { httpStatus, errorCode, errorId } = platformErrorDetails(error);
	return {
		error: (error as Error)?.message ?? String(error),
		description: (error as { description?: string | null })?.description ?? null,
		http_status: httpStatus,
		error_code: errorCode,
		error_id: errorId,
	};
}

export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	return { json: errorItemJson(error), pairedItem: { item: itemIndex } };
}

/**
 * The error to throw for an item: n8n's own errors keep their message and
 * description (re-wrapping returns the same instance) and learn the item
 * index; anything else becomes a NodeOperationError.
 */
export function withItemIndex(this: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) {
		error.context.itemIndex = itemIndex;
		return new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
	}
	if (error instanceof NodeOperationError) error.context.itemIndex = itemIndex;
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/** An error to throw again as it is when it is n8n's own (message, description and context kept); anything else wrapped. */
export function asNodeError(this: IExecuteFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(this.getNode(), error as Error);
}

/** The value of a resource locator parameter (list or ID mode), checked to be an ID before any request uses it. */
export function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '', { extractValue: true }) as string | number;
	const id = String(value ?? '').trim();
	const what = name === 'datamart' ? 'datamart' : 'document import';
	if (!id) {
		throw new NodeOperationError(this.getNode(), `No ${what} selected`, {
			itemIndex,
			description: 'Pick one from the list or enter its ID.',
		});
	}
	return checkedId(this.getNode(), what, id, itemIndex);
}

const ID_PATTERN = /^[0-9]+$/;

/**
 * An ID as it goes into an API path: digits only. The editor checks the ID
 * mode of a picker, but a value from the list, an expression or the input
 * data reaches run time unchecked, and `..` or `a/b` would change the path.
 */
export function checkedId(node: INode, what: string, id: string, itemIndex?: number): string {
	if (ID_PATTERN.test(id)) return id;
	const shown = id === '' ? `No ${what} ID given` : `The ${what} ID ${JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id)} is not an ID`;
	throw new NodeOperationError(node, shown, {
		...(itemIndex === undefined ? {} : { itemIndex }),
		description: `A ${what} ID is a number, e.g. ${what === 'execution' ? '11597785' : what === 'datamart' ? '1509' : '36271'}. Nothing was sent. Check the ${what} field${
			itemIndex === undefined ? '' : ` (or the input field its expression reads, for item ${itemIndex})`
		}.`,
	});
}

export function documentImportsPath(datamartId: string): string {
	return `/v1/datamarts/${encodeURIComponent(datamartId)}/document_imports`;
}

export function documentImportPath(datamartId: string, importId: string): string {
	return `${documentImportsPath(datamartId)}/${encodeURIComponent(importId)}`;
}
