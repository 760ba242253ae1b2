import fc from 'fast-check';

import { ItemEncoder } from '../../../nodes/Mediarithmics/bulk/split/items/itemParts';
import { LineMeasure } from '../../../nodes/Mediarithmics/bulk/split/items/lineMeasure';

const options = { maxPartBytes: 1e6, documentType: 'USER_SEGMENT', format: 'ndjson' as const, validate: true, invalidLines: 'stop' as const };

test('a line whose key was met gets the size and verdict it got the first time, which are those of its own bytes', () => {
	const line = fc
		.record({
			operation: fc.constantFrom('UPDATE', 'DELETE', 'ADD'),
			segment: fc.constantFrom('newsletter_gold', '', 'é', 'a"b'),
			expiration: fc.constantFrom(0, -1, 1.5),
		})
		.map(({ operation, segment, expiration }) => ({
			key: JSON.stringify([operation, segment, expiration]),
			text: `${JSON.stringify({ operation, email_hash: '0'.repeat(64), segment_technical_name: segment, expiration_duration: expiration })}\n`,
		}));
	fc.assert(
		fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
			const encoder = new ItemEncoder(options);
			const measure = new LineMeasure(encoder, true, () => undefined);
			for (const { key, text } of lines) {
				measure.measureKeyed(key.length % 2, key, () => text);
				const bytes = Buffer.from(text);
				expect([measure.size, measure.reason]).toEqual([bytes.length, encoder.check(bytes)]);
			}
		}),
	);
});
