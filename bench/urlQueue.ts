/**
 * The File URL bench in queue mode (`BENCH_URL_QUEUE=1 npm run bench:url`),
 * as the target says: the example url-export-to-segment, started by a
 * production webhook, runs on a worker of the queue stack
 * (test/e2e/queue/queueStack.ts: Postgres, Redis, main, worker; database
 * binary mode), with the baseline (urlBaseline.ts) in the same run against
 * the same simulator. A fresh worker serves each run, so that its peak RSS
 * (bench/peakRss.cjs, written when it stops) is that run's; its CPU time is
 * read from /proc before the webhook call and once the execution finished.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { writeSegmentFile } from '../test/e2e/segmentFile';
import { QueueStack } from '../test/e2e/queue/queueStack';
import { example, node, onWebhook } from '../test/e2e/queue/workflows';
import { startFileServer } from '../test/fileServer';
import { storedBytesOfImport } from './simulatorImports';
import { MiB } from './stats';
import { processCpuMs } from './benchN8n';
import { curlSplitCurl, ownCpuMs, type Timed } from './urlBaseline';
import { type NodeRun, type UrlBenchSettings, UPLOAD_NODE, printTable, sampleRow } from './urlReport';

/** How long a run may take before the bench gives up on it. */
const WAIT_MS = 10 * 60 * 1000;

async function onWorker(stack: QueueStack, url: string, bytes: number, partMB: number, validate: boolean, runId: string): Promise<NodeRun> {
	const id = `qUrlBench${runId}`;
	const workflow = onWebhook(example('url-export-to-segment.json'), id, `url-bench-${runId}`);
	Object.assign(node(workflow, UPLOAD_NODE).parameters, { fileUrl: url, fileUrlHeaders: {}, uploadOptions: { maxPartMegabytes: partMB, validate } });
	await stack.publishWorkflows([workflow]);
	const peakDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-bench-url-rss-'));
	try {
		const worker = await stack.startWorker({ NODE_OPTIONS: `--require ${path.join(__dirname, 'peakRss.cjs')}`, BENCH_PEAK_RSS_DIR: peakDir });
		const pid = worker.child.pid!;
		const [workerCpuBefore, benchCpuBefore] = [processCpuMs(pid) ?? NaN, ownCpuMs()];
		await stack.callWebhook(`url-bench-${runId}`);
		const [execution] = await stack.finishedExecutions(id, 1, WAIT_MS);
		const [workerCpu, benchCpu] = [(processCpuMs(pid) ?? NaN) - workerCpuBefore, ownCpuMs() - benchCpuBefore];
		await stack.stopWorker(worker);
		const task = execution.data?.resultData.runData[UPLOAD_NODE]?.[0] as { executionTime?: number; error?: { message: string } } | undefined;
		if (execution.status !== 'success' || typeof task?.executionTime !== 'number') {
			throw new Error(`the run on the worker ended ${execution.status}: ${JSON.stringify(execution.data?.resultData.error ?? task?.error ?? {})}`);
		}
		const parts = execution.data!.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
		const stored = storedBytesOfImport(stack.sim, String(parts[0].document_import_id));
		if (stored !== bytes) throw new Error(`the node uploaded ${stored} bytes of a ${bytes}-byte file`);
		const peaks = readdirSync(peakDir).map((name) => JSON.parse(readFileSync(path.join(peakDir, name), 'utf8')) as { script: string; maxRssBytes: number; gc?: NodeRun['gc'] });
		const peak = peaks.find((report) => / worker/.test(report.script));
		if (peak === undefined) throw new Error(`the worker did not report its peak memory (${JSON.stringify(peaks)})`);
		return { ms: task.executionTime, peakRssMiB: peak.maxRssBytes / MiB, cpuMs: workerCpu, benchCpuMs: benchCpu, gc: peak.gc };
	} finally {
		rmSync(peakDir, { recursive: true, force: true });
	}
}

export async function queueBench(settings: UrlBenchSettings, log: (line: string) => void): Promise<void> {
	const stack = await QueueStack.start({ workers: 0, env: { N8N_DEFAULT_BINARY_DATA_MODE: settings.binaryMode }, simulator: { checkLines: false, pendingMs: Infinity } });
	const files = await startFileServer();
	const rows: string[] = [];
	try {
		for (const sizeMiB of settings.sizes) {
			const file = path.join(stack.filesFolder, `url-segments-${sizeMiB}MiB.ndjson`);
			const { bytes } = await writeSegmentFile(file, sizeMiB * MiB);
			files.serve('/export.ndjson', { body: file });
			const url = `${files.url}/export.ndjson`;
			const samples = { baseline: [] as Timed[], off: [] as NodeRun[], on: [] as NodeRun[] };
			for (let index = 1; index <= settings.runs; index++) {
				samples.baseline.push(await curlSplitCurl(stack.sim, url, stack.filesFolder, settings.partMB));
				stack.sim.reset();
				for (const validate of settings.validation) {
					const result = await onWorker(stack, url, bytes, settings.partMB, validate, `${sizeMiB}${validate ? 'On' : 'Off'}${index}`);
					(validate ? samples.on : samples.off).push(result);
					stack.sim.reset();
				}
				log(`${sizeMiB} MiB run ${index}: baseline ${JSON.stringify(samples.baseline.at(-1))}, off ${JSON.stringify(samples.off.at(-1))}, on ${JSON.stringify(samples.on.at(-1))}`);
			}
			rmSync(file, { force: true });
			rows.push(sampleRow(sizeMiB, samples));
		}
		printTable(`queue mode, one worker, binary data mode ${settings.binaryMode}`, settings, rows, 'worker');
	} finally {
		await files.stop();
		await stack.stop();
	}
}
