import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, del as delete, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['documentImport'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a document import: what the uploaded files will hold',
				action: 'Create a document import',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a document import',
				action: 'Delete a document import',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a document import',
				action: 'Get a document import',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the document imports of a datamart',
				action: 'Get many document imports',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the name or settings of a document import',
				action: 'Update a document import',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...del.description,
];
