import type { IDataObject } from 'n8n-workflow';

import { isTerminal, SUCCESS_STATUSES } from '../../bulk';

/**
 * How a finished execution ended, in the words of the platform's web app:
 * a file that was imported with some failed lines is "succeeded with errors"
 * (its status stays SUCCEEDED, `result.total_failure` tells the failures).
 */
export type ExecutionOutcome = 'succeeded' | 'succeededWithErrors' | 'failed' | 'canceled';

export const EXECUTION_OUTCOMES: readonly ExecutionOutcome[] = ['succeeded', 'succeededWithErrors', 'failed', 'canceled'];

/** The outcome of a finished execution; undefined while it is not in a terminal status. */
export function executionOutcome(execution: IDataObject): ExecutionOutcome | undefined {
	const status = String(execution.status);
	if (!isTerminal(status)) return undefined;
	if (status === 'CANCELED') return 'canceled';
	if (!(SUCCESS_STATUSES as readonly string[]).includes(status)) return 'failed';
	const result = (execution.result as IDataObject | null) ?? {};
	return Number(result.total_failure ?? 0) > 0 ? 'succeededWithErrors' : 'succeeded';
}
