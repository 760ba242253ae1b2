import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { EXECUTION_STATUSES } from '../../bulk';
import { apiRequestAllItems } from '../../transport';
import { datamartLocator, documentImportLocator, returnAllOrLimit } from '../common.descriptions';
import { forEachItem, locatorValue } from '../helpers';
import { executionItemJson, executionsPath, isUploadReport } from './executionFields';

const properties: INodeProperties[] = [
	datamartLocator,
	documentImportLocator,
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: EXECUTION_STATUSES.map((status) => ({ name: status, value: status })),
				default: [],
				description: 'Only executions in one of these statuses',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['execution'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const datamartId = locatorValue.call(this, 'datamart', itemIndex);
		const importId = locatorValue.call(this, 'documentImport', itemIndex);
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex) as number);
		const statuses = ((this.getNodeParameter('filters', itemIndex, {}) as IDataObject).status as string[]) ?? [];
		// The list endpoint documents no status filter: filter here, paging on until Limit matches.
		const keep = statuses.length ? (execution: IDataObject) => statuses.includes(String(execution.status)) : undefined;
		const executions = await apiRequestAllItems.call(this, executionsPath(datamartId, importId), {}, limit, keep);
		return executions.map((execution) => executionItemJson(execution, { datamartId, importId }));
	}, isUploadReport);
}
