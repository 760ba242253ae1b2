import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_NAME, type ApiContext } from './context';
import { platformError } from './errors';
import type { ApiRequestOptions, RequestBody } from './requestOptions';

/** One HTTP attempt through n8n's authenticated request helper, and reading its answer: no retries here (apiCall.ts). */
export interface HttpAnswer {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

export async function send(
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
	// No call follows a redirect (see redirectError). Following one would re-send the token
	// wherever the answer points (n8n re-adds credentials on a cross-origin redirect unless told
	// not to, and to an http:// address as readily), and would make the client keep a copy of
	// every byte of a raw upload to replay it.
	request.disableFollowRedirect = true;
	request.sendCredentialsOnCrossOriginRedirect = false;
	if (options.binaryResponse) request.encoding = 'arraybuffer';
	return (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_NAME, request)) as HttpAnswer;
}

/**
 * The API never redirects: a redirect means the API URL is not the API's own
 * address (a portal, a proxy, an http:// URL upgraded to https://). Named by
 * its origin only: the rest of the address (its query string) may hold
 * anything.
 */
export function redirectError(this: ApiContext, baseUrl: string, method: string, path: string, answer: HttpAnswer): NodeOperationError {
	const location = answer.headers?.location;
	let origin = 'an address it did not give (no Location header)';
	if (typeof location === 'string') {
		try {
			origin = new URL(location, baseUrl).origin;
		} catch {
			origin = 'an address that is not a URL';
		}
	}
	const sameOrigin = origin === new URL(baseUrl).origin;
	return new NodeOperationError(this.getNode(), `The API answered ${method} ${path} with a redirect (HTTP ${answer.statusCode}) to ${sameOrigin ? 'another path of ' : ''}${origin}, which the node does not follow`, {
		description: `Redirects are never followed, so that the API token goes only to the API URL of the Mediarithmics API credential (${new URL(baseUrl).origin}). Check that API URL: it must be the API's own address (https://api.mediarithmics.com unless mediarithmics gave you another), without a path; a proxy in between must pass requests on, not redirect them.`,
	});
}

export function answerBody(
	this: ApiContext,
	request: { method: string; path: string },
	response: HttpAnswer,
	options: ApiRequestOptions,
): IDataObject | Buffer {
	let body = response.body;
	if (options.binaryResponse) return Buffer.from(body as Buffer);
	// The docs show no answer for a DELETE: a success without a body (204, or an empty 200) is done.
	if (request.method === 'DELETE' && isEmptyBody(body)) return { status: 'ok' };
	if (typeof body === 'string') body = parseJson(Buffer.from(body));
	if (typeof body !== 'object' || body === null || (body as IDataObject).status !== 'ok') {
		throw platformError(this.getNode(), request, response.statusCode, body);
	}
	return body as IDataObject;
}

function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null) return true;
	if (typeof body === 'string') return body.trim() === '';
	return Buffer.isBuffer(body) && body.length === 0;
}

export function errorBody(body: unknown): unknown {
	if (Buffer.isBuffer(body) || body instanceof ArrayBuffer) return parseJson(Buffer.from(body as Buffer));
	if (typeof body === 'string') return parseJson(Buffer.from(body));
	return body;
}


function parseJson(bytes: Buffer): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		return undefined;
	}
}

export function isStream(value: unknown): value is NodeJS.ReadableStream {
	return typeof value === 'object' && value !== null && typeof (value as NodeJS.ReadableStream).pipe === 'function';
}
