import { OutputBatcher } from '../../../nodes/Mediarithmics/bulk/split/outputBatcher';

describe('OutputBatcher', () => {
	test('small runs gathered together are copied into a buffer of their size, not a 64 KiB staging buffer', () => {
		// As a 64 KiB chunk of a download gives them: a line joined across two chunks, its LF, then the chunk's whole lines.
		const chunk = Buffer.alloc(64 * 1024, 0x61);
		const joined = Buffer.from('{"line":"joined across two chunks"}');
		const out = new OutputBatcher();
		out.add(joined, 0, joined.length);
		out.add(Buffer.from('\n'), 0, 1);
		out.add(chunk, 0, chunk.length);
		const [small, large] = out.take();
		expect(small.toString()).toBe(`${joined.toString()}\n`);
		// Node's buffer pool holds it (8 KiB slabs): 64 KiB per download chunk doubled what the process allocates.
		expect(small.buffer.byteLength).toBeLessThanOrEqual(8 * 1024);
		// A large run is a view of its chunk, not a copy.
		expect(large.buffer).toBe(chunk.buffer);
	});

	test('many small runs (CRLF lines) still go out in pieces of 64 KiB, bytes in order', () => {
		const out = new OutputBatcher();
		const line = Buffer.from('{"a":1}\r\n');
		let expected = '';
		for (let index = 0; index < 20000; index++) {
			out.add(line, 0, line.length - 2);
			out.add(Buffer.from('\n'), 0, 1);
			expected += '{"a":1}\n';
		}
		const pieces = out.takeAll();
		expect(pieces.slice(0, -1).every((piece) => piece.length === 64 * 1024)).toBe(true);
		expect(Buffer.concat(pieces).toString()).toBe(expected);
	});
});
