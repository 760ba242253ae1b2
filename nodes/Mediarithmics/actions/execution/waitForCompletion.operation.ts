import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, errorItem, passedThrough } from '../helpers';
import {
	executionDatamartLocator,
	executionDocumentImportLocator,
	executionIdField,
	executionRef,
	isUploadReport,
	type ExecutionRef,
} from './executionFields';
import { checkedWaitOptions } from './optionChecks';
import { reportFinished } from './reportFinished';
import { waitForExecutions, waitOptionFields } from './waitForExecutions';

const properties: INodeProperties[] = [
	executionDatamartLocator,
	executionDocumentImportLocator,
	executionIdField,
	{
		displayName: 'Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		description: 'Taken from the first input item: the executions of all items are waited on together, with one poll interval and one timeout',
		options: waitOptionFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['waitForCompletion'] } },
	properties,
);

/**
 * Waits for every input item's execution at once (not one after the other),
 * then outputs one item per input item: the final execution plus its summary.
 * Upload's skipped-lines report is passed on untouched, in its place. With
 * Continue On Fail, a wait that fails (timeout, API error) outputs an error
 * item for each execution it was waiting for.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const waitedFor = items.map((_item, itemIndex) => itemIndex).filter((itemIndex) => !isUploadReport(items[itemIndex].json));
	let waited: INodeExecutionData[];
	try {
		const options = checkedWaitOptions(this.getNode(), this.getNodeParameter('waitOptions', 0, {}) as IDataObject);
		const refs: ExecutionRef[] = waitedFor.map((itemIndex) => executionRef.call(this, itemIndex));
		const finals = await waitForExecutions.call(this, refs, options);
		waited = reportFinished.call(this, finals, refs, options.failOnLineErrors, (index) => waitedFor[index]);
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError.call(this, error);
		waited = waitedFor.map((itemIndex) => errorItem(error, itemIndex));
	}
	let next = 0;
	return items.map((item, itemIndex) => (waitedFor[next] === itemIndex ? waited[next++] : passedThrough(item, itemIndex)));
}
