/**
 * One HTTP GET of a file to upload, through n8n's own HTTP client
 * (`this.helpers.httpRequest`: n8n's proxy settings and SSRF policy apply),
 * with no credential of ours: the file's host never gets the mediarithmics
 * token. The body comes as a stream; a `Content-Encoding` (gzip, deflate, br)
 * is decoded by the client on the fly.
 */
import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { cancelSignalOf } from '../../../../../transport';
import { safeSummaryOf } from './errorBody';

type Readable = NodeJS.ReadableStream & { destroy?: (error?: Error) => void };

/** What to download: the URL, and the request headers the link needs (none of ours). */
export interface FileRequest {
	url: string;
	headers: Record<string, string>;
	/** Upload a body whose end cannot be proven (no Content-Length, no total from a range): Accept a File URL Without a Length. */
	acceptWithoutLength?: boolean;
}

export interface FileResponse {
	status: number;
	/** Response headers, names in lower case. */
	headers: Record<string, string | undefined>;
	body: Readable;
}

/** Statuses worth asking again, a few times, before the read is given up. */
const TRY_LATER = [429, 502, 503, 504];
const TRIES = 3;
const WAIT_MS = 1000;
/** No byte for this long: the download is given up (n8n's client puts it on the socket, so it is an idle time). */
const IDLE_TIMEOUT_MS = 120_000;
/** How much of an error answer is quoted. */
const QUOTED_CHARS = 300;
const READ_CHARS = 4096;

/** The URL as shown in messages and outputs: without its query, which in a presigned link is a signature. */
export function shownUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
	} catch {
		return '(an unreadable URL)';
	}
}

/** Only http: and https: are downloaded, and the URL must be whole. */
export function checkFileUrl(this: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const text = typeof value === 'string' ? value.trim() : '';
	let parsed: URL | undefined;
	try {
		parsed = new URL(text);
	} catch {
		parsed = undefined;
	}
	if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1}: File URL must be an http: or https: URL`, {
			itemIndex,
			description: text
				? `"${shownUrl(text) === '(an unreadable URL)' ? text.slice(0, 80) : shownUrl(text)}" is not one. Give the whole link, starting with https://.`
				: 'It is empty. Give the link of the file, starting with https://.',
		});
	}
	return parsed.href;
}

/**
 * GETs the file (from byte `from` on with an HTTP Range, when given) and
 * hands out its body unread. `what` names the read in errors ("part 3").
 * An answer other than 2xx ends in an error quoting the status and the start
 * of the body; 429 and 5xx gateway answers are asked again a few times.
 */
export async function requestFile(this: IExecuteFunctions, request: FileRequest, what: string, from?: number, to?: number): Promise<FileResponse> {
	const headers: Record<string, string> = { ...request.headers };
	// Byte offsets are those of the file itself: ask for it as it is stored.
	if (from !== undefined) Object.assign(headers, { Range: `bytes=${from}-${to ?? ''}`, 'Accept-Encoding': 'identity' });
	for (let attempt = 1; ; attempt++) {
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequest({
				method: 'GET',
				url: request.url,
				headers,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// A presigned link often redirects to storage elsewhere, which must not get the link's own Authorization.
				sendCredentialsOnCrossOriginRedirect: false,
				timeout: IDLE_TIMEOUT_MS,
				abortSignal: cancelSignalOf(this),
			})) as IN8nHttpFullResponse;
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `Could not download ${shownUrl(request.url)} (${what}): ${(error as Error).message}`, {
				description: 'Check that the link is right and reachable from n8n, and that it has not expired.',
			});
		}
		const body = response.body as Readable;
		const status = response.statusCode;
		// A range past the end of the bytes as stored (a file stored compressed): the caller reads it whole.
		if (status === 416 && from !== undefined) body.destroy?.();
		if ((status >= 200 && status < 300) || (status === 416 && from !== undefined)) {
			return { status, headers: lowerCased(response.headers as Record<string, unknown>), body };
		}
		const quoted = await startOf(body);
		if (TRY_LATER.includes(status) && attempt < TRIES) {
			await sleep(WAIT_MS * attempt);
			continue;
		}
		throw new NodeOperationError(
			this.getNode(),
			`The file server answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} for ${shownUrl(request.url)} (${what})${quoted ? `: ${quoted}` : ''}`,
			{
				description:
					status === 401 || status === 403
						? 'The link needs other or more request headers, or it has expired: set File URL Headers, or make a new link.'
						: status === 404 || status === 410
							? 'The file is not there (any more): check the link.'
							: 'Check the link and the file server, then run again.',
			},
		);
	}
}

function lowerCased(headers: Record<string, unknown>): Record<string, string | undefined> {
	const result: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined ? undefined : String(value);
	}
	return result;
}

/** A safe summary of an error answer's body (see errorBody.ts), on one line; the rest is not read. */
async function startOf(body: Readable): Promise<string> {
	let text = '';
	try {
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			text += chunk.toString();
			// Enough to find an XML error's Code and Message (after them, S3 lists the signed request).
			if (text.length >= READ_CHARS) break;
		}
	} catch {
		// The error answer itself broke off: its status says enough.
	} finally {
		body.destroy?.();
	}
	return safeSummaryOf(text, QUOTED_CHARS);
}
