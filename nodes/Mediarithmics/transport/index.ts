import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { connectionError, errorCodeOf, platformError } from './errors';
export { keepPlatformDetails, platformErrorDetails, type PlatformErrorDetails } from './errors';
import {
	callKindOf,
	classifyFailure,
	describeFailure,
	nextAttempt,
	parseRetryAfter,
	settleMs,
	type AttemptFailure,
} from './retry';
import { retryPolicyOf } from './retryOptions';


/** The only place of the package that speaks HTTP: every call goes through here. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_NAME = 'mediarithmicsApi';

type RequestBody = IDataObject | Buffer | NodeJS.ReadableStream;

export interface ApiRequestOptions {
	qs?: IDataObject;
	/**
	 * A JSON body (an object), or a raw body (a Buffer or a stream) with its
	 * Content-Type. A stream can be sent once: give a function that returns a
	 * fresh body for each attempt (1-based) so that the call can be retried.
	 */
	body?: RequestBody | ((attempt: number) => Promise<RequestBody>);
	headers?: Record<string, string>;
	/** Answer as raw bytes instead of a JSON envelope (file downloads). */
	binaryResponse?: boolean;
	/**
	 * For a call that creates something, after an attempt whose outcome is
	 * unknown (connection cut after the body was sent, timeout, 502/503/504):
	 * finds what that attempt created (given when it started, by this
	 * machine's clock), or undefined when it created nothing and the call may
	 * be sent again. `deadline` (same clock) is when Max Retry Time runs out: a
	 * check that must wait for the platform to tell (e.g. an execution's line
	 * count) waits no longer, and throws when it still cannot tell. Without it
	 * such a call is not retried.
	 */
	findCreated?: (attemptStartedAt: number, deadline: number) => Promise<IDataObject | undefined>;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The credential's API URL, checked: https only, except loopback (a local simulator). */
export async function getBaseUrl(this: ApiContext): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	const raw = String(credentials.apiUrl ?? '').trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new NodeOperationError(this.getNode(), `The API URL "${raw}" of the Mediarithmics API credential is not a URL`, {
			description: 'Set it to https://api.mediarithmics.com (without /v1) unless mediarithmics gave you another one.',
		});
	}
	const loopback = LOOPBACK_HOSTS.test(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		throw new NodeOperationError(this.getNode(), `The API URL "${raw}" of the Mediarithmics API credential must start with https://`, {
			description: 'The API token is sent with every request, so only https:// is allowed (http:// only for loopback addresses such as a local simulator).',
		});
	}
	return raw;
}

/**
 * One call to the API. Unwraps the `{status:"ok", data}` envelope and turns
 * error answers into NodeApiError (see errors.ts). Returns the whole envelope
 * when `envelope` is asked for (lists need `total`).
 */
export async function apiRequest(
	this: ApiContext,
	method: IHttpRequestMethods,
	path: string,
	options: ApiRequestOptions = {},
): Promise<IDataObject> {
	const envelope = (await apiRequestEnvelope.call(this, method, path, options)) as IDataObject;
	return envelope.data as IDataObject;
}

/** A file download (error files): the answer's bytes. */
export async function apiDownload(this: ApiContext, path: string, qs: IDataObject): Promise<Buffer> {
	return (await apiRequestEnvelope.call(this, 'GET', path, { qs, binaryResponse: true })) as Buffer;
}

export async function apiRequestEnvelope(
	this: ApiContext,
	method: IHttpRequestMethods,
	path: string,
	options: ApiRequestOptions = {},
): Promise<IDataObject | Buffer> {
	return (await apiCall.call(this, method, path, options)).body;
}

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
		let error: NodeApiError;
		try {
			const response = await send.call(this, baseUrl, method, path, options, body, policy.timeoutMs);
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
			error = platformError(this.getNode(), { method, path }, statusCode, errorBody(response.body));
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
		const decision = nextAttempt({ attempt, elapsedMs: Date.now() - startedAt, retryAfterMs, random: Math.random(), policy });
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
			await sleepUnlessCanceled.call(this, waitMs, where);
		}
		if (verdict === 'unknown') {
			const found = await options.findCreated!(attemptStartedAt, startedAt + policy.maxRetryMs);
			if (found) {
				report.outcome = 'recovered';
				report.retries.push({ attempt, reason: `${reason}: found it done, not sent again`, waitMs });
				this.logger.debug(`mediarithmics: ${method} ${path}: attempt ${attempt} had been done (found ${String(found.id ?? '')}); not sent again`);
				return { body: { status: 'ok', data: found }, report };
			}
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
}

