import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { isTerminal } from '../../bulk';
import { apiDownload, apiRequest } from '../../transport';
import { forEachItem, WithBinary } from '../helpers';
import {
	executionDatamartLocator,
	executionDocumentImportLocator,
	executionIdField,
	executionPath,
	executionRef,
	executionSummary,
	isUploadReport,
} from './executionFields';

const properties: INodeProperties[] = [
	executionDatamartLocator,
	executionDocumentImportLocator,
	executionIdField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the error file in',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['getErrorFile'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const ref = executionRef.call(this, itemIndex);
		const execution = await apiRequest.call(this, 'GET', executionPath(ref));
		const result = (execution.result ?? {}) as { error_file_uri?: string; total_failure?: number };
		const uri = result.error_file_uri;
		if (!uri) {
			const why = isTerminal(String(execution.status))
				? `it finished ${execution.status} with ${result.total_failure ?? 0} failed lines`
				: `it is still ${execution.status}`;
			throw new NodeOperationError(this.getNode(), `Execution ${ref.executionId} has no error file: ${why}`, {
				itemIndex,
				description: 'An error file exists once an execution has finished with failed lines.',
			});
		}
		// Only the platform's own file URIs, fetched through the configured API URL: never a URL from a response.
		if (!uri.startsWith('mics://')) {
			throw new NodeOperationError(this.getNode(), `Execution ${ref.executionId} names an error file that is not a mics:// URI`, {
				itemIndex,
				description: 'The node downloads error files only through the API (mics:// URIs). Contact mediarithmics support.',
			});
		}
		const bytes = await apiDownload.call(this, '/v1/data_file/data', { uri });
		const fileName = uri.split('/').pop() || `execution-${ref.executionId}-errors.csv`;
		const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
		const binary = await this.helpers.prepareBinaryData(bytes, fileName, 'text/csv');
		// The execution's ids under the names the next operation's defaults read ($json.id, datamart_id, document_import_id).
		const json = {
			id: String(execution.id ?? ref.executionId),
			datamart_id: ref.datamartId,
			document_import_id: ref.importId,
			execution_id: ref.executionId,
			error_file_uri: uri,
			...executionSummary(execution),
		};
		return new WithBinary(json, { [binaryPropertyName]: binary });
	}, isUploadReport);
}
