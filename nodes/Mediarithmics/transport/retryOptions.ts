import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

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
	const number = (value: unknown, fallback: number, min: number) =>
		typeof value === 'number' && Number.isFinite(value) ? Math.max(min, value) : fallback;
	return {
		...DEFAULT_RETRY_POLICY,
		maxAttempts: Math.floor(number(options.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts, 1)),
		maxRetryMs: number(options.maxRetrySeconds, DEFAULT_RETRY_POLICY.maxRetryMs / 1000, 0) * 1000,
		timeoutMs: number(options.timeoutSeconds, DEFAULT_TIMEOUT_MS / 1000, 0.05) * 1000,
	};
}
