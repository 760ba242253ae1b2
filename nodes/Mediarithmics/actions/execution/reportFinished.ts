import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { executionItemJson, executionSummary, type ExecutionRef } from './executionFields';
import { failureReason } from './waitForExecutions';

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
