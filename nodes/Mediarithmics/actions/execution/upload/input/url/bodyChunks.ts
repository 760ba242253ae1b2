/** How the body of a download is handed to the split. */
import { brokeOff } from './reopenOnBreak';

type Readable = NodeJS.ReadableStream & { destroy?: (error?: Error) => void };

/**
 * An object of Node's own Readable class, found on the body's prototype
 * chain: the body may be a decoding stream (a Duplex, whose static `from`
 * builds a Duplex), and community nodes may not import `stream`. It is never
 * read: only its class is taken (streamClassOf in ../source.ts).
 */
export function plainReadableOf(body: Readable): Readable {
	for (let proto = Object.getPrototypeOf(body) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
		if ((proto.constructor as { name?: string }).name === 'Readable') return Object.create(proto) as Readable;
	}
	return body;
}

/**
 * A ranged body with its first chunk read ahead, or undefined when that
 * chunk cannot be decoded: the range of a file stored compressed starts
 * inside the compressed data, which the client's decoder refuses at once
 * (Z_ codes). The chunk is handed out again first.
 */
export async function readAhead(body: Readable, shown: string, what: string, from: number): Promise<AsyncIterable<Uint8Array> | undefined> {
	const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
	let first: IteratorResult<Uint8Array>;
	try {
		first = await iterator.next();
	} catch (error) {
		if (/^Z_/.test(String((error as { code?: unknown }).code ?? ''))) return undefined;
		throw brokeOff(error, shown, what, from);
	}
	let pending: IteratorResult<Uint8Array> | undefined = first;
	return {
		[Symbol.asyncIterator]: () => ({
			next: async (): Promise<IteratorResult<Uint8Array>> => {
				if (pending === undefined) return await iterator.next();
				const result = pending;
				pending = undefined;
				return result;
			},
			return: async (): Promise<IteratorResult<Uint8Array>> => (await iterator.return?.()) ?? { done: true, value: undefined },
		}),
	};
}

/** A chunk at least this large is handed on as it is (a socket's 64 KiB reads are). */
const LARGE_CHUNK = 32 * 1024;
/** Smaller ones (a decoder's 16 KiB, a slow server's dribble) are gathered up to this size. */
const BATCH = 64 * 1024;

/**
 * The body in chunks of at least 32 KiB: the split and the upload cost per
 * chunk, so small ones (a gzip decoder hands out 16 KiB at a time) are
 * gathered with a copy. The socket's own 64 KiB chunks go on uncopied:
 * gathering them into larger copies costs more than it saves, the garbage
 * collector's runs over the copies included (bench/README.md, File URL).
 */
export function coalesced(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
	const iterator = source[Symbol.asyncIterator]();
	let done = false;
	// A break met while gathering: what came before it is handed out first (the split sends it), the break next.
	const state: { broken?: { error: unknown } } = {};
	const throwIfBroken = (): void => {
		if (state.broken !== undefined) throw state.broken.error;
	};
	return {
		[Symbol.asyncIterator]: () => ({
			next: async (): Promise<IteratorResult<Uint8Array>> => {
				throwIfBroken();
				if (done) return { done: true, value: undefined };
				const pieces: Uint8Array[] = [];
				let length = 0;
				while (length < BATCH && !(pieces.length === 1 && length >= LARGE_CHUNK)) {
					const next = await iterator.next().then(
						(result) => result,
						(error: unknown) => {
							state.broken = { error };
							return undefined;
						},
					);
					if (next === undefined || next.done === true) {
						done = true;
						break;
					}
					pieces.push(next.value);
					length += next.value.length;
				}
				if (pieces.length === 0) {
					throwIfBroken();
					return { done: true, value: undefined };
				}
				return { done: false, value: pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, length) };
			},
			return: async (): Promise<IteratorResult<Uint8Array>> => (await iterator.return?.()) ?? { done: true, value: undefined },
		}),
	};
}
