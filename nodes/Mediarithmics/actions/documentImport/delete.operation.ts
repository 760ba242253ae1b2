import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../transport';
import { datamartLocator, documentImportLocator } from '../common.descriptions';
import { documentImportPath, forEachItem, locatorValue } from '../helpers';

const properties: INodeProperties[] = [datamartLocator, documentImportLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['documentImport'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const datamartId = locatorValue.call(this, 'datamart', itemIndex);
		const importId = locatorValue.call(this, 'documentImport', itemIndex);
		await apiRequest.call(this, 'DELETE', documentImportPath(datamartId, importId));
		return { id: importId, datamart_id: datamartId, deleted: true };
	});
}
