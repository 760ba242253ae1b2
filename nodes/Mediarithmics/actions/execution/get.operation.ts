import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../transport';
import { forEachItem } from '../helpers';
import {
	executionDatamartLocator,
	executionDocumentImportLocator,
	executionIdField,
	executionItemJson,
	executionPath,
	executionRef,
	isUploadReport,
} from './executionFields';

const properties: INodeProperties[] = [executionDatamartLocator, executionDocumentImportLocator, executionIdField];

export const description = updateDisplayOptions({ show: { resource: ['execution'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const ref = executionRef.call(this, itemIndex);
			return executionItemJson(await apiRequest.call(this, 'GET', executionPath(ref)), ref);
		},
		isUploadReport,
	);
}
