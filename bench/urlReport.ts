/** Settings, samples and the printed table of the File URL bench (urlFile.ts single process, urlQueue.ts queue mode). */
import { median } from './stats';
import type { Timed } from './urlBaseline';

export const UPLOAD_NODE = 'Upload export from its link';

export interface UrlBenchSettings {
	sizes: number[];
	runs: number;
	partMB: number;
	binaryMode: string;
	/** The node's runs: validation off, on, or both (BENCH_URL_VALIDATION=off,on). */
	validation: boolean[];
}

export interface NodeRun {
	/** The node's executionTime. */
	ms: number;
	peakRssMiB: number;
	/** CPU time (user + system) of the n8n process during the run (the worker: from the webhook call to the finished execution; `n8n execute`: the node's own start and end). */
	cpuMs: number;
	/** CPU time of the bench process meanwhile: the file server and the simulator. */
	benchCpuMs: number;
	/** The n8n process's garbage collector pauses by kind (count, ms), for the log. */
	gc?: Record<string, { count: number; ms: number }>;
}

const list = (value: string | undefined, fallback: number[]) => (value ? value.split(',').map(Number) : fallback);

export function settingsFromEnv(env: NodeJS.ProcessEnv): UrlBenchSettings {
	return {
		sizes: list(env.BENCH_SIZES_MB, [256, 1024]),
		runs: Number(env.BENCH_RUNS ?? 1),
		partMB: Number(env.BENCH_PART_MB ?? 100),
		binaryMode: env.BENCH_BINARY_MODE ?? 'database',
		validation: (env.BENCH_URL_VALIDATION ?? 'off,on').split(',').map((value) => value.trim() === 'on'),
	};
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One table row: medians of the runs of one file size. */
export function sampleRow(sizeMiB: number, samples: { baseline: Timed[]; off: NodeRun[]; on: NodeRun[] }): string {
	const baseline = median(samples.baseline.map((sample) => sample.ms));
	const nodeCells = (runs: NodeRun[]) => {
		if (runs.length === 0) return ['-', '-'];
		const ms = median(runs.map((run) => run.ms));
		const cpu = `${seconds(median(runs.map((run) => run.cpuMs)))} + ${seconds(median(runs.map((run) => run.benchCpuMs)))}`;
		return [`${seconds(ms)} (×${(ms / baseline).toFixed(2)}); CPU ${cpu}`, `${median(runs.map((run) => run.peakRssMiB)).toFixed(0)} MiB`];
	};
	const [off, offRss] = nodeCells(samples.off);
	const [on, onRss] = nodeCells(samples.on);
	return `| ${sizeMiB} MiB | ${seconds(baseline)}; CPU ${seconds(median(samples.baseline.map((sample) => sample.cpuMs)))} | ${off} | ${on} | ${offRss} | ${onRss} |`;
}

export function printTable(title: string, settings: UrlBenchSettings, rows: string[], processName: string): void {
	console.log(`${title}, parts of ${settings.partMB} MB, medians of ${settings.runs} run(s)`);
	console.log(`CPU: baseline = curl and split; node = ${processName} + bench process (file server and simulator)\n`);
	console.log('| File | curl \\| split + curl | Node, validation off | Node, validation on | Peak RSS off | Peak RSS on |');
	console.log('|---|---|---|---|---|---|');
	for (const row of rows) console.log(row);
}
