import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/** The platform's error envelope: `{status:"error", error, error_id, error_code?}`. */
export interface PlatformErrorBody {
	status?: string;
	error?: string;
	error_id?: string;
	error_code?: string;
}

function isPlatformError(body: unknown): body is PlatformErrorBody {
	return typeof body === 'object' && body !== null && 'error' in body;
}

/**
 * Turns an HTTP error answer into the error n8n shows: the platform's own
 * message as the message, and in the description the HTTP status and the
 * error id (what mediarithmics support asks for). Built from a plain object,
 * never from the HTTP client's error, which carries the request headers and
 * therefore the API token.
 */
export function platformError(
	node: INode,
	request: { method: string; path: string },
	statusCode: number,
	body: unknown,
): NodeApiError {
	const platform: PlatformErrorBody = isPlatformError(body) ? body : {};
	const platformMessage = platform.error ?? `The mediarithmics API answered HTTP ${statusCode}`;
	let message = platformMessage;
	if (statusCode === 401) {
		message = `${platformMessage} — check the API token of the Mediarithmics API credential`;
	} else if (statusCode === 403) {
		message = `${platformMessage} — check that the API token's user has rights on this datamart`;
	}
	const details = [`HTTP ${statusCode} on ${request.method} ${request.path}`];
	if (platform.error_code) details.push(`error code: ${platform.error_code}`);
	if (platform.error_id) details.push(`error id: ${platform.error_id} (quote it to mediarithmics support)`);

	const response: JsonObject = {
		message,
		httpCode: String(statusCode),
		error: platform.error ?? null,
		error_id: platform.error_id ?? null,
		error_code: platform.error_code ?? null,
	};
	const error = new NodeApiError(node, response, {
		message,
		description: details.join('; '),
		httpCode: String(statusCode),
	});
	platformDetails.set(error, { httpStatus: statusCode, errorCode: platform.error_code ?? null, errorId: platform.error_id ?? null });
	return error;
}

/** What the platform said about an error answer: for Continue On Fail items, which keep it beside the message. */
export interface PlatformErrorDetails {
	httpStatus: number | null;
	errorCode: string | null;
	errorId: string | null;
}

const platformDetails = new WeakMap<Error, PlatformErrorDetails>();

/** Gives `to`, an error built from an API error answer, that answer's details (e.g. a clearer message for the same refusal). */
export function keepPlatformDetails<T extends Error>(from: unknown, to: T): T {
	const details = platformErrorDetails(from);
	if (details.httpStatus !== null) platformDetails.set(to, details);
	return to;
}

/**
 * The HTTP status, error code and error id of an error that came from an API
 * answer (also when wrapped, through `cause`); nulls for anything else (a
 * connection error, bad input).
 */
export function platformErrorDetails(error: unknown): PlatformErrorDetails {
	for (let current = error, depth = 0; current instanceof Error && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
		const found = platformDetails.get(current);
		if (found) return found;
	}
	return { httpStatus: null, errorCode: null, errorId: null };
}

/** A request that never got an HTTP answer (refused, reset, timed out). */
export function connectionError(
	node: INode,
	request: { method: string; path: string; baseUrl: string },
	error: unknown,
): NodeApiError {
	const code = errorCodeOf(error);
	const reason = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? `${code}: no answer within the request timeout` : (code ?? 'no answer');
	const message = `Could not reach the mediarithmics API at ${request.baseUrl} (${reason})`;
	return new NodeApiError(
		node,
		{ message, code: code ?? null },
		{
			message,
			description: `${request.method} ${request.path} got no HTTP answer. Check the API URL of the credential and the network between n8n and the platform${code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? ', or raise Request Timeout under Retries' : ''}.`,
		},
	);
}

/**
 * The network error code (ECONNRESET, ECONNABORTED for a timeout...) of a failed
 * request, under n8n's wrapping: n8n 2 keeps the HTTP client's error as the
 * cause (or its cause); n8n 1 keeps no cause, and its NodeApiError holds the
 * code as `httpCode`, where an answer's status would be.
 */
export function errorCodeOf(error: unknown): string | undefined {
	const direct = (error as { code?: unknown })?.code;
	if (typeof direct === 'string') return direct;
	const cause = (error as { cause?: { code?: unknown; cause?: { code?: unknown } } })?.cause;
	if (typeof cause?.code === 'string') return cause.code;
	if (typeof cause?.cause?.code === 'string') return cause.cause.code;
	const httpCode = (error as { httpCode?: unknown })?.httpCode;
	return typeof httpCode === 'string' && /^E[A-Z_]+$/.test(httpCode) ? httpCode : undefined;
}
