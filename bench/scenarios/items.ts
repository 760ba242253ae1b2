/**
 * Scenario 2, items. A Code node produces the items inside the workflow; the
 * Mediarithmics node uploads them as USER_SEGMENT commands. Variants:
 * - fields: CRM-like rows, turned into commands by Build Lines From Fields
 *   (three per-item expressions: operation, email, segment; the email is
 *   hashed), with n8n's default expression engine ('vm', isolated-vm);
 * - fields, legacy engine: the same with N8N_EXPRESSION_ENGINE=legacy;
 * - lines: ready commands uploaded with Items as Lines (no expression).
 * Baseline, in the same run: a plain Node.js script (same Node as n8n) that
 * JSON.stringifies the same lines and posts them to the same simulator
 * (bench/baselines/stringifyUpload.cjs).
 */
import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import path from 'path';
import { promisify } from 'util';

import { EXAMPLES, provisionN8n } from '../../test/e2e/n8n';
import type { Simulator } from '../../test/simulator';
import { BenchN8n, nodeTime } from '../benchN8n';
import { createSegmentImport, executionsUrl, storedBytesOfImport } from '../simulatorImports';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { itemsCode } = require('../baselines/crmRows.cjs') as { itemsCode: (kind: 'fields' | 'lines', count: number) => string };

const run = promisify(execFile);
const UPLOAD_NODE = 'Upload segment commands';

export interface ItemsVariant {
	/** For BENCH_ITEM_VARIANTS. */
	id: 'fields-vm' | 'fields-legacy' | 'lines';
	name: string;
	kind: 'fields' | 'lines';
	/** Extra environment of the n8n process. */
	env: Record<string, string>;
}

export const ITEMS_VARIANTS: ItemsVariant[] = [
	{ id: 'fields-vm', name: 'Build Lines From Fields (default expression engine)', kind: 'fields', env: {} },
	{ id: 'fields-legacy', name: 'Build Lines From Fields (legacy expression engine)', kind: 'fields', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
	{ id: 'lines', name: 'Items as Lines', kind: 'lines', env: {} },
];

export interface ItemsSample {
	variant: string;
	items: number;
	run: number;
	/** The Mediarithmics node's executionTime, ms. */
	nodeMs: number;
	/** JSON.stringify + upload of the same lines, ms. */
	baselineMs: number;
	bytes: number;
}

function itemsWorkflow(kind: 'fields' | 'lines', count: number, partMB: number): { id: string } {
	const example = JSON.parse(readFileSync(path.join(EXAMPLES, 'crm-rows-to-segment.json'), 'utf8'));
	const upload = example.nodes.find((node: { name: string }) => node.name === UPLOAD_NODE);
	const uploadParameters =
		kind === 'fields'
			? { ...upload.parameters, uploadOptions: { maxPartMegabytes: partMB } }
			: {
					resource: 'execution',
					operation: 'upload',
					datamart: upload.parameters.datamart,
					target: 'new',
					newImportName: 'Bench items as lines',
					newImportDocumentType: 'USER_SEGMENT',
					newImportMimeType: 'APPLICATION_X_NDJSON',
					inputMode: 'items',
					uploadOptions: { maxPartMegabytes: partMB },
				};
	return {
		...example,
		id: `benchItems${kind}`,
		name: `Bench: ${count} items (${kind})`,
		connections: {
			"When clicking 'Execute workflow'": { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: UPLOAD_NODE, type: 'main', index: 0 }]] },
		},
		nodes: [
			example.nodes[0],
			{
				id: 'b0a2b3c4-0000-4000-8000-000000000002',
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { mode: 'runOnceForAllItems', jsCode: itemsCode(kind, count) },
			},
			{ ...upload, parameters: uploadParameters },
		],
	} as { id: string };
}

async function baseline(sim: Simulator, kind: 'fields' | 'lines', count: number, partMB: number, runIndex: number): Promise<{ ms: number; bytes: number }> {
	const { node24Bin } = await provisionN8n();
	const importId = await createSegmentImport(sim, `items baseline ${runIndex}`);
	const { stdout } = await run(
		path.join(node24Bin, 'node'),
		[path.join(__dirname, '..', 'baselines', 'stringifyUpload.cjs'), kind, String(count), executionsUrl(sim, importId), String(partMB * 1e6)],
		{ env: { ...process.env, BENCH_TOKEN: sim.token }, maxBuffer: 1024 * 1024 },
	);
	const result = JSON.parse(stdout) as { ms: number; bytes: number };
	const stored = storedBytesOfImport(sim, importId);
	if (stored !== result.bytes) throw new Error(`the baseline uploaded ${stored} of ${result.bytes} bytes`);
	return result;
}

export async function itemsScenario(
	n8n: BenchN8n,
	sim: Simulator,
	options: { partMB: number; variants: Array<{ variant: ItemsVariant; counts: number[]; runs: number }>; log: (line: string) => void },
): Promise<ItemsSample[]> {
	const samples: ItemsSample[] = [];
	for (const { variant, counts, runs } of options.variants) {
		for (const count of counts) {
			for (let runIndex = 1; runIndex <= runs; runIndex++) {
				const plain = await baseline(sim, variant.kind, count, options.partMB, runIndex);
				sim.reset();
				const result = await n8n.run(itemsWorkflow(variant.kind, count, options.partMB), [UPLOAD_NODE], variant.env);
				const nodeMs = nodeTime(result.run, UPLOAD_NODE);
				const parts = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
				const lines = parts.reduce((sum, part) => sum + Number(part.lines), 0);
				const bytes = parts.reduce((sum, part) => sum + Number(part.bytes), 0);
				if (lines !== count) throw new Error(`the node uploaded ${lines} of ${count} lines`);
				if (bytes !== plain.bytes) throw new Error(`the node uploaded ${bytes} bytes, the baseline ${plain.bytes}: not the same lines`);
				sim.reset();
				const sample: ItemsSample = { variant: variant.name, items: count, run: runIndex, nodeMs, baselineMs: plain.ms, bytes };
				samples.push(sample);
				options.log(`items ${JSON.stringify(sample)}`);
			}
		}
	}
	return samples;
}
