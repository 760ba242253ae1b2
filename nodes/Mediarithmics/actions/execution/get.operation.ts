import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../transport';
import { datamartLocator, documentImportLocator } from '../common.descriptions';
import { forEachItem } from '../helpers';
import { executionIdField, executionPath, executionRef } from './executionFields';

const properties: INodeProperties[] = [datamartLocator, documentImportLocator, executionIdField];

export const description = updateDisplayOptions({ show: { resource: ['execution'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (itemIndex) => {
		return await apiRequest.call(this, 'GET', executionPath(executionRef.call(this, itemIndex)));
	});
}
