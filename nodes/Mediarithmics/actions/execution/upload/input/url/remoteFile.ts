/**
 * A file at a URL, read as many times as the upload needs: the check (pass 1),
 * the upload (pass 2), and a retry from the start of a part. Every read after
 * the first is checked to be of the same file (ETag, Last-Modified, length;
 * with validation, a SHA-256 of the whole body; without, a SHA-256 of the
 * bytes before the part read again, bulk/split/onePassReader.ts), and a read
 * from the middle of the file uses an HTTP Range when the server offers byte
 * ranges of the bytes as stored (asked for without compression) and sends an
 * ETag or Last-Modified to compare, else reads from the start and lets the
 * split skip what is before the part.
 */
import { createHash, type Hash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputChangedError } from '../../../../../bulk';
import { coalesced, plainReadableOf, readAhead } from './bodyChunks';
import { brokeOff } from './reopenOnBreak';
import { requestFile, shownUrl, type FileRequest, type FileResponse } from './download';

type Readable = NodeJS.ReadableStream & { destroy?: (error?: Error) => void };

/** What identifies the file's version, as its first read answered. */
interface FirstAnswer {
	etag?: string;
	lastModified?: string;
	/** Content-Length of the whole file, when the server sent it. */
	length?: number;
	/** Byte ranges of the bytes read can be asked for. */
	ranges: boolean;
}

export interface OpenedFile {
	/** The body from byte `startsAt` on. Closing it early (return) ends the download. */
	chunks: AsyncIterable<Uint8Array>;
	startsAt: number;
	/** Names Node's Readable class, so that a part's body can be streamed (see send/partBody.ts). */
	template: Readable;
}

/** How a read from the start of the file takes part in the whole-body check. */
export type DigestRole = 'record' | 'verify' | 'none';

export class RemoteFile {
	private first: FirstAnswer | undefined;
	/** SHA-256 and length of the whole body, from a read that recorded them. */
	private digest: { sha256: string; bytes: number } | undefined;
	/** For a file served without Content-Length: its length as stored, from a one-byte range (undefined: none could be had). */
	private probedTotal: Promise<number | undefined> | undefined;

	constructor(
		private readonly context: IExecuteFunctions,
		readonly request: FileRequest,
	) {}

	get shownUrl(): string {
		return shownUrl(this.request.url);
	}

	/** Opens a read of the file from byte `from` on (or from its start, when a range cannot be had). */
	async open(what: string, from = 0, digest: DigestRole = 'none'): Promise<OpenedFile> {
		// A range is asked for only when the answer can be compared with the first one (ETag, Last-Modified):
		// without them, the file is read again from its start, and the bytes before `from` prove it is the same.
		const ranged = from > 0 && this.first?.ranges === true && (this.first.etag !== undefined || this.first.lastModified !== undefined);
		let response = await requestFile.call(this.context, this.request, what, ranged ? from : undefined);
		let startsAt = 0;
		let source = response.body as AsyncIterable<Uint8Array>;
		if (ranged && response.status !== 200) {
			const range = response.status === 206 ? contentRange(response.headers['content-range']) : undefined;
			const readAheadSource = range?.start === from && (this.first?.length === undefined || range.total === this.first.length) ? await readAhead(response.body, this.shownUrl, what, from) : undefined;
			if (readAheadSource !== undefined) {
				source = readAheadSource;
				startsAt = from;
			} else {
				// No range, another range than the one asked for, or one of a file stored compressed (past its
				// end, or not decodable on its own): read the whole file, now and for later reads.
				this.first!.ranges = false;
				response.body.destroy?.();
				response = await requestFile.call(this.context, this.request, what);
				source = response.body as AsyncIterable<Uint8Array>;
			}
		}
		this.checkSameFile(response, startsAt);
		const end = await this.provenEnd(response, startsAt, what);
		const role = startsAt === 0 ? digest : 'none';
		return { chunks: this.chunksOf(coalesced(source), response.body, what, startsAt, role, end), startsAt, template: plainReadableOf(response.body) };
	}

	/**
	 * Where this read's body must end, when n8n's client does not check it
	 * itself. With a Content-Length, a body cut short is an error of the
	 * client. Without one (chunked, or ended by closing the connection), a cut
	 * reads as a clean end in n8n's client, at a line end as well as anywhere:
	 * the total size is then asked for with a one-byte range, and a read
	 * that ends before it broke off. A server that gives no total stops the
	 * upload before anything is sent, unless the user accepts the risk.
	 */
	private async provenEnd(response: FileResponse, startsAt: number, what: string): Promise<number | undefined> {
		if (lengthOf(response.headers['content-length']) !== undefined) return undefined;
		if (startsAt > 0) return contentRange(response.headers['content-range'])?.total;
		this.probedTotal ??= this.totalFromRange(what);
		const total = await this.probedTotal;
		if (total === undefined && this.request.acceptWithoutLength !== true) {
			response.body.destroy?.();
			throw new NodeOperationError(this.context.getNode(), `The file at ${this.shownUrl} is served without a length, so a download cut short could not be told from the whole file`, {
				description:
					'The server sent no Content-Length and answered no byte range giving the total size: a connection cut at a line end would look like the end of the file, and the lines after it would be left out without a word. Serve the file with a Content-Length (e.g. from object storage, or as a static file), or, if you accept that risk, turn on the option Accept a File URL Without a Length.',
			});
		}
		return total;
	}

