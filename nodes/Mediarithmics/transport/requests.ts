import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { apiCall } from './apiCall';
import type { ApiContext } from './context';
import type { ApiRequestOptions } from './requestOptions';

/**
 * One call to the API. Unwraps the `{status:"ok", data}` envelope and turns
 * error answers into NodeApiError (see errors.ts). A DELETE may answer no
 * data. Lists, which need the envelope's `total`: apiRequestPage.
 */
export async function apiRequest(
	this: ApiContext,
	method: IHttpRequestMethods,
	path: string,
	options: ApiRequestOptions = {},
): Promise<IDataObject> {
	const envelope = (await apiCall.call(this, method, path, options)).body as IDataObject;
	return envelope.data as IDataObject;
}

/** A file download (error files): the answer's bytes. */
export async function apiDownload(this: ApiContext, path: string, qs: IDataObject): Promise<Buffer> {
	return (await apiCall.call(this, 'GET', path, { qs, binaryResponse: true })).body as Buffer;
}

/** One page of a list: its items, and the `total` the API announced (when it does). */
export async function apiRequestPage(
	this: ApiContext,
	path: string,
	firstResult: number,
	maxResults: number,
	qs: IDataObject = {},
): Promise<{ data: IDataObject[]; total: number | undefined }> {
	const page = (await apiCall.call(this, 'GET', path, { qs: { ...qs, first_result: firstResult, max_results: maxResults } })).body as IDataObject;
	return { data: (page.data as IDataObject[]) ?? [], total: typeof page.total === 'number' ? page.total : undefined };
}

const PAGE_SIZE = 500;

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
	keep?: (item: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	let firstResult = 0;
	for (;;) {
		// With a filter applied here, ask full pages: a page may match less than asked.
		const maxResults = keep ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - items.length);
		const { data, total } = await apiRequestPage.call(this, path, firstResult, maxResults, qs);
		items.push(...(keep ? data.filter(keep) : data).slice(0, limit - items.length));
		firstResult += data.length;
		const done =
			items.length >= limit ||
			data.length === 0 ||
			(total !== undefined ? firstResult >= total : data.length < maxResults);
		if (done) return items;
	}
}
