import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as documentImport from './documentImport/DocumentImport.resource';
import * as execution from './execution/Execution.resource';

type Operation = { execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation>> = {
	documentImport: documentImport as unknown as Record<string, Operation>,
	execution: execution as unknown as Record<string, Operation>,
};

/** Sends the run to the operation the user chose; each operation handles its items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler || typeof handler.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await handler.execute.call(this, items)];
}
