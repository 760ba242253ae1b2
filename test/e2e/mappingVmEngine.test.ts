/**
 * The differential test of the compiled mappings (test/unit/mapping) against
 * n8n's default expression engine, `vm` (isolated-vm), which needs the Node 24
 * of the provisioned n8n: generated mappings and items, evaluated by the pinned
 * n8n's own n8n-workflow in a Node 24 process, must give exactly what the
 * node's fast path gives wherever it gives a value.
 */
import { execFile } from 'child_process';
import { realpathSync } from 'fs';
import path from 'path';
import { isDeepStrictEqual, inspect } from 'util';
import fc from 'fast-check';

import { compileMapping, EVALUATE } from '../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/simpleMapping';
import { itemJson, rawParameter } from '../unit/mapping/mappingArbitraries';
import { provisionN8n } from './n8n';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { encode, decode } = require('./taggedJson.cjs') as { encode: (value: unknown) => unknown; decode: (value: unknown) => unknown };

jest.setTimeout(30 * 60 * 1000);

async function evaluateInN8n(cases: Array<{ raw: unknown; items: unknown[] }>): Promise<{ engine: string; results: Array<Array<{ value?: unknown; error?: string }>> }> {
	const { node24Bin, n8nBin } = await provisionN8n();
	return await new Promise((resolve, reject) => {
		const child = execFile(
			path.join(node24Bin, 'node'),
			[path.join(__dirname, 'n8nEvaluateMappings.cjs')],
			{ env: { ...process.env, N8N_DIR: path.dirname(realpathSync(n8nBin)) }, maxBuffer: 256 * 1024 * 1024 },
			(error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
		);
		child.stdin!.end(JSON.stringify(cases.map(({ raw, items }) => ({ raw: encode(raw), items: encode(items) }))));
	});
}

test("compiled mappings give what n8n's default expression engine (vm) gives, for generated mappings and items", async () => {
	const cases = fc.sample(fc.record({ raw: rawParameter, items: fc.array(itemJson, { minLength: 1, maxLength: 3 }) }), { numRuns: 4000, seed: 14 });
	const { engine, results } = await evaluateInN8n(cases);
	expect(engine).toBe('vm');
	let compared = 0;
	const differences: string[] = [];
	cases.forEach(({ raw, items }, caseIndex) => {
		const mapping = compileMapping(raw);
		if (!mapping) return;
		// The items as the other process saw them (the tagged JSON round trip), so that both sides read the same values.
		(decode(encode(items)) as unknown[]).forEach((json, itemIndex) => {
			const ours = mapping(json);
			if (ours === EVALUATE) return;
			compared++;
			const n8n = results[caseIndex][itemIndex];
			const theirs = 'value' in n8n ? decode(n8n.value) : undefined;
			if (!('value' in n8n) || !isDeepStrictEqual(ours, theirs)) {
				differences.push(`${JSON.stringify(raw)} on ${inspect(json)}: node ${inspect(ours)}, n8n ${inspect(n8n)}`);
			}
		});
	});
	if (process.env.MAPPING_DIFF_FILE) require("fs").writeFileSync(process.env.MAPPING_DIFF_FILE, differences.join("\n\n"));
	expect(differences.slice(0, 10)).toEqual([]);
	expect(compared).toBeGreaterThan(1000);
});
