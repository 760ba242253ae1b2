import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiContext } from './context';

const SLEEP_SLICE_MS = 500;

/** The workflow's stop signal, where the context has one (not in the editor's pickers). */
export function cancelSignalOf(context: ApiContext): AbortSignal | undefined {
	return (context as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal?.();
}

/**
 * Waits (before a retry, between checks), in short slices so that stopping
 * the workflow stops the wait within half a second, leaving no long timer
 * behind. Stopped, it throws "Stopped while waiting <waitingFor>".
 */
export async function sleepUnlessCanceled(this: ApiContext, ms: number, waitingFor: string, description?: string): Promise<void> {
	const wakeUp = Date.now() + ms;
	for (;;) {
		if (cancelSignalOf(this)?.aborted) throw new NodeOperationError(this.getNode(), `Stopped while waiting ${waitingFor}`, { description });
		const remaining = wakeUp - Date.now();
		if (remaining <= 0) return;
		await sleep(Math.min(remaining, SLEEP_SLICE_MS));
	}
}
