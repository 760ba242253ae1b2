/**
 * A file server on loopback for the File URL input: serves files the way
 * real servers and object stores do (or fail to), each path with its own
 * behaviour, and logs every request. Plain node:http, no framework, so that
 * what goes over the wire is exactly what the options say.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';

export interface ServedFile {
	/**
	 * The file's content: bytes, or a path on disk (large files, streamed).
	 * A list gives the versions of a file that changes: request n gets
	 * version n (the last one from then on).
	 */
	body: Buffer | string | Array<Buffer | string>;
	/** Send Content-Length (default true; false: chunked, length unknown). */
	contentLength?: boolean;
	/** With contentLength false: no chunked encoding either, the body ends when the server closes the connection (HTTP/1.0 style). */
	closeDelimited?: boolean;
	/** A drop (dropAfterBytes) resets the connection (TCP RST) instead of closing it. */
	dropWithReset?: boolean;
	/** Answer `Range: bytes=N-` and `bytes=N-M` with 206 (default true). */
	ranges?: boolean;
	/** Send an ETag, one per version (default true); a string: this same ETag for every version (a server whose ETag does not follow the content). */
	etag?: boolean | string;
	/** Compress on the fly with Content-Encoding: gzip when the client accepts it (a range is sent as stored, uncompressed). */
	gzip?: boolean;
	/**
	 * The file is stored gzip-compressed (an object with Content-Encoding
	 * metadata): always sent with Content-Encoding: gzip, ranges of the
	 * compressed bytes, whatever the client accepts.
	 */
	storedGzip?: boolean;
	/** Close the connection after this many body bytes, on the requests listed (1-based; default: the first). */
	dropAfterBytes?: number;
	dropOnRequests?: number[];
	/** Answer these requests (1-based) with this status and a short body instead. */
	failRequests?: { requests: number[]; status: number; body?: string };
	/** Every request must carry this header, else 401. */
	requireHeader?: { name: string; value: string };
	/** Send this Content-Type (default application/octet-stream). */
	contentType?: string;
}

export interface LoggedRequest {
	path: string;
	method: string;
	headers: IncomingHttpHeaders;
	/** The Range asked for, if any. */
	range?: string;
	status: number;
	/** Body bytes written before the answer ended (or the connection was dropped). */
	bytesSent: number;
	/** The Content-Encoding answered (gzip), if any. */
	contentEncoding?: string;
}

export interface FileServer {
	url: string;
	/** Serve `file` at `path` (starting with /). */
	serve(path: string, file: ServedFile): void;
	/** Answer `path` with a redirect to `location` (absolute, or a path on this server). */
	redirect(path: string, location: string, status?: number): void;
	requests: LoggedRequest[];
	requestsTo(path: string): LoggedRequest[];
	reset(): void;
	stop(): Promise<void>;
}

interface Route {
	file?: ServedFile;
	redirect?: { location: string; status: number };
	count: number;
}

