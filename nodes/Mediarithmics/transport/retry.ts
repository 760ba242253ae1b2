/**
 * The retry policy, as pure functions (no n8n, no clock, no randomness of
 * their own) so that every rule is unit-tested: which failures are retried
 * for which kind of call, how long to wait (exponential backoff with full
 * jitter, or the server's Retry-After), and when to give up.
 */

export interface RetryPolicy {
	/** Tries of one call, the first included (1 = no retry). */
	maxAttempts: number;
	/** No new attempt starts once this long has passed since the first one. */
	maxRetryMs: number;
	/** First backoff ceiling; doubles each attempt up to maxBackoffMs. */
	baseBackoffMs: number;
	maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	maxRetryMs: 120_000,
	baseBackoffMs: 500,
	maxBackoffMs: 30_000,
};

/**
 * `safe`: repeating the call cannot do the work twice (GET, PUT, DELETE).
 * `create`: it creates something (document import, execution, cancel
 * request); it is repeated only when the answer proves nothing was done, and
 * an unknown outcome must be checked before any new attempt.
 */
export type CallKind = 'safe' | 'create';

/** What one attempt ended with: an HTTP status, or a network error code (ECONNRESET...). */
export type AttemptFailure = { statusCode: number } | { errorCode: string };

/**
 * - `retry`: nothing was done (or doing it again is harmless): try again.
 * - `unknown`: the call may or may not have been done: check before trying again.
 * - `fail`: do not try again.
 */
export type FailureVerdict = 'retry' | 'unknown' | 'fail';

/** Statuses that say "try later": rate limit, and a gateway or server that is not answering. */
export const RETRYABLE_STATUSES: readonly number[] = [429, 502, 503, 504];

/** Network errors worth another attempt: the connection failed, was cut, or timed out. */
const TRANSIENT_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Errors that prove the request never reached the server (nothing can have been done). */
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Whether an answer to a call that creates something leaves open that it was
 * done. Only a refusal proves nothing was: 429, and the client errors (4xx)
 * but 408. A 5xx (the platform failing after its work, or a gateway or
 * proxy, 502-504 and 52x, in front of a platform that received the call), a
 * 408 and a redirect do not.
 */
export function answerMayHaveBeenDone(statusCode: number): boolean {
	if (statusCode === 408) return true;
	return statusCode >= 500 || (statusCode >= 300 && statusCode < 400);
}

export function classifyFailure(kind: CallKind, failure: AttemptFailure): FailureVerdict {
	if ('statusCode' in failure) {
		if (failure.statusCode === 429) return 'retry';
		if (kind === 'create') return answerMayHaveBeenDone(failure.statusCode) ? 'unknown' : 'fail';
		return RETRYABLE_STATUSES.includes(failure.statusCode) ? 'retry' : 'fail';
	}
	if (!TRANSIENT_ERROR_CODES.has(failure.errorCode)) return 'fail';
	if (kind === 'create' && !NOT_SENT_ERROR_CODES.has(failure.errorCode)) return 'unknown';
	return 'retry';
}

export function callKindOf(method: string): CallKind {
	return ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(method.toUpperCase()) ? 'safe' : 'create';
}

/**
 * The Retry-After header in milliseconds: delay-seconds or an HTTP date
 * (RFC 9110 10.2.3). Undefined when absent or unreadable; a date in the past
 * gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
	const text = (Array.isArray(value) ? value[0] : value)?.trim();
	if (!text) return undefined;
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with full jitter: a uniform wait in
 * [0, min(maxBackoff, base * 2^(retry-1))]. `retry` counts from 1 (the wait
 * before the second attempt); `random` is in [0, 1).
 */
export function backoffMs(retry: number, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
	const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** Math.max(0, retry - 1));
	return Math.floor(random * ceiling);
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; reason: string };

/**
 * Whether to start attempt `attempt + 1`, and after how long. The server's
 * Retry-After wins over the backoff; a wait that would end past the total
 * retry time is not started (the call fails now, saying why).
 */
export function nextAttempt(input: {
	attempt: number;
	elapsedMs: number;
	retryAfterMs?: number;
	random: number;
	policy: RetryPolicy;
}): RetryDecision {
	const { attempt, elapsedMs, retryAfterMs, random, policy } = input;
	if (attempt >= policy.maxAttempts) {
		return { retry: false, reason: `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'} (Max Attempts ${policy.maxAttempts})` };
	}
	const waitMs = retryAfterMs ?? backoffMs(attempt, random, policy);
	if (elapsedMs + waitMs > policy.maxRetryMs) {
		const asked = retryAfterMs !== undefined ? `the API asked to wait ${Math.ceil(waitMs / 1000)} s (Retry-After), ` : '';
		return {
			retry: false,
			reason: `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${asked}which would pass Max Retry Time (${Math.round(policy.maxRetryMs / 1000)} s)`,
		};
	}
	return { retry: true, waitMs };
}

/** Failures after which the platform may still be working on the request: it was not answered in time. */
const TIMEOUT_ERROR_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** A gateway's timeout (504) or a proxy's (524): the platform may still be working on the request. */
const TIMEOUT_STATUSES = new Set([504, 524]);

/** Longest wait before checking what a timed-out call did. */
export const MAX_SETTLE_MS = 60_000;

/**
 * How long to wait, after an attempt whose outcome is unknown, before
 * checking whether it was done. A timeout (ours, or a gateway's 504) does not
 * stop the platform: the request may still be running there, and the HTTP
 * client does not always close the connection when it gives up. Checking at
 * once could miss an execution that appears a moment later and then send the
 * part a second time. So the check waits as long again as the request timeout
 * (at most MAX_SETTLE_MS). Other unknown outcomes (a connection cut, a
 * 500, 502/503) are over on the platform's side when they reach us: no wait.
 */
export function settleMs(failure: AttemptFailure, timeoutMs: number): number {
	const timedOut = 'statusCode' in failure ? TIMEOUT_STATUSES.has(failure.statusCode) : TIMEOUT_ERROR_CODES.has(failure.errorCode);
	return timedOut ? Math.min(timeoutMs, MAX_SETTLE_MS) : 0;
}

/** A short, token-free description of a failed attempt, for the log and the output. */
export function describeFailure(failure: AttemptFailure): string {
	return 'statusCode' in failure ? `HTTP ${failure.statusCode}` : failure.errorCode;
}
