import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

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
	// A raw upload is sent without redirect support: to replay a body on a redirect, the
	// redirect-following client keeps a copy of every byte sent (a whole 100 MB part in memory,
	// and the garbage collector's time with it), and a streamed part could not be replayed anyway.
	if (options.body !== undefined && !isJsonBody) request.disableFollowRedirect = true;
	if (options.binaryResponse) request.encoding = 'arraybuffer';
	return (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_NAME, request)) as HttpAnswer;
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
