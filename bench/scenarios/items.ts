/**
 * Scenario 2, items. A Code node produces the items inside the workflow; the
 * Mediarithmics node uploads them as USER_SEGMENT commands. Variants:
 * - fields: CRM-like rows, turned into commands by Build Lines From Fields
 *   with the mappings of examples/workflows/crm-rows-to-segment.json (fields
 *   dragged in, a segment name around a field, Remove When a Field Is True:
 *   no per-item evaluation by n8n; the email is hashed), with n8n's default
 *   expression engine ('vm', isolated-vm), or with N8N_EXPRESSION_ENGINE=legacy;
 * - fields, ternary: the same, but the operation as the expression
 *   `$json.unsubscribed ? 'DELETE' : 'UPDATE'`, which n8n evaluates per item;
 * - lines: ready commands uploaded with Items as Lines (no expression);
 * - peer: what a user would build instead: a Code node turning the rows into
 *   the same commands, then Items as Lines; its time is both nodes' times.
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
const { itemsCode, PEER_LINES_CODE } = require('../baselines/crmRows.cjs') as { itemsCode: (kind: 'fields' | 'lines', count: number) => string; PEER_LINES_CODE: string };

const run = promisify(execFile);
const UPLOAD_NODE = 'Upload segment commands';
const PEER_CODE_NODE = 'Build lines (Code)';

export interface ItemsVariant {
	/** For BENCH_ITEM_VARIANTS. */
	id: 'fields-vm' | 'fields-legacy' | 'fields-ternary-vm' | 'lines' | 'peer';
	name: string;
	/** What the Items node produces ('fields': CRM rows, 'lines': ready commands) and how the upload takes it. */
	kind: 'fields' | 'lines' | 'peer';
	/** Replaces parameters of the example's upload node (fields variants). */
	parameters?: Record<string, unknown>;
	/** n8n evaluates an expression per item: slow, so run only up to BENCH_FIELD_ITEMS_MAX items, BENCH_VM_FIELD_RUNS times. */
	evaluatesPerItem?: boolean;
	/** Extra environment of the n8n process. */
	env: Record<string, string>;
}

export const ITEMS_VARIANTS: ItemsVariant[] = [
	{ id: 'fields-vm', name: 'Build Lines From Fields, dragged mappings (default expression engine)', kind: 'fields', env: {} },
	{ id: 'fields-legacy', name: 'Build Lines From Fields, dragged mappings (legacy expression engine)', kind: 'fields', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
	{
		id: 'fields-ternary-vm',
		name: 'Build Lines From Fields, operation as a ternary expression (default engine)',
		kind: 'fields',
		parameters: { lineOperation: "={{ $json.unsubscribed ? 'DELETE' : 'UPDATE' }}" },
		evaluatesPerItem: true,
		env: {},
	},
	{ id: 'lines', name: 'Items as Lines', kind: 'lines', env: {} },
	{ id: 'peer', name: 'Peer: Code node building the lines, then Items as Lines', kind: 'peer', env: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto' } },
];

export interface ItemsSample {
	variant: string;
	items: number;
	run: number;
	/** The Mediarithmics node's executionTime, ms (peer: the Code node's plus the upload's). */
	nodeMs: number;
	/** Peer only: the Code node's executionTime, ms. */
	codeMs?: number;
	/** JSON.stringify + upload of the same lines, ms. */
	baselineMs: number;
	bytes: number;
}

function itemsWorkflow(variant: ItemsVariant, count: number, partMB: number): { id: string } {
	const example = JSON.parse(readFileSync(path.join(EXAMPLES, 'crm-rows-to-segment.json'), 'utf8'));
	const upload = example.nodes.find((node: { name: string }) => node.name === UPLOAD_NODE);
	const uploadParameters =
		variant.kind === 'fields'
			? { ...upload.parameters, ...variant.parameters, uploadOptions: { maxPartMegabytes: partMB } }
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
	const code = (name: string, jsCode: string, x: number) => ({
		id: `b0a2b3c4-0000-4000-8000-00000000000${x}`,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [x * 220, 0],
		parameters: { mode: 'runOnceForAllItems', jsCode },
	});
	const peer = variant.kind === 'peer';
	const chain = ['Items', ...(peer ? [PEER_CODE_NODE] : []), UPLOAD_NODE];
	return {
		...example,
		id: `benchItems${variant.id.replace(/-/g, '')}`,
		name: `Bench: ${count} items (${variant.id})`,
		connections: Object.fromEntries(
			[example.nodes[0].name, ...chain].slice(0, -1).map((name, index) => [name, { main: [[{ node: chain[index], type: 'main', index: 0 }]] }]),
		),
		nodes: [
			example.nodes[0],
			code('Items', itemsCode(variant.kind === 'lines' ? 'lines' : 'fields', count), 1),
			...(peer ? [code(PEER_CODE_NODE, PEER_LINES_CODE, 2)] : []),
			{ ...upload, position: [chain.length * 220, 0], parameters: uploadParameters },
		],
	} as { id: string };
}

async function baseline(sim: Simulator, kind: 'fields' | 'lines' | 'peer', count: number, partMB: number, runIndex: number): Promise<{ ms: number; bytes: number }> {
	const { node24Bin } = await provisionN8n();
	const importId = await createSegmentImport(sim, `items baseline ${runIndex}`);
	const { stdout } = await run(
		path.join(node24Bin, 'node'),
		[path.join(__dirname, '..', 'baselines', 'stringifyUpload.cjs'), kind === 'lines' ? 'lines' : 'fields', String(count), executionsUrl(sim, importId), String(partMB * 1e6)],
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
				const peer = variant.kind === 'peer';
				const result = await n8n.run(itemsWorkflow(variant, count, options.partMB), peer ? [PEER_CODE_NODE, UPLOAD_NODE] : [UPLOAD_NODE], variant.env);
				const codeMs = peer ? nodeTime(result.run, PEER_CODE_NODE) : undefined;
				const nodeMs = nodeTime(result.run, UPLOAD_NODE) + (codeMs ?? 0);
				const parts = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
				const lines = parts.reduce((sum, part) => sum + Number(part.lines), 0);
				const bytes = parts.reduce((sum, part) => sum + Number(part.bytes), 0);
				if (lines !== count) throw new Error(`the node uploaded ${lines} of ${count} lines`);
				if (bytes !== plain.bytes) throw new Error(`the node uploaded ${bytes} bytes, the baseline ${plain.bytes}: not the same lines`);
				sim.reset();
				const sample: ItemsSample = { variant: variant.name, items: count, run: runIndex, nodeMs, ...(codeMs !== undefined ? { codeMs } : {}), baselineMs: plain.ms, bytes };
				samples.push(sample);
				options.log(`items ${JSON.stringify(sample)}`);
			}
		}
	}
	return samples;
}
