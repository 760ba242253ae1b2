/**
 * The by-hand baseline of the File URL bench: `curl -o - URL | split -C
 * <part>M`, then one `curl --data-binary @part` per part, in sequence, to a
 * new import of the simulator. Wall time, and the CPU time of the curl and
 * split processes (bash's `times` of its children).
 */
import { exec } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import path from 'path';
import { promisify } from 'util';

import type { Simulator } from '../test/simulator';
import { createSegmentImport, executionsUrl } from './simulatorImports';
import { nowMs } from './stats';

const run = promisify(exec);

export interface Timed {
	ms: number;
	/** User + system CPU time, ms. */
	cpuMs: number;
}

/** A bash script run to its end, with the CPU time of the processes it started (written to `timesFile` by `times`). */
async function bashWithTimes(script: string, timesFile: string): Promise<number> {
	await run(`${script}\ntimes > '${timesFile}'`, { shell: '/bin/bash', maxBuffer: 16 * 1024 * 1024 });
	// `times` prints the shell's own user/system times, then its children's: "0m1.234s 0m0.567s".
	const children = readFileSync(timesFile, 'utf8').trim().split('\n').pop() ?? '';
	return children
		.split(/\s+/)
		.map((value) => /^(\d+)m([\d.]+)s$/.exec(value))
		.reduce((sum, match) => sum + (match ? (Number(match[1]) * 60 + Number(match[2])) * 1000 : 0), 0);
}

export async function curlSplitCurl(sim: Simulator, url: string, workDir: string, partMB: number): Promise<Timed> {
	const importId = await createSegmentImport(sim, 'baseline');
	const partsDir = mkdtempSync(path.join(workDir, 'split-'));
	const prefix = path.join(partsDir, 'part-');
	try {
		const start = nowMs();
		const download = `curl --silent --show-error --fail -o - '${url}' | split -C ${partMB}M - '${prefix}'`;
		let cpuMs = await bashWithTimes(`set -e -o pipefail\n${download}`, path.join(workDir, 'times-download'));
		const upload = readdirSync(partsDir)
			.sort()
			.map(
				(part) =>
					`curl --silent --show-error --fail --output /dev/null --data-binary '@${path.join(partsDir, part)}' -H 'Authorization: ${sim.token}' -H 'Content-Type: application/x-ndjson' '${executionsUrl(sim, importId)}'`,
			)
			.join('\n');
		cpuMs += await bashWithTimes(`set -e\n${upload}`, path.join(workDir, 'times-upload'));
		return { ms: nowMs() - start, cpuMs };
	} finally {
		rmSync(partsDir, { recursive: true, force: true });
	}
}

/** This process's own CPU time so far (file server and simulator), ms. */
export function ownCpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}
