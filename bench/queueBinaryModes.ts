/**
 * Large files in n8n's queue mode (`npm run bench:queue`): the example
 * file-to-segment workflow, started by a production webhook, runs on one
 * worker (test/e2e/queue/queueStack.ts: Postgres, Redis, main, worker) in each
 * binary data mode and file size asked for. Prints, per run: the outcome (or
 * the error the user sees in n8n), the Read and Upload nodes' execution
 * times, and the worker's peak RSS (bench/peakRss.cjs, written when the
 * worker stops; a new worker serves each run).
 *
 *   BENCH_QUEUE_SIZES_MB=256,1024  BENCH_QUEUE_MODES=database,filesystem
 *   BENCH_QUEUE_DB_MAX_MB=         (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE; unset: n8n's default, 512)
 *   BENCH_QUEUE_WAIT_MINUTES=5     (a run still going then is reported as stuck)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { writeSegmentFile } from '../test/e2e/segmentFile';
import { QueueStack } from '../test/e2e/queue/queueStack';
import { example, node, onWebhook } from '../test/e2e/queue/workflows';

const MiB = 1024 * 1024;
const sizes = (process.env.BENCH_QUEUE_SIZES_MB ?? '256,1024').split(',').map(Number);
const modes = (process.env.BENCH_QUEUE_MODES ?? 'database').split(',');
const dbMax = process.env.BENCH_QUEUE_DB_MAX_MB;
/** How long a run may take before it is reported as stuck (the worker is then killed). */
const WAIT_MINUTES = Number(process.env.BENCH_QUEUE_WAIT_MINUTES ?? 5);

async function main(): Promise<void> {
	const rows: string[] = [];
	for (const mode of modes) {
		const env: Record<string, string> = { N8N_DEFAULT_BINARY_DATA_MODE: mode };
		if (dbMax) env.N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE = dbMax;
		const stack = await QueueStack.start({ workers: 0, env, simulator: { checkLines: false } });
		try {
			for (const sizeMiB of sizes) {
				const file = path.join(stack.filesFolder, `segments-${sizeMiB}.ndjson`);
				await writeSegmentFile(file, sizeMiB * MiB);
				const id = `qBench${mode}${sizeMiB}`;
				const workflow = onWebhook(example('file-to-segment.json'), id, `bench-${mode}-${sizeMiB}`);
				node(workflow, 'Read segment file').parameters.fileSelector = file;
				await stack.publishWorkflows([workflow]);
				const peakDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-bench-queue-rss-'));
				const worker = await stack.startWorker({ NODE_OPTIONS: `--require ${path.join(__dirname, 'peakRss.cjs')}`, BENCH_PEAK_RSS_DIR: peakDir });
				const started = Date.now();
				await stack.callWebhook(`bench-${mode}-${sizeMiB}`);
				const execution = await stack.finishedExecutions(id, 1, WAIT_MINUTES * 60 * 1000).then(
					([finished]) => finished,
					() => undefined,
				);
				const wallSeconds = (Date.now() - started) / 1000;
				// What the worker printed that the execution does not show (e.g. an error outside it).
				const workerErrors = worker.log().split('\n').filter((line) => /ERR_|Error:|uncaught|unhandled/i.test(line)).slice(0, 3);
				await stack.stopWorker(worker, execution ? 'SIGTERM' : 'SIGKILL');
				const peaks = readdirSync(peakDir).map((name) => JSON.parse(readFileSync(path.join(peakDir, name), 'utf8')) as { ppid: number; maxRssBytes: number; script: string });
				const workerPeak = peaks.find((peak) => / worker/.test(peak.script)) ?? peaks.sort((a, b) => b.maxRssBytes - a.maxRssBytes)[0];
				rmSync(peakDir, { recursive: true, force: true });
				const runData = execution?.data?.resultData.runData ?? {};
				const seconds = (name: string) => ((runData[name]?.[0] as { executionTime?: number } | undefined)?.executionTime ?? NaN) / 1000;
				const error = execution?.data?.resultData.error;
				const outcome = !execution
					? `still running after ${WAIT_MINUTES} min; worker log: ${workerErrors.join(' / ') || '(no error)'}`
					: execution.status === 'success'
						? 'success'
						: `${execution.status}: ${error?.message ?? '?'}${error?.description ? ` (${error.description})` : ''}`;
				const bytes = statSync(file).size;
				rows.push(`| ${mode} | ${sizeMiB} MiB (${bytes} B) | ${outcome} | ${seconds('Read segment file').toFixed(2)} | ${seconds('Upload file').toFixed(2)} | ${wallSeconds.toFixed(1)} | ${workerPeak ? Math.round(workerPeak.maxRssBytes / MiB) : '?'} |`);
				console.log(rows[rows.length - 1]);
				rmSync(file, { force: true });
			}
		} finally {
			await stack.stop();
		}
	}
	console.log(`\n| Binary mode | File | Outcome in n8n | Read node (s) | Upload node (s) | Webhook to finished (s) | Worker peak RSS (MiB) |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
