import type { IExecuteData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * n8n's Retry On Fail (the node's Settings) runs execute() again from its
 * first line when the node throws, or when its first output item carries
 * `json.error` (Continue On Fail): an Upload run again would send every part
 * already accepted a second time. So a run that put something up (an
 * execution, or a new import) is remembered by n8n's execution data of this
 * node run, which n8n hands unchanged to each try of the same run, and never
 * to another run; a try after it sends nothing and ends as the first did
 * (same error, or same items), with a note. A first run that put nothing up
 * is simply run again: there is nothing to double.
 */
export type FirstRun = { error: Error } | { output: INodeExecutionData[] };

const firstRuns = new WeakMap<IExecuteData, FirstRun>();

const NOTE =
	"n8n's Retry On Fail ran this Upload again: nothing was sent again, since the parts above are already up. Upload retries each call by itself (Options > Retries) and settles calls whose outcome is unknown; n8n's Retry On Fail cannot do either, so turn it off for this node (Settings) and resume as said above.";

/** The key of this node run: n8n's execution data, the same object for every try of the run. */
function runKey(context: IExecuteFunctions): IExecuteData | undefined {
	const data = context.getExecuteData?.();
	return typeof data === 'object' && data !== null ? data : undefined;
}

/** A try after a first run that put something up: that run's end, told again, or undefined to run. */
export function earlierRun(context: IExecuteFunctions): FirstRun | undefined {
	const key = runKey(context);
	return key === undefined ? undefined : firstRuns.get(key);
}

export function rememberRun(context: IExecuteFunctions, run: FirstRun): void {
	const key = runKey(context);
	if (key !== undefined) firstRuns.set(key, run);
}

/** The first run's end again, each failure with the note; throws when the first run threw. */
export function replay(context: IExecuteFunctions, run: FirstRun): INodeExecutionData[] {
	context.logger.warn(`mediarithmics: Retry On Fail ran Upload again after parts were up; nothing sent again (node "${context.getNode().name}")`);
	if ('error' in run) {
		const description = [(run.error as { description?: string }).description, NOTE].filter(Boolean).join(' ');
		throw new NodeOperationError(context.getNode(), run.error.message, { description });
	}
	// A failure as n8n counts one (an execution's own `error: null` is none).
	return run.output.map((item) =>
		item.json.error === undefined || item.json.error === null || item.json.error === false ? item : { ...item, json: { ...item.json, description: [item.json.description, NOTE].filter(Boolean).join(' '), sent_again: false } },
	);
}
