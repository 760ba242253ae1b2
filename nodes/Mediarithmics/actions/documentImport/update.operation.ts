import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../transport';
import { datamartLocator, documentImportLocator, documentTypeOptions, mimeTypeOptions } from '../common.descriptions';
import { documentImportPath, forEachItem, locatorValue } from '../helpers';
import { assertMimeTypeAllowed, definedFields, documentImportOptionFields } from './fields';

const properties: INodeProperties[] = [
	datamartLocator,
	documentImportLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'New name of the document import',
			},
			{
				displayName: 'Document Type',
				name: 'document_type',
				type: 'options',
				options: documentTypeOptions,
				default: 'USER_SEGMENT',
				description: 'What each line of the uploaded files is',
			},
			{
				displayName: 'Format',
				name: 'mime_type',
				type: 'options',
				options: mimeTypeOptions,
				default: 'APPLICATION_X_NDJSON',
				description: 'Format of the files. CSV is accepted for User Segment only.',
			},
			...documentImportOptionFields,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['documentImport'], operation: ['update'] } },
	properties,
);

/** Fields of a document import that a PUT carries; the others (id, datafarm_key, ...) are the platform's. */
const WRITABLE_FIELDS = [
	'document_type',
	'mime_type',
	'encoding',
	'name',
	'priority',
	'use_processing_pipeline',
	'shuffle_lines',
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const datamartId = locatorValue.call(this, 'datamart', itemIndex);
		const importId = locatorValue.call(this, 'documentImport', itemIndex);
		const changes = definedFields(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
		if (Object.keys(changes).length === 0) {
			throw new NodeOperationError(this.getNode(), 'No field to update', {
				itemIndex,
				description: 'Add at least one field under Update Fields.',
			});
		}
		// PUT takes the whole object: read the current one so that fields the user
		// did not touch keep their values instead of falling back to defaults.
		const path = documentImportPath(datamartId, importId);
		const current = await apiRequest.call(this, 'GET', path);
		const body: IDataObject = {};
		for (const field of WRITABLE_FIELDS) {
			if (current[field] !== undefined) body[field] = current[field];
		}
		Object.assign(body, changes);
		assertMimeTypeAllowed.call(this, String(body.document_type), String(body.mime_type), itemIndex);
		return await apiRequest.call(this, 'PUT', path, { body });
	});
}
