import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, errorItem, passedThrough } from '../helpers';
import {
	executionDatamartLocator,
	executionDocumentImportLocator,
	executionIdField,
	executionItemJson,
	executionRef,
	executionSummary,
	isUploadReport,
	type ExecutionRef,
} from './executionFields';
import { checkedWaitOptions } from './optionChecks';
import { failureReason, waitForExecutions, waitOptionFields, type WaitOptions } from './waitForExecutions';

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

export function readWaitOptions(this: IExecuteFunctions, itemIndex: number): WaitOptions {
	return checkedWaitOptions(this.getNode(), this.getNodeParameter('waitOptions', itemIndex, {}) as IDataObject);
}

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
		const options = readWaitOptions.call(this, 0);
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

/**
 * One output item per finished execution, with the summary. Failed ones make
 * the node fail (naming each), or with Continue On Fail are output with `error`.
 */
export function reportFinished(
	this: IExecuteFunctions,
	finals: IDataObject[],
	refs: ExecutionRef[],
	failOnLineErrors: boolean,
	pairedItemOf: (index: number) => number,
	extra: (index: number) => IDataObject = () => ({}),
): INodeExecutionData[] {
	const failures: string[] = [];
	const output = finals.map((execution, index) => {
		const reason = failureReason(execution, failOnLineErrors);
		if (reason) failures.push(`${refs[index].executionId}: ${reason}`);
		// What the next operation's defaults read (datamart_id, document_import_id), then what the caller adds.
		const json: IDataObject = { ...executionItemJson(execution, refs[index]), ...extra(index), summary: executionSummary(execution) };
		if (reason) json.failure = reason;
		return { json, pairedItem: { item: pairedItemOf(index) } };
	});
	if (failures.length > 0 && !this.continueOnFail()) {
		throw new NodeOperationError(
			this.getNode(),
			`${failures.length} of ${finals.length} executions did not succeed: ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? '; …' : ''}`,
			{
				description:
					'Look at each execution (Execution > Get) and its error file (Execution > Get Error File). Turn on Continue On Fail (Settings > On Error) to output them instead.',
			},
		);
	}
	return output;
}
