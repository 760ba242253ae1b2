/**
 * Scenario 1, large file. Baseline: what the platform's docs recommend by
 * hand, `split -C 100M` then one `curl --data-binary @part` per part, in
 * sequence. Candidate: a real n8n workflow (filesystem binary data) that
 * reads the file from disk and uploads it with the Mediarithmics node, with
 * validation on and off. Both write to the same simulator, which stores
 * every byte to disk.
 */
import { execFile } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';

import { EXAMPLES, provisionN8n } from '../../test/e2e/n8n';
import { writeSegmentFile } from '../../test/e2e/segmentFile';
import { writeVariedFile } from '../../test/e2e/variedLines';
import type { Simulator } from '../../test/simulator';
import { BenchN8n, nodeWindow } from '../benchN8n';
import { createSegmentImport, executionsUrl, storedBytesOfImport } from '../simulatorImports';
import { MiB, nowMs } from '../stats';

const run = promisify(execFile);
const UPLOAD_NODE = 'Upload file';

export interface LargeFileSample {
	/** varied: lines of many shapes (test/e2e/variedLines.ts); uniform: lines of one shape (test/e2e/segmentFile.ts). */
	kind: 'varied' | 'uniform';
	sizeMiB: number;
	bytes: number;
	lines: number;
	run: number;
	/** split + curl, wall time in ms. */
	baselineMs: number;
	/** axios alone posting the same parts (bench/baselines/axiosParts.ts), ms. */
	axiosMs: number;
	/** The check pass alone, outside n8n (bench/baselines/checkPass.ts), ms. */
	checkPassMs: number;
	/** The Mediarithmics node's executionTime, ms. */
	validateOnMs: number;
	validateOffMs: number;
	/** CPU time (user + system, all threads) of the same: axios alone's process, the check pass's, n8n's during the node. */
	axiosCpuMs: number;
	checkPassCpuMs: number;
	validateOnCpuMs: number;
	validateOffCpuMs: number;
	/** Peak RSS of the n8n process during the whole `n8n execute`, bytes. */
	validateOnPeakRssBytes: number;
	validateOffPeakRssBytes: number;
	/** The machine's one-minute load average when the run ended. */
	loadAverage: number;
}

/** split -C then one curl per part, sequentially, as a user following the docs would. */
export async function splitAndCurl(sim: Simulator, file: string, workDir: string, runIndex: number): Promise<{ ms: number; importId: string }> {
	const importId = await createSegmentImport(sim, `baseline ${runIndex}`);
	const partsDir = mkdtempSync(path.join(workDir, 'split-'));
	try {
		const start = nowMs();
		await run('split', ['-C', '100M', file, path.join(partsDir, 'part-')]);
		for (const part of readdirSync(partsDir).sort()) {
			await run('curl', [
				'--silent', '--show-error', '--fail', '--output', '/dev/null',
				'--data-binary', `@${path.join(partsDir, part)}`,
				'-H', `Authorization: ${sim.token}`,
				'-H', 'Content-Type: application/x-ndjson',
				executionsUrl(sim, importId),
			]);
		}
		return { ms: nowMs() - start, importId };
	} finally {
		rmSync(partsDir, { recursive: true, force: true });
	}
}

/** A bench/baselines script under n8n's own Node (the same as the node runs on), its JSON answer. */
export async function underN8nNode(script: string, args: string[]): Promise<{ ms: number; cpuMs: number }> {
	const { node24Bin } = await provisionN8n();
	const { stdout } = await run(path.join(node24Bin, 'node'), ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', 'baselines', script), ...args], {
		cwd: path.join(__dirname, '..', '..'),
		maxBuffer: 1024 * 1024,
	});
	return JSON.parse(stdout.trim().split('\n').pop() as string) as { ms: number; cpuMs: number };
}

async function axiosAlone(sim: Simulator, file: string, partMB: number, runIndex: number): Promise<{ ms: number; cpuMs: number; importId: string }> {
	const importId = await createSegmentImport(sim, `axios alone ${runIndex}`);
	const { ms, cpuMs } = await underN8nNode('axiosParts.ts', [file, String(partMB), executionsUrl(sim, importId), sim.token]);
	return { ms, cpuMs, importId };
}

