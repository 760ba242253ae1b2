import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

/** The node parameter (a collection) holding Max Attempts, Max Retry Time and Request Timeout. */
export const RETRY_OPTIONS_PARAMETER = 'retryOptions';

export const DEFAULT_TIMEOUT_MS = 300_000;

/** In the editor (pickers) the user is waiting: fewer, shorter retries. */
const EDITOR_POLICY: RetryPolicy & { timeoutMs: number } = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxRetryMs: 15_000, timeoutMs: 30_000 };

/**
 * The retry policy and request timeout of this run: the node's Retries
 * options where the node has them (an operation run, the trigger's poll), the
 * defaults otherwise.
 */
export function retryPolicyOf(context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions): RetryPolicy & { timeoutMs: number } {
	let options: IDataObject = {};
	if ('getInputData' in context) {
		options = (context as IExecuteFunctions).getNodeParameter(RETRY_OPTIONS_PARAMETER, 0, {}) as IDataObject;
	} else if ('__emit' in context) {
		options = (context as IPollFunctions).getNodeParameter(RETRY_OPTIONS_PARAMETER, {}) as IDataObject;
	} else {
		return EDITOR_POLICY;
	}
	// Checked, not clamped: an expression giving NaN, text or a negative number is the user's mistake to see.
	const number = (name: string, label: string, fallback: number, min: number): number => {
		const given = options[name];
		if (given === undefined || given === null || given === '') return fallback;
		const value = typeof given === 'string' ? Number(given.trim()) : given;
		if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
		throw new NodeOperationError(context.getNode(), `${label} (Retries) must be a number of at least ${min}, got ${JSON.stringify(given)}`, {
			description: `Set ${label} in the node's Retries options, or check the expression that gives it. Nothing was sent.`,
		});
	};
	return {
		...DEFAULT_RETRY_POLICY,
		maxAttempts: Math.floor(number('maxAttempts', 'Max Attempts', DEFAULT_RETRY_POLICY.maxAttempts, 1)),
		maxRetryMs: number('maxRetrySeconds', 'Max Retry Time', DEFAULT_RETRY_POLICY.maxRetryMs / 1000, 0) * 1000,
		timeoutMs: number('timeoutSeconds', 'Request Timeout', DEFAULT_TIMEOUT_MS / 1000, 0.05) * 1000,
	};
}