export async function startFileServer(options: { host?: string; port?: number } = {}): Promise<FileServer> {
	const routes = new Map<string, Route>();
	const requests: LoggedRequest[] = [];
	const server: Server = createServer((request, response) => {
		const path = (request.url ?? '/').split('?')[0];
		const logged: LoggedRequest = { path, method: request.method ?? 'GET', headers: request.headers, range: request.headers.range, status: 0, bytesSent: 0 };
		requests.push(logged);
		const route = routes.get(path);
		if (route === undefined) return answer(response, logged, 404, 'No such file here');
		route.count++;
		if (route.redirect) {
			logged.status = route.redirect.status;
			response.writeHead(route.redirect.status, { Location: route.redirect.location, 'Content-Length': '0' });
			return response.end();
		}
		serveFile(route.file as ServedFile, route.count, request.headers, response, logged);
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
	return {
		url,
		requests,
		serve: (path, file) => routes.set(path, { file, count: 0 }),
		redirect: (path, location, status = 302) => routes.set(path, { redirect: { location, status }, count: 0 }),
		requestsTo: (path) => requests.filter((request) => request.path === path),
		reset: () => {
			routes.clear();
			requests.length = 0;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function answer(response: ServerResponse, logged: LoggedRequest, status: number, body: string): void {
	logged.status = status;
	response.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(body)) });
	response.end(body);
}

function serveFile(file: ServedFile, requestNumber: number, headers: IncomingHttpHeaders, response: ServerResponse, logged: LoggedRequest): void {
	if (file.requireHeader && headers[file.requireHeader.name.toLowerCase()] !== file.requireHeader.value) {
		return answer(response, logged, 401, `Missing or wrong ${file.requireHeader.name}`);
	}
	if (file.failRequests?.requests.includes(requestNumber)) {
		return answer(response, logged, file.failRequests.status, file.failRequests.body ?? 'Failed on purpose');
	}
	const versions = Array.isArray(file.body) ? file.body : [file.body];
	const versionIndex = Math.min(requestNumber, versions.length) - 1;
	const stored = versions[versionIndex];
	const version = file.storedGzip === true && Buffer.isBuffer(stored) ? gzipSync(stored) : stored;
	const size = typeof version === 'string' ? statSync(version).size : version.length;
	const gzip = file.gzip === true && /\bgzip\b/.test(String(headers['accept-encoding'] ?? ''));
	const rangeMatch = /^bytes=(\d+)-(\d*)$/.exec(String(headers.range ?? ''));
	const ranged = file.ranges !== false && !gzip && rangeMatch !== null;
	const start = ranged ? Number(rangeMatch[1]) : 0;
	// The last byte sent, inclusive (a range `bytes=N-M` stops at M).
	const last = ranged && rangeMatch[2] !== '' ? Math.min(Number(rangeMatch[2]), size - 1) : size - 1;
	if (start > size || (ranged && rangeMatch[2] !== '' && start >= size)) return answer(response, logged, 416, 'Range not satisfiable');
	const out: Record<string, string> = { 'Content-Type': file.contentType ?? 'application/octet-stream' };
	if (file.ranges !== false) out['Accept-Ranges'] = 'bytes';
	// One ETag per content (a file path: per size and time of change).
	if (typeof file.etag === 'string') out.ETag = file.etag;
	else if (file.etag !== false) out.ETag = `"${typeof version === 'string' ? `${size}-${statSync(version).mtimeMs}` : createHash('sha1').update(version).digest('hex').slice(0, 12)}"`;
	if (gzip || file.storedGzip === true) out['Content-Encoding'] = logged.contentEncoding = 'gzip';
	// Compressed on the fly: the length is not known in advance.
	if (!gzip && file.contentLength !== false) out['Content-Length'] = String(last + 1 - start);
	if (ranged && (start > 0 || last < size - 1)) out['Content-Range'] = `bytes ${start}-${last}/${size}`;
	logged.status = out['Content-Range'] ? 206 : 200;
	if (file.closeDelimited === true) response.useChunkedEncodingByDefault = false;
	response.writeHead(logged.status, out);
	const source: Readable =
		typeof version === 'string' ? createReadStream(version, { start, end: last, highWaterMark: 256 * 1024 }) : Readable.from(chunksOf(version.subarray(start, last + 1)));
	const drop = file.dropAfterBytes !== undefined && (file.dropOnRequests ?? [1]).includes(requestNumber) ? file.dropAfterBytes : undefined;
	const body = gzip ? source.pipe(createGzip()) : source;
	body.on('data', (chunk: Buffer) => {
		// The client went away (a read it stopped early): a chunk already on its way is dropped, not written to a closed socket.
		if (response.destroyed) return;
		if (drop !== undefined && logged.bytesSent + chunk.length >= drop) {
			const rest = drop - logged.bytesSent;
			logged.bytesSent = drop;
			const socket = response.socket;
			response.write(chunk.subarray(0, rest), () => (file.dropWithReset === true ? socket?.resetAndDestroy() : socket?.destroy()));
			body.destroy();
			return;
		}
		logged.bytesSent += chunk.length;
		if (!response.write(chunk)) {
			body.pause();
			response.once('drain', () => body.resume());
		}
	});
	body.on('end', () => response.end());
	response.on('close', () => body.destroy());
	response.on('error', () => body.destroy());
}

/** An in-memory body in chunks the size a socket would carry. */
function* chunksOf(bytes: Buffer): Generator<Buffer> {
	for (let offset = 0; offset < bytes.length; offset += 64 * 1024) yield bytes.subarray(offset, offset + 64 * 1024);
}
