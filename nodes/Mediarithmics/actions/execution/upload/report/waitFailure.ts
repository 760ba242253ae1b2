import { NodeOperationError, type IDataObject, type INode, type INodeExecutionData } from 'n8n-workflow';

import { errorItemJson } from '../../../helpers';
import type { ExecutionRef } from '../../executionFields';
import type { ImportTarget } from '../target';

/**
 * Wait for Completion failed (its Timeout, the API) after the parts were up:
 * what is up is said as plainly as the failure, so that nobody uploads the
 * input again to "fix" it. Thrown, or (Continue On Fail) one error item per
 * part, which keeps the part's execution and bookkeeping (part, uploadOutcome)
 * and names every execution this run created.
 */
export function waitFailureDescription(refs: ExecutionRef[], target: ImportTarget, error: Error): string {
	const ids = refs.map((ref) => ref.executionId).join(', ');
	return [
		`The upload itself is done: ${refs.length === 1 ? 'execution' : 'executions'} ${ids} of document import ${target.importId} ${refs.length === 1 ? 'is' : 'are'} up, each part sent once; only waiting for ${refs.length === 1 ? 'it' : 'them'} to finish failed.`,
		'Do not upload this input again (its lines would be imported twice): wait again with Execution > Wait for Completion on these executions, or react to them with the Mediarithmics Trigger.',
		(error as { description?: string }).description ?? '',
	]
		.filter(Boolean)
		.join(' ');
}

export function waitFailureError(node: INode, refs: ExecutionRef[], target: ImportTarget, error: Error): NodeOperationError {
	return new NodeOperationError(node, `Uploaded as ${refs.length} ${refs.length === 1 ? 'execution' : 'executions'}, then waiting for completion failed: ${error.message}`, {
		description: waitFailureDescription(refs, target, error),
	});
}

export function waitFailureItems(partItems: INodeExecutionData[], refs: ExecutionRef[], target: ImportTarget, error: Error): INodeExecutionData[] {
	const created = refs.map((ref) => ref.executionId);
	const description = waitFailureDescription(refs, target, error);
	return partItems.map((item) => {
		const json: IDataObject = item.json;
		return {
			json: {
				...json,
				...errorItemJson(error),
				error: `Part ${String(json.part)}${json.parts ? ` of ${String(json.parts)}` : ''} is up as execution ${String(json.id)}, but waiting for completion failed: ${error.message}`,
				description,
				created_executions: created,
				resume_from_line: null,
			},
			pairedItem: item.pairedItem,
		};
	});
}
