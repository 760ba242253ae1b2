/**
 * `npm run bench:url`: Input File URL against its by-hand baseline, in the
 * same run. A file server on loopback (test/fileServer) serves a USER_SEGMENT
 * NDJSON file from disk (Content-Length, ranges, ETag, no compression).
 * - Baseline (urlBaseline.ts): `curl -o - URL | split -C 100M - part-`, then
 *   one `curl --data-binary @part` per part, in sequence (wall time of both).
 * - Node: the example url-export-to-segment.json in the real n8n, validation
 *   off (one download) and on (two downloads); the node's executionTime, the
 *   n8n process's peak RSS and CPU time. Single process (`n8n execute`) by
 *   default; BENCH_URL_QUEUE=1: on a queue-mode worker (urlQueue.ts).
 * Settings: BENCH_SIZES_MB (default 256,1024), BENCH_RUNS (1), BENCH_PART_MB (100),
 * BENCH_BINARY_MODE (n8n's binary data mode for the run, default database:
 * the URL input does not use the binary store, whatever the mode),
 * BENCH_URL_VALIDATION (off,on), BENCH_URL_QUEUE (unset).
 * Figures only; see bench/README.md.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { EXAMPLES } from '../test/e2e/n8n';
import { writeSegmentFile } from '../test/e2e/segmentFile';
import { startFileServer, type FileServer } from '../test/fileServer';
import { startSimulator, type Simulator } from '../test/simulator';
import { BenchN8n, nodeTime } from './benchN8n';
import { storedBytesOfImport } from './simulatorImports';
import { MiB } from './stats';
import { curlSplitCurl, ownCpuMs, type Timed } from './urlBaseline';
import { queueBench } from './urlQueue';
import { type NodeRun, type UrlBenchSettings, UPLOAD_NODE, printTable, sampleRow, settingsFromEnv } from './urlReport';

async function node(n8n: BenchN8n, sim: Simulator, url: string, bytes: number, partMB: number, validate: boolean, binaryMode: string): Promise<NodeRun> {
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'url-export-to-segment.json'), 'utf8'));
	workflow.id = validate ? 'benchUrlValidateOn' : 'benchUrlValidateOff';
	for (const item of workflow.nodes) {
		if (item.name !== UPLOAD_NODE) continue;
		item.parameters.fileUrl = url;
		item.parameters.fileUrlHeaders = {};
		item.parameters.uploadOptions = { maxPartMegabytes: partMB, validate };
	}
	const benchCpuBefore = ownCpuMs();
	const result = await n8n.run(workflow, [UPLOAD_NODE], { N8N_DEFAULT_BINARY_DATA_MODE: binaryMode });
	const benchCpuMs = ownCpuMs() - benchCpuBefore;
	const parts = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
	const stored = storedBytesOfImport(sim, String(parts[0].document_import_id));
	if (stored !== bytes) throw new Error(`the node uploaded ${stored} bytes of a ${bytes}-byte file`);
	const ms = nodeTime(result.run, UPLOAD_NODE);
	const startedAt = result.run.data.resultData.runData[UPLOAD_NODE][0].startTime!;
	return { ms, peakRssMiB: result.n8nPeakRssBytes / MiB, cpuMs: result.cpuMsBetween(startedAt, startedAt + ms), benchCpuMs, gc: result.n8nGc };
}

async function singleProcessBench(settings: UrlBenchSettings, log: (line: string) => void): Promise<void> {
	const workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-bench-url-'));
	const sim = await startSimulator({ storeDir: path.join(workDir, 'received'), checkLines: false, pendingMs: Infinity });
	let files: FileServer | undefined;
	let n8n: BenchN8n | undefined;
	const rows: string[] = [];
	try {
		files = await startFileServer();
		n8n = await BenchN8n.create(workDir);
		await n8n.useSimulator(sim.url, sim.token);
		for (const sizeMiB of settings.sizes) {
			const file = path.join(workDir, `segments-${sizeMiB}MiB.ndjson`);
			const { bytes } = await writeSegmentFile(file, sizeMiB * MiB);
			files.serve('/export.ndjson', { body: file });
			const url = `${files.url}/export.ndjson`;
			const samples = { baseline: [] as Timed[], off: [] as NodeRun[], on: [] as NodeRun[] };
			for (let index = 1; index <= settings.runs; index++) {
				samples.baseline.push(await curlSplitCurl(sim, url, workDir, settings.partMB));
				sim.reset();
				for (const validate of settings.validation) {
					(validate ? samples.on : samples.off).push(await node(n8n, sim, url, bytes, settings.partMB, validate, settings.binaryMode));
					sim.reset();
				}
				log(`${sizeMiB} MiB run ${index}: baseline ${JSON.stringify(samples.baseline.at(-1))}, off ${JSON.stringify(samples.off.at(-1))}, on ${JSON.stringify(samples.on.at(-1))}`);
			}
			rmSync(file, { force: true });
			rows.push(sampleRow(sizeMiB, samples));
		}
		printTable(`single process (n8n execute), binary data mode ${settings.binaryMode}`, settings, rows, 'n8n execute (during the node)');
	} finally {
		await files?.stop();
		await sim.stop();
		n8n?.remove();
		rmSync(workDir, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const settings = settingsFromEnv(process.env);
	const log = (line: string) => console.error(`[bench:url ${new Date().toISOString().slice(11, 19)}] ${line}`);
	if (process.env.BENCH_URL_QUEUE) await queueBench(settings, log);
	else await singleProcessBench(settings, log);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
