/**
 * Times the two passes over values (Items as Lines) without n8n: pass 1
 * encodes and checks every value, pass 2 builds the parts.
 *   npx ts-node --transpile-only bench/profile/itemPasses.ts [count=1000000]
 */
import { planItemParts, readItemParts } from '../../nodes/Mediarithmics/bulk';
import { nowMs } from '../stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { itemValues } = require('../baselines/crmRows.cjs') as { itemValues: (kind: 'lines', count: number) => unknown[] };

async function main(): Promise<void> {
	const values = itemValues('lines', Number(process.argv[2] ?? 1_000_000));
	const options = { maxPartBytes: 100_000_000, documentType: 'USER_SEGMENT', format: 'ndjson' as const, validate: true, invalidLines: 'stop' as const };
	for (let round = 1; round <= 3; round++) {
		let start = nowMs();
		const plan = await planItemParts(values, options);
		const pass1 = nowMs() - start;
		start = nowMs();
		let bytes = 0;
		for await (const part of readItemParts(values, plan)) for await (const chunk of part.stream()) bytes += chunk.length;
		const pass2 = nowMs() - start;
		start = nowMs();
		const plain = values.map((value) => `${JSON.stringify(value)}\n`).join('');
		const stringify = nowMs() - start;
		console.log(JSON.stringify({ round, pass1Ms: Math.round(pass1), pass2Ms: Math.round(pass2), plainStringifyMs: Math.round(stringify), bytes, plainBytes: plain.length }));
	}
}

void main();
