import { createHash } from 'crypto';
import fc from 'fast-check';

import { PrefixHasher } from '../../../nodes/Mediarithmics/bulk/split/records/prefixHash';

test('digestTo(offset) is the SHA-256 of the input before offset, however the input is chunked', () => {
	fc.assert(
		fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (bytes, sizes, fractions) => {
			const input = Buffer.from(bytes);
			const hasher = new PrefixHasher();
			const offsets = fractions.map((fraction) => Math.floor(fraction * input.length)).sort((a, b) => a - b);
			let added = 0;
			let size = 0;
			while (added < input.length) {
				const next = Math.min(input.length, added + sizes[size++ % sizes.length]);
				hasher.add(input.subarray(added, next));
				added = next;
				// Digests asked for as soon as their bytes are in, as the passes do.
				while (offsets.length > 0 && offsets[0] <= added) {
					const offset = offsets.shift() as number;
					expect(hasher.digestTo(offset)).toBe(createHash('sha256').update(input.subarray(0, offset)).digest('hex'));
				}
			}
			expect(hasher.digestTo(input.length)).toBe(createHash('sha256').update(input).digest('hex'));
		}),
	);
});

test('with a mark between chunks (as the record reader does), nothing is held and every digest is still the prefix\'s', () => {
	fc.assert(
		fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (bytes, sizes, fractions) => {
			const input = Buffer.from(bytes);
			const sha = (offset: number) => createHash('sha256').update(input.subarray(0, offset)).digest('hex');
			// Record ends: a digest may be asked for at the last end before a chunk, or at any end inside it.
			const ends = [...new Set(fractions.map((fraction) => 1 + Math.floor(fraction * (input.length - 1))))].sort((a, b) => a - b);
			const hasher = new PrefixHasher();
			let added = 0;
			let lastEnd = 0;
			let size = 0;
			while (added < input.length) {
				hasher.mark(lastEnd);
				expect(hasher.digestTo(lastEnd)).toBe(sha(lastEnd));
				const next = Math.min(input.length, added + sizes[size++ % sizes.length]);
				hasher.add(input.subarray(added, next));
				for (const end of ends.filter((offset) => offset > added && offset <= next)) {
					expect(hasher.digestTo(end)).toBe(sha(end));
					lastEnd = end;
				}
				added = next;
			}
			expect(hasher.digestTo(input.length)).toBe(sha(input.length));
		}),
	);
});
