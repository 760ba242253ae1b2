import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** How one call went, for the output and the log. */
export interface CallReport {
	attempts: number;
	retries: Array<{ attempt: number; reason: string; waitMs: number }>;
	/**
	 * done: the call succeeded (perhaps after retries that provably did nothing);
	 * recovered: an attempt with an unknown outcome had done it (found, not sent again);
	 * redone: an attempt with an unknown outcome had not done it, and it was sent again.
	 */
	outcome: 'done' | 'recovered' | 'redone';
	/** An attempt that timed out was checked and not found done: the platform may still finish it later (a late copy). */
	lateCopyPossible?: boolean;
	/** The last attempt may have been done, and checking whether it was failed: nothing is known of it. */
	outcomeUnknown?: boolean;
}

/** Adds the attempts made to the error's description, so a failure after retries says so. */
export function withHistory<E extends NodeApiError | NodeOperationError>(error: E, report: CallReport, note?: string): E {
	const tries = report.retries.length
		? `Tried ${report.attempts} times; retried after: ${report.retries.map((retry) => retry.reason).join(', ')}.`
		: '';
	error.description = [error.description, note, tries].filter(Boolean).join(' ');
	failedCallReports.set(error, report);
	return error;
}

/** How a call that failed went (its attempts), for callers that say more about the failure. */
const failedCallReports = new WeakMap<Error, CallReport>();

export function failedCallReportOf(error: unknown): CallReport | undefined {
	return error instanceof Error ? failedCallReports.get(error) : undefined;
}
