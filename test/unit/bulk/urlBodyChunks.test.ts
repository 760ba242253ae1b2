import { coalesced } from '../../../nodes/Mediarithmics/actions/execution/upload/input/url/bodyChunks';

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of source) chunks.push(chunk);
	return chunks;
}

async function* from(chunks: Uint8Array[], breakAtEnd?: Error): AsyncGenerator<Uint8Array> {
	for (const chunk of chunks) yield chunk;
	if (breakAtEnd) throw breakAtEnd;
}

describe('File URL body chunks', () => {
	test("a socket's 64 KiB chunks are handed on as they are: not copied, not gathered", async () => {
		const socketChunks = [Buffer.alloc(64 * 1024, 1), Buffer.alloc(64 * 1024, 2), Buffer.alloc(40 * 1024, 3)];
		const out = await collect(coalesced(from(socketChunks)));
		expect(out).toHaveLength(3);
		out.forEach((chunk, index) => expect(chunk).toBe(socketChunks[index]));
	});

	test("a decoder's 16 KiB chunks are gathered into 64 KiB, bytes in order", async () => {
		const pieces = Array.from({ length: 10 }, (_value, index) => Buffer.alloc(16 * 1024, index));
		const out = await collect(coalesced(from(pieces)));
		expect(out.map((chunk) => chunk.length)).toEqual([64 * 1024, 64 * 1024, 32 * 1024]);
		expect(Buffer.concat(out)).toEqual(Buffer.concat(pieces));
	});

	test('a break while gathering hands out what came before it, then the break', async () => {
		const broken = new Error('socket hang up');
		const iterator = coalesced(from([Buffer.from('abc'), Buffer.from('def')], broken))[Symbol.asyncIterator]();
		expect(Buffer.from((await iterator.next()).value as Uint8Array).toString()).toBe('abcdef');
		await expect(iterator.next()).rejects.toBe(broken);
	});
});
