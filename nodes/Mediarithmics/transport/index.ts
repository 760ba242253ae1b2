import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { connectionError, platformError } from './errors';

/** The only place of the package that speaks HTTP: every call goes through here. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_NAME = 'mediarithmicsApi';

export interface ApiRequestOptions {
	qs?: IDataObject;
	/** A JSON body (an object), or a raw body (a Buffer or a stream) with its Content-Type. */
	body?: IDataObject | Buffer | NodeJS.ReadableStream;
	headers?: Record<string, string>;
	/** Answer as raw bytes instead of a JSON envelope (file downloads). */
	binaryResponse?: boolean;
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
	const baseUrl = await getBaseUrl.call(this);
	const isJsonBody = options.body !== undefined && !Buffer.isBuffer(options.body) && !isStream(options.body);
	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${path}`,
		qs: options.qs,
		headers: { Accept: options.binaryResponse ? '*/*' : 'application/json', ...options.headers },
		body: options.body as IHttpRequestOptions['body'],
		json: !options.binaryResponse,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (isJsonBody) request.headers!['Content-Type'] = 'application/json';
	// A raw upload is sent without redirect support: to replay a body on a redirect, the
	// redirect-following client keeps a copy of every byte sent (a whole 100 MB part in memory,
	// and the garbage collector's time with it), and a streamed part could not be replayed anyway.
	if (options.body !== undefined && !isJsonBody) request.disableFollowRedirect = true;
	if (options.binaryResponse) request.encoding = 'arraybuffer';

	let response: { statusCode: number; body: unknown };
	try {
		response = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_NAME, request);
	} catch (error) {
		throw connectionError(this.getNode(), { method, path, baseUrl }, error);
	}

	const { statusCode } = response;
	let body = response.body;
	if (statusCode < 200 || statusCode >= 300) {
		if (Buffer.isBuffer(body) || body instanceof ArrayBuffer) body = parseJson(Buffer.from(body as Buffer));
		throw platformError(this.getNode(), { method, path }, statusCode, body);
	}
	if (options.binaryResponse) return Buffer.from(body as Buffer);
	if (typeof body === 'string') body = parseJson(Buffer.from(body));
	if (typeof body !== 'object' || body === null || (body as IDataObject).status !== 'ok') {
		throw platformError(this.getNode(), { method, path }, statusCode, body);
	}
	return body as IDataObject;
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