function uploadWorkflow(file: string, partMB: number, validate: boolean): { id: string } {
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'file-to-segment.json'), 'utf8'));
	workflow.id = validate ? 'benchFileValidateOn' : 'benchFileValidateOff';
	for (const node of workflow.nodes) {
		if (node.name === 'Read segment file') node.parameters.fileSelector = file;
		if (node.name === UPLOAD_NODE) node.parameters.uploadOptions = { maxPartMegabytes: partMB, validate };
	}
	return workflow;
}

async function candidate(n8n: BenchN8n, sim: Simulator, file: string, bytes: number, partMB: number, validate: boolean) {
	const result = await n8n.run(uploadWorkflow(file, partMB, validate), [UPLOAD_NODE]);
	const { startMs, ms } = nodeWindow(result.run, UPLOAD_NODE);
	const parts = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
	const importId = String(parts[0].document_import_id);
	const stored = storedBytesOfImport(sim, importId);
	if (stored !== bytes) throw new Error(`the node uploaded ${stored} bytes of a ${bytes}-byte file`);
	return { ms, cpuMs: result.cpuMsBetween(startMs, startMs + ms), peakRssBytes: result.n8nPeakRssBytes };
}

export async function largeFileScenario(
	n8n: BenchN8n,
	sim: Simulator,
	options: { kinds: Array<'varied' | 'uniform'>; sizesMiB: number[]; runs: number; partMB: number; log: (line: string) => void },
): Promise<LargeFileSample[]> {
	const samples: LargeFileSample[] = [];
	for (const kind of options.kinds) for (const sizeMiB of options.sizesMiB) {
		const file = path.join(n8n.workDir, `segments-${kind}-${sizeMiB}MiB.ndjson`);
		const { bytes, lines } = kind === 'varied' ? await writeVariedFile(file, 'USER_SEGMENT', sizeMiB * MiB) : await writeSegmentFile(file, sizeMiB * MiB);
		try {
			for (let runIndex = 1; runIndex <= options.runs; runIndex++) {
				// Interleaved, so that a busy moment of the machine hits them all alike.
				const baseline = await splitAndCurl(sim, file, n8n.workDir, runIndex);
				const baselineStored = storedBytesOfImport(sim, baseline.importId);
				if (baselineStored !== bytes) throw new Error(`split+curl uploaded ${baselineStored} bytes of a ${bytes}-byte file`);
				sim.reset();
				const axiosRun = await axiosAlone(sim, file, options.partMB, runIndex);
				const axiosStored = storedBytesOfImport(sim, axiosRun.importId);
				if (axiosStored !== bytes) throw new Error(`axios alone uploaded ${axiosStored} bytes of a ${bytes}-byte file`);
				sim.reset();
				const checkPass = await underN8nNode('checkPass.ts', [file, String(options.partMB)]);
				const on = await candidate(n8n, sim, file, bytes, options.partMB, true);
				sim.reset();
				const off = await candidate(n8n, sim, file, bytes, options.partMB, false);
				sim.reset();
				const sample: LargeFileSample = {
					kind,
					sizeMiB,
					bytes,
					lines,
					run: runIndex,
					baselineMs: baseline.ms,
					axiosMs: axiosRun.ms,
					checkPassMs: checkPass.ms,
					validateOnMs: on.ms,
					validateOffMs: off.ms,
					axiosCpuMs: Math.round(axiosRun.cpuMs),
					checkPassCpuMs: Math.round(checkPass.cpuMs),
					validateOnCpuMs: Math.round(on.cpuMs),
					validateOffCpuMs: Math.round(off.cpuMs),
					validateOnPeakRssBytes: on.peakRssBytes,
					validateOffPeakRssBytes: off.peakRssBytes,
					loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
				};
				samples.push(sample);
				options.log(`file ${kind} ${sizeMiB} MiB run ${runIndex}: ${JSON.stringify(sample)}`);
			}
		} finally {
			rmSync(file, { force: true });
		}
	}
	return samples;
}
