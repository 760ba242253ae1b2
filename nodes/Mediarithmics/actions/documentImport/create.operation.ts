import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { datamartLocator, documentTypeOptions, mimeTypeOptions } from '../common.descriptions';
import { forEachItem, locatorValue } from '../helpers';
import { createDocumentImport } from './createDocumentImport';
import { assertMimeTypeAllowed, definedFields, documentImportOptionFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'The platform advises one new document import per batch (e.g. one per night), then its files uploaded with Execution > Upload',
		name: 'createNotice',
		type: 'notice',
		default: '',
	},
	datamartLocator,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. User profiles from CRM - {{ $now.toISODate() }}',
		description: 'Name of the document import. The platform advises one new import per batch, e.g. one per night.',
	},
	{
		displayName: 'Document Type',
		name: 'documentType',
		type: 'options',
		options: documentTypeOptions,
		default: 'USER_SEGMENT',
		description: 'What each line of the uploaded files is',
	},
	{
		displayName: 'Format',
		name: 'mimeType',
		type: 'options',
		options: mimeTypeOptions,
		default: 'APPLICATION_X_NDJSON',
		description: 'Format of the files uploaded to this import. CSV is accepted for User Segment only.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: documentImportOptionFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['documentImport'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const datamartId = locatorValue.call(this, 'datamart', itemIndex);
		const documentType = this.getNodeParameter('documentType', itemIndex) as string;
		const mimeType = this.getNodeParameter('mimeType', itemIndex) as string;
		assertMimeTypeAllowed.call(this, documentType, mimeType, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const body: IDataObject = {
			document_type: documentType,
			mime_type: mimeType,
			encoding: 'utf-8',
			name: this.getNodeParameter('name', itemIndex) as string,
			...definedFields(options),
		};
		return await createDocumentImport.call(this, datamartId, body);
	});
}
