/**
 * The real n8n the benchmarks run in: the same provisioning and package
 * install as the e2e tests (test/e2e/n8n.ts), filesystem binary data mode, and
 * for every run the peak resident memory of each n8n process (bench/peakRss.cjs).
 */
import { closeSync, mkdirSync, openSync, mkdtempSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { N8n, type N8nRun, simulatorCredential } from '../test/e2e/n8n';
import { startN8nProcess, stopN8nProcess } from '../test/e2e/n8nProcess';
import { readNodeRuns } from './runOutput';

const PEAK_RSS_PRELOAD = path.join(__dirname, 'peakRss.cjs');

export interface ProcessPeak {
	pid: number;
	script: string;
	maxRssBytes: number;
	cpuUserMs?: number;
	cpuSystemMs?: number;
	/** The garbage collector's pauses by kind (minor, major, incremental, weakcb), from the preload. */
	gc?: Record<string, { count: number; ms: number }>;
}

export interface BenchRun {
	run: N8nRun;
	/** The `n8n execute` process itself (the one that runs the workflow). */
	n8nPeakRssBytes: number;
	/** Its garbage collector's pauses over its whole life, by kind. */
	n8nGc: ProcessPeak['gc'];
	/** Its child processes that reported (task runners), if any. */
	children: ProcessPeak[];
	/** The end of what n8n printed (its error, when a node failed), and its exit code. */
	outputTail: string;
	exitCode: number | null;
	/** CPU time (user + system, all its threads) of the `n8n execute` process between two epoch times (ms), from /proc. */
	cpuMsBetween(fromMs: number, toMs: number): number;
}

export class BenchN8n {
	private constructor(
		private readonly n8n: N8n,
		readonly workDir: string,
	) {}

	/** Builds, packs and installs the package into the provisioned n8n; files under workDir may be read by workflows. */
	static async create(workDir: string): Promise<BenchN8n> {
		const n8n = await N8n.create({
			env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_RESTRICT_FILE_ACCESS_TO: workDir },
		});
		return new BenchN8n(n8n, workDir);
	}

	async useSimulator(url: string, token: string): Promise<void> {
		await this.n8n.importCredentials([simulatorCredential(url, token)]);
	}

	/**
	 * Imports the workflow (replacing one with the same id) and executes it
	 * once; the run holds the data of `nodeNames` only (see runOutput.ts).
	 */
	async run(workflow: { id: string }, nodeNames: string[], env: Record<string, string> = {}, headNodeNames: string[] = []): Promise<BenchRun> {
		const workflowFile = path.join(this.workDir, `workflow-${workflow.id}.json`);
		writeFileSync(workflowFile, JSON.stringify(workflow));
		await this.n8n.importWorkflow(workflowFile);
		const peakDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-bench-rss-'));
		try {
			mkdirSync(peakDir, { recursive: true });
			const outputFile = path.join(peakDir, 'run.out');
			const { exitCode, cpuSamples } = await this.execute(workflow.id, outputFile, {
				...env,
				NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${PEAK_RSS_PRELOAD}`.trim(),
				BENCH_PEAK_RSS_DIR: peakDir,
			});
			const run = readNodeRuns(outputFile, nodeNames, headNodeNames);
			if ([...nodeNames, ...headNodeNames].some((name) => !run.data.resultData.runData[name])) {
				throw new Error(`n8n execute (exit code ${exitCode}) printed no run of ${[...nodeNames, ...headNodeNames].join(', ')}: ${readTailText(outputFile, 4000)}`);
			}
			const peaks = readdirSync(peakDir).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(readFileSync(path.join(peakDir, name), 'utf8')) as ProcessPeak & { ppid: number });
			// execFile starts n8n directly, so the n8n process is our child; runners are its children.
			const main = peaks.find((peak) => peak.ppid === process.pid);
			if (!main) throw new Error(`the n8n process did not report its peak memory (reports: ${JSON.stringify(peaks)})`);
			return {
				run,
				n8nPeakRssBytes: main.maxRssBytes,
				n8nGc: main.gc,
				children: peaks.filter((peak) => peak !== main),
				outputTail: readTailText(outputFile, 2000),
				exitCode,
				cpuMsBetween: (from, to) => cpuAt(cpuSamples, to) - cpuAt(cpuSamples, from),
			};
		} finally {
			rmSync(peakDir, { recursive: true, force: true });
			// Filesystem mode keeps a copy of every file read (in .n8n/storage since n8n 2, binaryData
			// before): do not fill the disk over many runs.
			for (const folder of ['storage', 'binaryData']) rmSync(path.join(this.n8n.userFolder, '.n8n', folder), { recursive: true, force: true });
		}
	}

	/**
	 * `n8n execute --id --rawOutput` with its output written straight to
	 * `outputFile`: a file, not a pipe, because n8n exits right after printing
	 * and a pipe would lose what was not flushed yet. Resolves with the exit code,
	 * and the process's CPU time read from /proc every 20 ms.
	 */
	private async execute(workflowId: string, outputFile: string, env: Record<string, string>): Promise<{ exitCode: number | null; cpuSamples: CpuSample[] }> {
		const stdout = openSync(outputFile, 'w');
		// stderr apart, so that nothing lands inside the printed run.
		const stderr = openSync(`${outputFile}.stderr`, 'w');
		try {
			const { child } = await this.n8n.spawn(['execute', `--id=${workflowId}`, '--rawOutput'], env, { stdio: ['ignore', stdout, stderr] });
			const cpuSamples: CpuSample[] = [];
			const sampler = setInterval(() => {
				const ms = child.pid === undefined ? undefined : processCpuMs(child.pid);
				if (ms !== undefined) cpuSamples.push([Date.now(), ms]);
			}, 20);
			try {
				const exitCode = await new Promise<number | null>((resolve, reject) => {
					child.on('error', reject);
					child.on('close', resolve);
				});
				return { exitCode, cpuSamples };
			} finally {
				clearInterval(sampler);
			}
		} finally {
			closeSync(stdout);
			closeSync(stderr);
		}
	}

	/**
	 * Imports and publishes the workflow, then runs `n8n start` until the
	 * returned function stops it; resolves once `ready()` holds.
	 */
	async serve(workflow: { id: string }, ready: () => boolean, timeoutMs = 3 * 60 * 1000): Promise<() => Promise<void>> {
		const workflowFile = path.join(this.workDir, `workflow-${workflow.id}.json`);
		writeFileSync(workflowFile, JSON.stringify(workflow));
		await this.n8n.importWorkflow(workflowFile);
		await this.n8n.cli(['publish:workflow', `--id=${workflow.id}`]);
		const n8nProcess = await startN8nProcess(this.n8n, ['start'], {
			name: 'start',
			env: { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5' },
			ports: ['N8N_PORT'],
			ready: () => ready(),
			timeoutMs,
		});
		const stop = () => stopN8nProcess(n8nProcess);
		return stop;
	}

	remove(): void {
		this.n8n.remove();
	}
}

/** [epoch ms, the process's CPU ms so far]. */
type CpuSample = [number, number];

/** utime + stime of a process, in ms (Linux /proc, clock ticks of 10 ms), or undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
	try {
		// The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return undefined;
	}
}

/** The CPU time at an epoch time, interpolated between the samples around it. */
function cpuAt(samples: CpuSample[], atMs: number): number {
	if (samples.length === 0) return Number.NaN;
	const after = samples.findIndex(([ms]) => ms >= atMs);
	if (after <= 0) return samples[after === 0 ? 0 : samples.length - 1][1];
	const [ms0, cpu0] = samples[after - 1];
	const [ms1, cpu1] = samples[after];
	return cpu0 + ((cpu1 - cpu0) * (atMs - ms0)) / (ms1 - ms0);
}

/** The node's start (epoch ms, n8n's startTime) and its own time (n8n's executionTime, ms): n8n's start-up and the other nodes are not in it. */
export function nodeWindow(run: N8nRun, nodeName: string): { startMs: number; ms: number } {
	const ms = nodeTime(run, nodeName);
	const startMs = run.data.resultData.runData[nodeName][0].startTime;
	if (typeof startMs !== 'number') throw new Error(`node "${nodeName}" has no startTime`);
	return { startMs, ms };
}

/** The node's own time in the run (n8n's executionTime, ms): n8n's start-up and the other nodes are not in it. */
export function nodeTime(run: N8nRun, nodeName: string): number {
	const task = run.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`node "${nodeName}" did not run: ${JSON.stringify(run.data.resultData.error ?? {})}`);
	if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message} ${task.error.description ?? ''}`);
	if (typeof task.executionTime !== 'number') throw new Error(`node "${nodeName}" has no executionTime`);
	return task.executionTime;
}

/** The last `bytes` bytes of a file (n8n's output may be larger than a string can hold). */
function readTailText(file: string, bytes: number): string {
	const size = statSync(file).size;
	const buffer = Buffer.alloc(Math.min(size, bytes));
	const descriptor = openSync(file, 'r');
	try {
		readSync(descriptor, buffer, 0, buffer.length, size - buffer.length);
	} finally {
		closeSync(descriptor);
	}
	return buffer.toString('utf8');
}
