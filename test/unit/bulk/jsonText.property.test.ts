import fc from 'fast-check';

import { jsonString } from '../../../nodes/Mediarithmics/bulk/encoding/jsonText';

test('jsonString writes what JSON.stringify writes, escapes and lone surrogates included', () => {
	const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\ud800', '\udfff', '😀', 'é', '\u2028'));
	fc.assert(
		fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
			const text = pieces.join('');
			expect(jsonString(text)).toBe(JSON.stringify(text));
		}),
		{ numRuns: 2000 },
	);
});
