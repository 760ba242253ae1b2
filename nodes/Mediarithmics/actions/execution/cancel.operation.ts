import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, keepPlatformDetails } from '../../transport';
import { forEachItem, withItemIndex } from '../helpers';
import {
	executionDatamartLocator,
	executionDocumentImportLocator,
	executionIdField,
	executionItemJson,
	executionPath,
	executionRef,
	isUploadReport,
} from './executionFields';

const properties: INodeProperties[] = [
	{
		displayName: 'Only an execution that is still PENDING can be canceled: once RUNNING, the platform finishes it',
		name: 'cancelNotice',
		type: 'notice',
		default: '',
	},
	executionDatamartLocator,
	executionDocumentImportLocator,
	executionIdField,
];

export const description = updateDisplayOptions({ show: { resource: ['execution'], operation: ['cancel'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const ref = executionRef.call(this, itemIndex);
		try {
			const canceled = await apiRequest.call(this, 'POST', `${executionPath(ref)}/action`, {
				body: { action: 'CANCEL' },
				// After an unknown outcome: an execution already canceled (or asked to) is what was wanted.
				findCreated: async () => {
					const execution = await apiRequest.call(this, 'GET', executionPath(ref));
					return execution.status === 'CANCELED' || execution.cancel_status ? execution : undefined;
				},
			});
			return executionItemJson(canceled, ref);
		} catch (error) {
			if (!(error instanceof NodeApiError) || error.httpCode !== '400') throw withItemIndex.call(this, error, itemIndex);
			// The platform refuses to cancel anything but PENDING; say what the execution is now.
			const execution = await apiRequest.call(this, 'GET', executionPath(ref));
			if (execution.status === 'PENDING') throw withItemIndex.call(this, error, itemIndex);
			// The platform's refusal (status, error code, error id) stays with the clearer message.
			throw keepPlatformDetails(error, new NodeOperationError(
				this.getNode(),
				`Execution ${ref.executionId} cannot be canceled: its status is ${execution.status}`,
				{
					itemIndex,
					description: `Only PENDING executions can be canceled. ${
						execution.status === 'RUNNING'
							? 'It is being imported now; wait for it to finish.'
							: 'It has already finished.'
					} Platform message: ${error.message}`,
				},
			));
		}
	}, isUploadReport);
}