interface HttpAnswer {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

async function send(
	this: ApiContext,
	baseUrl: string,
	method: IHttpRequestMethods,
	path: string,
	options: ApiRequestOptions,
	body: RequestBody | undefined,
	timeoutMs: number,
): Promise<HttpAnswer> {
	const isJsonBody = body !== undefined && !Buffer.isBuffer(body) && !isStream(body);
	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${path}`,
		qs: options.qs,
		headers: { Accept: options.binaryResponse ? '*/*' : 'application/json', ...options.headers },
		body: body as IHttpRequestOptions['body'],
		json: !options.binaryResponse,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};
	if (isJsonBody) request.headers!['Content-Type'] = 'application/json';
	// A raw upload is sent without redirect support: to replay a body on a redirect, the
	// redirect-following client keeps a copy of every byte sent (a whole 100 MB part in memory,
	// and the garbage collector's time with it), and a streamed part could not be replayed anyway.
	if (options.body !== undefined && !isJsonBody) request.disableFollowRedirect = true;
	if (options.binaryResponse) request.encoding = 'arraybuffer';
	return (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_NAME, request)) as HttpAnswer;
}

function answerBody(
	this: ApiContext,
	request: { method: string; path: string },
	response: HttpAnswer,
	options: ApiRequestOptions,
): IDataObject | Buffer {
	let body = response.body;
	if (options.binaryResponse) return Buffer.from(body as Buffer);
	if (typeof body === 'string') body = parseJson(Buffer.from(body));
	if (typeof body !== 'object' || body === null || (body as IDataObject).status !== 'ok') {
		throw platformError(this.getNode(), request, response.statusCode, body);
	}
	return body as IDataObject;
}

function errorBody(body: unknown): unknown {
	if (Buffer.isBuffer(body) || body instanceof ArrayBuffer) return parseJson(Buffer.from(body as Buffer));
	if (typeof body === 'string') return parseJson(Buffer.from(body));
	return body;
}

/** Adds the attempts made to the error's description, so a failure after retries says so. */
function withHistory(error: NodeApiError, report: CallReport, note?: string): NodeApiError {
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

const SLEEP_SLICE_MS = 500;

/** The workflow's stop signal, where the context has one (not in the editor's pickers). */
export function cancelSignalOf(context: ApiContext): AbortSignal | undefined {
	return (context as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal?.();
}

/** Waits (before a retry, or between checks), in short slices so that stopping the workflow stops the wait. */
export async function sleepUnlessCanceled(this: ApiContext, ms: number, where: { method: string; path: string }): Promise<void> {
	const wakeUp = Date.now() + ms;
	for (;;) {
		if (cancelSignalOf(this)?.aborted) {
			throw new NodeOperationError(this.getNode(), `Stopped while waiting to retry ${where.method} ${where.path}`);
		}
		const remaining = wakeUp - Date.now();
		if (remaining <= 0) return;
		await sleep(Math.min(remaining, SLEEP_SLICE_MS));
	}
}

/**
 * Get Many: pages over `first_result`/`max_results` until `limit` items, the
 * `total` the API announced, or a short page (when `total` is absent).
 * `keep` filters client-side (for filters the API does not document).
 */
export async function apiRequestAllItems(
	this: ApiContext,
	path: string,
	qs: IDataObject = {},
	limit = Infinity,
	pageSize = 500,
	keep?: (item: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	let firstResult = 0;
	for (;;) {
		// With a filter applied here, ask full pages: a page may match less than asked.
		const maxResults = keep ? pageSize : Math.min(pageSize, limit - items.length);
		const page = (await apiRequestEnvelope.call(this, 'GET', path, {
			qs: { ...qs, first_result: firstResult, max_results: maxResults },
		})) as IDataObject;
		const data = (page.data as IDataObject[]) ?? [];
		items.push(...(keep ? data.filter(keep) : data).slice(0, limit - items.length));
		firstResult += data.length;
		const total = typeof page.total === 'number' ? page.total : undefined;
		const done =
			items.length >= limit ||
			data.length === 0 ||
			(total !== undefined ? firstResult >= total : data.length < maxResults);
		if (done) return items;
	}
}

function parseJson(bytes: Buffer): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		return undefined;
	}
}

function isStream(value: unknown): value is NodeJS.ReadableStream {
	return typeof value === 'object' && value !== null && typeof (value as NodeJS.ReadableStream).pipe === 'function';
}
