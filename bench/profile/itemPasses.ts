/**
 * Times the encoding of values into parts (Items as Lines) without n8n:
 * every value encoded and checked, the parts kept; then reading the parts.
 *   npx ts-node --transpile-only bench/profile/itemPasses.ts [count=1000000]
 */
import { encodeItemParts } from '../../nodes/Mediarithmics/bulk';
import { nowMs } from '../stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { itemValues } = require('../baselines/crmRows.cjs') as { itemValues: (kind: 'lines', count: number) => unknown[] };

async function main(): Promise<void> {
	const values = itemValues('lines', Number(process.argv[2] ?? 1_000_000));
	const options = { maxPartBytes: 100_000_000, documentType: 'USER_SEGMENT', format: 'ndjson' as const, validate: true, invalidLines: 'stop' as const };
	for (let round = 1; round <= 3; round++) {
		let start = nowMs();
		const { parts } = await encodeItemParts(values, options);
		const encodeMs = nowMs() - start;
		start = nowMs();
		let bytes = 0;
		for (const part of parts) {
			const pieces: Buffer[] = [];
			for await (const piece of part.stream()) pieces.push(piece);
			bytes += Buffer.concat(pieces).length;
		}
		const partBuffersMs = nowMs() - start;
		start = nowMs();
		const plain = values.map((value) => `${JSON.stringify(value)}\n`).join('');
		const stringify = nowMs() - start;
		console.log(JSON.stringify({ round, encodeMs: Math.round(encodeMs), partBuffersMs: Math.round(partBuffersMs), plainStringifyMs: Math.round(stringify), bytes, plainBytes: plain.length }));
	}
}

void main();
