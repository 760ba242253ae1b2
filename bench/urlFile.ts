/**
 * `npm run bench:url`: Input File URL against its by-hand baseline, in the
 * same run. A file server on loopback (test/fileServer) serves a USER_SEGMENT
 * NDJSON file from disk (Content-Length, ranges, ETag, no compression).
 * - Baseline: `curl -o - URL | split -C 100M - part-`, then one `curl
 *   --data-binary @part` per part, in sequence (wall time of both).
 * - Node: the example url-export-to-segment.json in the real n8n (`n8n
 *   execute`), validation off (one download) and on (two downloads); the
 *   node's executionTime and the n8n process's peak RSS.
 * Settings: BENCH_SIZES_MB (default 256,1024), BENCH_RUNS (1), BENCH_PART_MB (100),
 * BENCH_BINARY_MODE (n8n's binary data mode for the run, default database:
 * the URL input does not use the binary store, whatever the mode).
 * Figures only; see bench/README.md.
 */
import { exec } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { EXAMPLES } from '../test/e2e/n8n';
import { writeSegmentFile } from '../test/e2e/segmentFile';
import { startFileServer, type FileServer } from '../test/fileServer';
import { startSimulator, type Simulator } from '../test/simulator';
import { BenchN8n, nodeTime } from './benchN8n';
import { createSegmentImport, executionsUrl, storedBytesOfImport } from './simulatorImports';
import { median, MiB, nowMs } from './stats';

const run = promisify(exec);
const UPLOAD_NODE = 'Upload export from its link';
const list = (value: string | undefined, fallback: number[]) => (value ? value.split(',').map(Number) : fallback);

async function curlSplitCurl(sim: Simulator, url: string, workDir: string, partMB: number): Promise<number> {
	const importId = await createSegmentImport(sim, 'baseline');
	const partsDir = mkdtempSync(path.join(workDir, 'split-'));
	try {
		const start = nowMs();
		await run(`curl --silent --show-error --fail -o - '${url}' | split -C ${partMB}M - '${path.join(partsDir, 'part-')}'`, { shell: '/bin/bash' });
		for (const part of readdirSync(partsDir).sort()) {
			await run(
				`curl --silent --show-error --fail --output /dev/null --data-binary '@${path.join(partsDir, part)}' -H 'Authorization: ${sim.token}' -H 'Content-Type: application/x-ndjson' '${executionsUrl(sim, importId)}'`,
			);
		}
		const ms = nowMs() - start;
		return ms;
	} finally {
		rmSync(partsDir, { recursive: true, force: true });
	}
}

async function node(n8n: BenchN8n, sim: Simulator, url: string, bytes: number, partMB: number, validate: boolean, binaryMode: string) {
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'url-export-to-segment.json'), 'utf8'));
	workflow.id = validate ? 'benchUrlValidateOn' : 'benchUrlValidateOff';
	for (const item of workflow.nodes) {
		if (item.name !== UPLOAD_NODE) continue;
		item.parameters.fileUrl = url;
		item.parameters.fileUrlHeaders = {};
		item.parameters.uploadOptions = { maxPartMegabytes: partMB, validate };
	}
	const result = await n8n.run(workflow, [UPLOAD_NODE], { N8N_DEFAULT_BINARY_DATA_MODE: binaryMode });
	const parts = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
	const stored = storedBytesOfImport(sim, String(parts[0].document_import_id));
	if (stored !== bytes) throw new Error(`the node uploaded ${stored} bytes of a ${bytes}-byte file`);
	return { ms: nodeTime(result.run, UPLOAD_NODE), peakRssMiB: result.n8nPeakRssBytes / MiB };
}

async function main(): Promise<void> {
	const sizes = list(process.env.BENCH_SIZES_MB, [256, 1024]);
	const runs = Number(process.env.BENCH_RUNS ?? 1);
	const partMB = Number(process.env.BENCH_PART_MB ?? 100);
	const binaryMode = process.env.BENCH_BINARY_MODE ?? 'database';
	const log = (line: string) => console.error(`[bench:url ${new Date().toISOString().slice(11, 19)}] ${line}`);
	const workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-bench-url-'));
	const sim = await startSimulator({ storeDir: path.join(workDir, 'received'), checkLines: false, pendingMs: Infinity });
	let files: FileServer | undefined;
	let n8n: BenchN8n | undefined;
	const rows: string[] = [];
	try {
		files = await startFileServer();
		n8n = await BenchN8n.create(workDir);
		await n8n.useSimulator(sim.url, sim.token);
		for (const sizeMiB of sizes) {
			const file = path.join(workDir, `segments-${sizeMiB}MiB.ndjson`);
			const { bytes } = await writeSegmentFile(file, sizeMiB * MiB);
			files.serve('/export.ndjson', { body: file });
			const url = `${files.url}/export.ndjson`;
			const samples = { baseline: [] as number[], off: [] as number[], on: [] as number[], offRss: [] as number[], onRss: [] as number[] };
			for (let index = 1; index <= runs; index++) {
				samples.baseline.push(await curlSplitCurl(sim, url, workDir, partMB));
				sim.reset();
				const off = await node(n8n, sim, url, bytes, partMB, false, binaryMode);
				sim.reset();
				const on = await node(n8n, sim, url, bytes, partMB, true, binaryMode);
				sim.reset();
				samples.off.push(off.ms);
				samples.offRss.push(off.peakRssMiB);
				samples.on.push(on.ms);
				samples.onRss.push(on.peakRssMiB);
				log(`${sizeMiB} MiB run ${index}: baseline ${samples.baseline.at(-1)} ms, off ${JSON.stringify(off)}, on ${JSON.stringify(on)}`);
			}
			rmSync(file, { force: true });
			const [baseline, off, on] = [median(samples.baseline), median(samples.off), median(samples.on)];
			rows.push(
				`| ${sizeMiB} MiB | ${(baseline / 1000).toFixed(1)} s | ${(off / 1000).toFixed(1)} s (×${(off / baseline).toFixed(2)}) | ${(on / 1000).toFixed(1)} s (×${(on / baseline).toFixed(2)}) | ${median(samples.offRss).toFixed(0)} MiB | ${median(samples.onRss).toFixed(0)} MiB |`,
			);
		}
		console.log(`binary data mode ${binaryMode}, parts of ${partMB} MB, medians of ${runs} run(s)\n`);
		console.log('| File | curl \\| split + curl | Node, validation off | Node, validation on | Peak RSS off | Peak RSS on |');
		console.log('|---|---|---|---|---|---|');
		for (const row of rows) console.log(row);
	} finally {
		await files?.stop();
		await sim.stop();
		n8n?.remove();
		rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
