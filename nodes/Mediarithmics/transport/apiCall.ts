import type { IDataObject, IHttpRequestMethods, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callDeadlineOf } from './callDeadline';
import { withHistory, type CallReport } from './callReport';
import { getBaseUrl, type ApiContext } from './context';
import { connectionError, errorCodeOf, platformError } from './errors';
import { answerBody, errorBody, isStream, redirectError, send } from './http';
import type { ApiRequestOptions } from './requestOptions';
import { callKindOf, classifyFailure, describeFailure, nextAttempt, parseRetryAfter, settleMs, type AttemptFailure, type RetryDecision } from './retry';
import { retryPolicyOf } from './retryOptions';
import { cancelSignalOf, sleepUnlessCanceled } from './sleep';

/**
 * One call to the API with its retries (see retry.ts for the policy): what
 * the API answered, and how it went (attempts, each retry and its reason,
 * whether an unknown outcome was resolved by finding what was created).
 * Every retry is logged at debug level, without the token.
 */
export async function apiCall(
	this: ApiContext,
	method: IHttpRequestMethods,
	path: string,
	options: ApiRequestOptions = {},
): Promise<{ body: IDataObject | Buffer; report: CallReport }> {
	const baseUrl = await getBaseUrl.call(this);
	const policy = retryPolicyOf(this);
	const kind = callKindOf(method);
	const report: CallReport = { attempts: 0, retries: [], outcome: 'done' };
	const startedAt = Date.now();
	const where = { method, path, baseUrl };
	// A trigger poll's budget: no attempt runs, and no wait ends, past it.
	const deadline = callDeadlineOf(this);
	let earlierOutcomeUnknown = false;

	for (let attempt = 1; ; attempt++) {
		report.attempts = attempt;
		const attemptStartedAt = Date.now();
		const body = typeof options.body === 'function' ? await options.body(attempt) : options.body;
		if (attempt > 1 && isStream(body) && typeof options.body !== 'function') {
			throw new NodeOperationError(this.getNode(), `Cannot send ${method} ${path} again: its body was a stream already read`);
		}
		let failure: AttemptFailure;
		let retryAfterMs: number | undefined;
		let error: NodeApiError | NodeOperationError;
		try {
			const timeoutMs = deadline === undefined ? policy.timeoutMs : Math.max(1, Math.min(policy.timeoutMs, deadline - Date.now()));
			const response = await send.call(this, baseUrl, method, path, options, body, timeoutMs);
			const { statusCode } = response;
			if (statusCode >= 200 && statusCode < 300) {
				if (earlierOutcomeUnknown) report.outcome = 'redone';
				return { body: answerBody.call(this, where, response, options), report };
			}
			if (statusCode === 404 && method === 'DELETE' && earlierOutcomeUnknown) {
				// An earlier attempt was cut after the server may have deleted it: gone is what was asked.
				report.outcome = 'recovered';
				return { body: { status: 'ok' }, report };
			}
			failure = { statusCode };
			// A redirect is never followed (the token stays with the API URL); to a create, it says nothing of whether the work was done.
			error = isRedirect(statusCode) ? redirectError.call(this, baseUrl, method, path, response) : platformError(this.getNode(), { method, path }, statusCode, errorBody(response.body));
			retryAfterMs = parseRetryAfter(response.headers?.['retry-after'] as string | undefined, Date.now());
		} catch (caught) {
			if (caught instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), caught);
			const code = errorCodeOf(caught);
			if (code === 'ERR_CANCELED' || cancelSignalOf(this)?.aborted) throw connectionError(this.getNode(), where, caught);
			failure = { errorCode: code ?? 'no answer' };
			error = connectionError(this.getNode(), where, caught);
		}

		const verdict = classifyFailure(kind, failure);
		if (verdict === 'fail') throw withHistory(error, report);
		// A DELETE cut or lost on the way may have been done: a later 404 then means "deleted".
		if (method === 'DELETE' && classifyFailure('create', failure) === 'unknown') earlierOutcomeUnknown = true;
		if (verdict === 'unknown' && !options.findCreated) {
			throw withHistory(error, report, `The outcome of ${method} ${path} is unknown: it was not sent again, to avoid doing it twice. Check on the platform before running again.`);
		}
		let reason = `${describeFailure(failure)}${verdict === 'unknown' ? ', outcome unknown' : ''}`;
		const decision = withinDeadline(nextAttempt({ attempt, elapsedMs: Date.now() - startedAt, retryAfterMs, random: Math.random(), policy }), attempt, deadline, retryAfterMs);
		if (!decision.retry && verdict === 'retry') throw withHistory(error, report, `${reason}; ${decision.reason}.`);
		// An unknown outcome is checked after the wait, so that a slow server has had time to finish
		// what it received; after a timeout, at least as long again as the timeout (see settleMs).
		const backoff = decision.retry ? decision.waitMs : 0;
		const settle = verdict === 'unknown' ? settleMs(failure, policy.timeoutMs) : 0;
		const waitMs = Math.max(backoff, settle);
		if (waitMs > 0 || decision.retry) {
			const why = settle > backoff ? ' (after a timeout: as long again as Request Timeout)' : retryAfterMs !== undefined ? ' (Retry-After)' : '';
			this.logger.debug(
				`mediarithmics: ${method} ${path} attempt ${attempt} failed (${reason}); ${verdict === 'unknown' ? 'checking whether it was done' : 'retrying'} in ${waitMs} ms${why}`,
			);
			await sleepUnlessCanceled.call(this, waitMs, `to retry ${method} ${path}`);
		}
		if (verdict === 'unknown') {
			let found: IDataObject | undefined;
			try {
				found = await options.findCreated!(attemptStartedAt, startedAt + policy.maxRetryMs);
			} catch (checkError) {
				// The caller's own verdict (an outcome it could not settle), or a stopped workflow: as they are.
				if (checkError instanceof NodeOperationError || cancelSignalOf(this)?.aborted) throw new NodeOperationError(this.getNode(), checkError as Error);
				report.outcomeUnknown = true;
				throw withHistory(
					error,
					report,
					`${reason}; checking whether it was done failed (${(checkError as Error).message}): it may or may not have been done, and it was not sent again, so as not to do it twice.`,
				);
			}
			if (found) {
				report.outcome = 'recovered';
				report.retries.push({ attempt, reason: `${reason}: found it done, not sent again`, waitMs });
				this.logger.debug(`mediarithmics: ${method} ${path}: attempt ${attempt} had been done (found ${String(found.id ?? '')}); not sent again`);
				return { body: { status: 'ok', data: found }, report };
			}
			// A redirect would come again: checked and not done, the call is not sent again to an address that sends it away.
			if ('statusCode' in failure && isRedirect(failure.statusCode)) throw withHistory(error, report, `${reason}: checked, not done; not sent again.`);
			earlierOutcomeUnknown = true;
			// The platform may still finish a timed-out attempt after this check: the caller can look again later.
			if (settle > 0) report.lateCopyPossible = true;
			reason = `${reason}: checked, not done`;
			// A settle wait longer than the backoff may have used up Max Retry Time: no new attempt then.
			const retry = decision.retry && Date.now() - startedAt <= policy.maxRetryMs;
			this.logger.debug(`mediarithmics: ${method} ${path}: attempt ${attempt} had not been done${retry ? '; sending again' : ''}`);
			if (!decision.retry) throw withHistory(error, report, `${reason}; ${decision.reason}.`);
			if (!retry) {
				throw withHistory(error, report, `${reason}; gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: Max Retry Time (${Math.round(policy.maxRetryMs / 1000)} s) passed while checking.`);
			}
		}
		report.retries.push({ attempt, reason, waitMs });
	}
}

function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400;
}

/** No retry whose wait would end past the poll's budget: the poll fails now, with its error, and the next poll tries again. */
function withinDeadline(decision: RetryDecision, attempt: number, deadline: number | undefined, retryAfterMs: number | undefined): RetryDecision {
	if (!decision.retry || deadline === undefined || Date.now() + decision.waitMs < deadline) return decision;
	const asked = retryAfterMs !== undefined ? `the API asked to wait ${Math.ceil(decision.waitMs / 1000)} s (Retry-After), which` : 'another attempt';
	return {
		retry: false,
		reason: `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${asked} would run past the time n8n gives this poll (its poll budget); the next poll tries again`,
	};
}
