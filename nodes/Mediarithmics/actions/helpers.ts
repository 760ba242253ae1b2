import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

/** Runs `handle` for each input item, pairing outputs with their item and honouring Continue On Fail. */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	handle: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await handle(itemIndex);
			const results = Array.isArray(result) ? result : [result];
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw withItemIndex.call(this, error, itemIndex);
		}
	}
	return output;
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

/** The value of a resource locator parameter (list or ID mode). */
export function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '', { extractValue: true }) as string | number;
	const id = String(value ?? '').trim();
	if (!id) {
		throw new NodeOperationError(this.getNode(), `No ${name === 'datamart' ? 'datamart' : 'document import'} selected`, {
			itemIndex,
			description: 'Pick one from the list or enter its ID.',
		});
	}
	return id;
}

export function documentImportsPath(datamartId: string): string {
	return `/v1/datamarts/${encodeURIComponent(datamartId)}/document_imports`;
}

export function documentImportPath(datamartId: string, importId: string): string {
	return `${documentImportsPath(datamartId)}/${encodeURIComponent(importId)}`;
}
