/** How the body of a download is handed to the split. */
import { brokeOff } from './reopenOnBreak';

type Readable = NodeJS.ReadableStream & { destroy?: (error?: Error) => void };

/**
 * An object of Node's own Readable class, found on the body's prototype
 * chain: the body may be a decoding stream (a Duplex, whose static `from`
 * builds a Duplex), and community nodes may not import `stream`. It is never
 * read; partBody.ts only takes its class.
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

/** The size the split reads its input in, as from n8n's binary store (bulk/split works per chunk). */
const BATCH = 1024 * 1024;

/**
 * The body in chunks of about a megabyte: sockets hand out 16 to 64 KiB at a
 * time, and the split and the upload cost per chunk (in a node test here, a
 * 64 MiB file without validation took about 3.5 s in chunks as they came,
 * 1.1 s coalesced).
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
				while (length < BATCH) {
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
