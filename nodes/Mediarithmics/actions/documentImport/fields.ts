import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { mimeTypeProblem } from '../../bulk';
import { priorityOptions } from '../common.descriptions';

/** The optional fields of a document import, shared by Create and Update. */
export const documentImportOptionFields: INodeProperties[] = [
	{
		displayName: 'Encoding',
		name: 'encoding',
		type: 'string',
		default: 'utf-8',
		description: 'Encoding of the uploaded files. The platform reads UTF-8.',
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		options: priorityOptions,
		default: 'MEDIUM',
		description: 'Processing priority of the executions of this import',
	},
	{
		displayName: 'Use Processing Pipeline',
		name: 'use_processing_pipeline',
		type: 'boolean',
		default: false,
		description: 'Whether the data goes through activity analyzers and session aggregation',
	},
	{
		displayName: 'Shuffle Lines',
		name: 'shuffle_lines',
		type: 'boolean',
		default: true,
		description: 'Whether the platform shuffles the lines of each file for faster processing',
	},
];

/** Refuses a type/mime combination the platform does not accept, before any request. */
export function assertMimeTypeAllowed(
	this: IExecuteFunctions,
	documentType: string,
	mimeType: string,
	itemIndex: number,
): void {
	const problem = mimeTypeProblem(documentType, mimeType);
	if (problem) {
		throw new NodeOperationError(this.getNode(), problem, {
			itemIndex,
			description: 'Choose NDJSON, or the User Segment document type for a CSV file.',
		});
	}
}

/** Keeps only the fields the user set (collections leave the others out). */
export function definedFields(fields: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''));
}
