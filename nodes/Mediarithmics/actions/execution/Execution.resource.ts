import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as getErrorFile from './getErrorFile.operation';
import * as getAll from './getAll.operation';
import * as upload from './upload.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { cancel, get, getErrorFile, getAll, upload, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['execution'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel an execution that is still PENDING',
				action: 'Cancel an execution',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an execution: its status and result',
				action: 'Get an execution',
			},
			{
				name: 'Get Error File',
				value: 'getErrorFile',
				description: 'Download the file of the lines an execution could not import',
				action: 'Get the error file of an execution',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the executions of a document import',
				action: 'Get many executions',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file or items to a document import, split into parts; each part becomes an execution',
				action: 'Upload data as executions',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				description: 'Wait until executions finish, then output their result',
				action: 'Wait for executions to complete',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...get.description,
	...getAll.description,
	...cancel.description,
	...waitForCompletion.description,
	...getErrorFile.description,
];