	/** The file's total size from `Range: bytes=0-0` (206 with `Content-Range: bytes 0-0/total`), else undefined. */
	private async totalFromRange(what: string): Promise<number | undefined> {
		const probe = await requestFile.call(this.context, this.request, `${what}, its size`, 0, 0);
		probe.body.destroy?.();
		return probe.status === 206 ? contentRange(probe.headers['content-range'])?.total : undefined;
	}

	/** The first answer is the reference; a later one of another version of the file stops the upload. */
	private checkSameFile(response: FileResponse, startsAt: number): void {
		const { headers } = response;
		const answer: FirstAnswer = {
			etag: headers.etag,
			lastModified: headers['last-modified'],
			// A decoded body's Content-Length counts the compressed bytes; a range's, only the range.
			length: startsAt === 0 ? lengthOf(headers['content-length']) : contentRange(headers['content-range'])?.total,
			ranges: /\bbytes\b/i.test(headers['accept-ranges'] ?? ''),
		};
		const first = this.first;
		if (first === undefined) {
			this.first = answer;
			return;
		}
		const changed = (name: string, before: string | number | undefined, now: string | number | undefined) => {
			if (before === undefined || now === undefined || before === now) return;
			response.body.destroy?.();
			throw new InputChangedError(`the file at ${this.shownUrl} answered ${name} ${String(now)}, ${String(before)} at the first read`);
		};
		changed('ETag', first.etag, answer.etag);
		changed('Last-Modified', first.lastModified, answer.lastModified);
		changed('a length of', first.length, answer.length);
	}

	/** The body as chunks: counted (to say where a broken download stopped), hashed when asked, closed when left early. */
	private chunksOf(source: AsyncIterable<Uint8Array>, body: Readable, what: string, startsAt: number, role: DigestRole, end: number | undefined): AsyncIterable<Uint8Array> {
		const iterator = source[Symbol.asyncIterator]();
		let hash: Hash | undefined = role === 'none' || (role === 'verify' && this.digest === undefined) ? undefined : createHash('sha256');
		let position = startsAt;
		const endOfDigest = (sha256: string) => this.endOfDigest(role, sha256, position);
		// A read that checks: the comparison is made as soon as the first read's length is reached, before
		// the last chunk is handed out (a reader may stop at its last record without asking for the end).
		const checkAt = role === 'verify' ? this.digest?.bytes : undefined;
		const shown = this.shownUrl;
		const close = async (): Promise<IteratorResult<Uint8Array>> => {
			body.destroy?.();
			await iterator.return?.();
			return { done: true, value: undefined };
		};
		return {
			[Symbol.asyncIterator]: () => ({
				async next(): Promise<IteratorResult<Uint8Array>> {
					let next: IteratorResult<Uint8Array>;
					try {
						next = await iterator.next();
					} catch (error) {
						throw brokeOff(error, shown, what, position);
					}
					if (next.done !== true) {
						position += next.value.length;
						hash?.update(next.value);
						if (hash !== undefined && checkAt !== undefined && position >= checkAt) {
							const checked = hash;
							hash = undefined;
							endOfDigest(checked.digest('hex'));
						}
						return next;
					}
					// Short of the proven size: the connection was cut, this read is given up like any broken one.
					if (end !== undefined && position < end) throw brokeOff(new Error(`the body ended at byte ${position} of ${end}`), shown, what, position);
					if (hash !== undefined) endOfDigest(hash.digest('hex'));
					return next;
				},
				return: close,
			}),
		};
	}

	private endOfDigest(role: DigestRole, sha256: string, bytes: number): void {
		if (role === 'record') {
			this.digest = { sha256, bytes };
			// More bytes read than the server sent: it was stored compressed, its byte ranges are not of these bytes.
			if (this.first?.length !== undefined && this.first.length !== bytes) this.first.ranges = false;
			return;
		}
		const recorded = this.digest;
		if (recorded !== undefined && bytes > recorded.bytes) {
			throw new InputChangedError(`the file at ${this.shownUrl} is longer than the ${recorded.bytes} bytes of the first read`);
		}
		if (recorded !== undefined && recorded.bytes !== bytes) {
			throw new InputChangedError(`the read of ${this.shownUrl} ended after ${bytes} bytes, ${recorded.bytes} at the first read: a download cut short, or another file`);
		}
		if (recorded !== undefined && recorded.sha256 !== sha256) {
			throw new InputChangedError(`the file at ${this.shownUrl} has other bytes than at the first read (same length, another SHA-256)`);
		}
	}
}

function lengthOf(value: string | undefined): number | undefined {
	if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
	return Number(value.trim());
}

/** `bytes 100-199/1000` → start 100, total 1000 (total undefined when `*`). */
function contentRange(value: string | undefined): { start: number; total: number | undefined } | undefined {
	const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value ?? '');
	if (match === null) return undefined;
	return { start: Number(match[1]), total: match[3] === '*' ? undefined : Number(match[3]) };
}
