import type { ReadableClass, UploadPart } from '../input/source';

/** A Node Readable, named through the global NodeJS types (community nodes may not import `stream`). */
type Readable = NodeJS.ReadableStream;

/**
 * The HTTP body of a part: a stream when the input is one (n8n's binary
 * store, a download: `streamClass` is its Readable class), else the part in
 * memory (at most Max Part Size). `owner`, when given, is closed once the
 * stream has been read.
 */
export async function partBody(
	part: UploadPart,
	streamClass: ReadableClass | undefined,
	onInputError: (error: unknown) => Error,
	owner?: AsyncGenerator<UploadPart>,
): Promise<Buffer | Readable> {
	const chunks = guardedChunks(part, onInputError, owner);
	if (!streamClass) return await collect(chunks);
	// Readable.from is a static of every Readable subclass and builds a plain Readable.
	return streamClass.from(chunks, { objectMode: false });
}

/**
 * The part's chunks, with an input error turned into the one the user must
 * hear about (reading the input failed, or found it wrong, e.g. a line larger
 * than a part without validation: not the cut request), and `owner` closed
 * once they are read, or given up. A plain iterator, not a generator around
 * the part's generator: one promise per chunk instead of three.
 */
function guardedChunks(part: UploadPart, onInputError: (error: unknown) => Error, owner?: AsyncGenerator<UploadPart>): AsyncIterable<Buffer> {
	// Opened at the first read, as a generator would: a part that cannot be streamed fails there.
	let inner: AsyncIterator<Buffer> | undefined;
	let closed = false;
	const close = async (): Promise<void> => {
		if (closed) return;
		closed = true;
		await owner?.return(undefined);
	};
	const iterator: AsyncIterator<Buffer> = {
		async next() {
			let next: IteratorResult<Buffer>;
			try {
				inner ??= part.stream()[Symbol.asyncIterator]();
				next = await inner.next();
			} catch (error) {
				await close();
				throw onInputError(error);
			}
			if (next.done === true) await close();
			return next;
		},
		async return() {
			try {
				await inner?.return?.();
			} finally {
				await close();
			}
			return { done: true, value: undefined };
		},
	};
	return { [Symbol.asyncIterator]: () => iterator };
}

/** A part read whole into memory (in-memory sources: it is at most Max Part Size). */
export async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const chunk of chunks) parts.push(chunk);
	// A part built as one buffer (records from a file) is sent as it is: a copy would double it in memory.
	return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
