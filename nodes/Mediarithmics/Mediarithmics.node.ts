import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as documentImport from './actions/documentImport/DocumentImport.resource';
import * as execution from './actions/execution/Execution.resource';
import { retryOptions } from './actions/common.descriptions';
import { router } from './actions/router';
import { listSearch } from './methods';

export class Mediarithmics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mediarithmics',
		name: 'mediarithmics',
		icon: { light: 'file:mediarithmics.svg', dark: 'file:mediarithmics.dark.svg' },
		group: ['output'],
		version: 1,
		// What the node does, in words ("Upload data as executions"), not raw values: the
		// operations' action texts (test/unit/subtitle.test.ts keeps them in step).
		subtitle:
			'={{ {"documentImport:create": "Create a document import", "documentImport:delete": "Delete a document import", "documentImport:get": "Get a document import", "documentImport:getAll": "Get many document imports", "documentImport:update": "Update a document import", "execution:cancel": "Cancel an execution", "execution:get": "Get an execution", "execution:getErrorFile": "Get the error file of an execution", "execution:getAll": "Get many executions", "execution:upload": "Upload data as executions", "execution:waitForCompletion": "Wait for executions to complete"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description: 'Bulk-import data into mediarithmics: document imports and their executions',
		defaults: { name: 'Mediarithmics' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mediarithmicsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Document Import', value: 'documentImport' },
					{ name: 'Execution', value: 'execution' },
				],
				default: 'documentImport',
			},
			...documentImport.description,
			...execution.description,
			retryOptions,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
