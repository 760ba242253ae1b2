/**
 * Scenario 2, items. A Code node produces CRM-like rows inside the workflow;
 * the Mediarithmics node turns them into USER_SEGMENT commands with Build
 * Lines From Fields (email hashed, segment from the tier, operation from the
 * unsubscribed flag) and uploads them. Baseline, in the same run: a plain
 * Node.js script (same Node as n8n) that JSON.stringifies the same lines and
 * posts them to the same simulator (bench/baselines/stringifyUpload.cjs).
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
const { crmRowsCode } = require('../baselines/crmRows.cjs') as { crmRowsCode: (count: number) => string };

const run = promisify(execFile);
const UPLOAD_NODE = 'Upload segment commands';

export interface ItemsSample {
	items: number;
	run: number;
	/** The Mediarithmics node's executionTime, ms. */
	nodeMs: number;
	/** JSON.stringify + upload of the same lines, ms. */
	baselineMs: number;
	bytes: number;
}

function itemsWorkflow(count: number, partMB: number): { id: string } {
	const example = JSON.parse(readFileSync(path.join(EXAMPLES, 'crm-rows-to-segment.json'), 'utf8'));
	const upload = example.nodes.find((node: { name: string }) => node.name === UPLOAD_NODE);
	const uploadParameters = { ...upload.parameters, uploadOptions: { maxPartMegabytes: partMB } };
	return {
		...example,
		id: 'benchItems',
		name: `Bench: ${count} CRM rows to segment commands`,
		connections: {
			"When clicking 'Execute workflow'": { main: [[{ node: 'CRM rows', type: 'main', index: 0 }]] },
			'CRM rows': { main: [[{ node: UPLOAD_NODE, type: 'main', index: 0 }]] },
		},
		nodes: [
			example.nodes[0],
			{
				id: 'b0a2b3c4-0000-4000-8000-000000000002',
				name: 'CRM rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { mode: 'runOnceForAllItems', jsCode: crmRowsCode(count) },
			},
			{ ...upload, parameters: uploadParameters },
		],
	} as { id: string };
}

async function baseline(sim: Simulator, count: number, partMB: number, runIndex: number): Promise<{ ms: number; bytes: number }> {
	const { node24Bin } = await provisionN8n();
	const importId = await createSegmentImport(sim, `items baseline ${runIndex}`);
	const { stdout } = await run(
		path.join(node24Bin, 'node'),
		[path.join(__dirname, '..', 'baselines', 'stringifyUpload.cjs'), String(count), executionsUrl(sim, importId), String(partMB * 1e6)],
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
	options: { counts: number[]; runs: number; partMB: number; log: (line: string) => void },
): Promise<ItemsSample[]> {
	const samples: ItemsSample[] = [];
	for (const count of options.counts) {
		for (let runIndex = 1; runIndex <= options.runs; runIndex++) {
			const plain = await baseline(sim, count, options.partMB, runIndex);
			sim.reset();
			const result = await n8n.run(itemsWorkflow(count, options.partMB));
			const nodeMs = nodeTime(result.run, UPLOAD_NODE);
			const parts = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
			const lines = parts.reduce((sum, part) => sum + Number(part.lines), 0);
			const bytes = parts.reduce((sum, part) => sum + Number(part.bytes), 0);
			if (lines !== count) throw new Error(`the node uploaded ${lines} of ${count} lines`);
			if (bytes !== plain.bytes) throw new Error(`the node uploaded ${bytes} bytes, the baseline ${plain.bytes}: not the same lines`);
			sim.reset();
			const sample: ItemsSample = { items: count, run: runIndex, nodeMs, baselineMs: plain.ms, bytes };
			samples.push(sample);
			options.log(`items ${count} run ${runIndex}: ${JSON.stringify(sample)}`);
		}
	}
	return samples;
}
