import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequestAllItems } from '../../transport';
import { datamartLocator, documentTypesFilter, mimeTypeOptions, returnAllOrLimit } from '../common.descriptions';
import { documentImportsPath, forEachItem, locatorValue } from '../helpers';

const properties: INodeProperties[] = [
	datamartLocator,
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			documentTypesFilter,
			{
				displayName: 'Format',
				name: 'mimeType',
				type: 'options',
				options: mimeTypeOptions,
				default: 'APPLICATION_X_NDJSON',
				description: 'Only imports of this format',
			},
			{
				displayName: 'Name Contains',
				name: 'keywords',
				type: 'string',
				default: '',
				description: 'Only imports whose name contains this text (case sensitive)',
			},
			{
				displayName: 'Sort By',
				name: 'orderBy',
				type: 'options',
				options: [
					{ name: 'ID', value: 'id' },
					{ name: 'Name', value: 'name' },
				],
				default: 'id',
				description: 'Order of the results',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['documentImport'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const datamartId = locatorValue.call(this, 'datamart', itemIndex);
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex) as number);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.keywords) qs.keywords = filters.keywords;
		if (filters.mimeType) qs.mime_type = filters.mimeType;
		if (Array.isArray(filters.documentTypes) && filters.documentTypes.length > 0) {
			qs.document_types = filters.documentTypes.join(',');
		}
		if (filters.orderBy === 'name') qs.order_by = 'name';
		return await apiRequestAllItems.call(this, documentImportsPath(datamartId), qs, limit);
	});
}
