import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, errorItem } from './helpers';
import * as documentImport from './documentImport/DocumentImport.resource';
import * as execution from './execution/Execution.resource';

type Operation = { execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation>> = {
	documentImport: documentImport as unknown as Record<string, Operation>,
	execution: execution as unknown as Record<string, Operation>,
};

/** Sends the run to the operation the user chose; each operation handles its items (and Continue On Fail for them). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler || typeof handler.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	try {
		return [await handler.execute.call(this, items)];
	} catch (error) {
		// An operation that fails as a whole (not item by item): with Continue On Fail, every input item
		// gets the same error item as a failed item would, ids included (n8n's own would keep the message only).
		if (!this.continueOnFail()) throw asNodeError.call(this, error);
		return [items.map((_item, itemIndex) => errorItem(error, itemIndex))];
	}
}
