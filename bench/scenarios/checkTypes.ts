/**
 * The check pass alone (bench/baselines/checkPass.ts: read, check every line,
 * plan the parts; outside n8n, under n8n's Node) on a varied file of each
 * document type (test/e2e/variedLines.ts). Targets: USER_SEGMENT 300 MB/s,
 * every other type 150 MB/s.
 */
import { rmSync } from 'fs';
import os from 'os';
import path from 'path';

import { writeVariedFile } from '../../test/e2e/variedLines';
import { MiB } from '../stats';
import { underN8nNode } from './largeFile';

export interface CheckTypeSample {
	documentType: string;
	bytes: number;
	lines: number;
	run: number;
	ms: number;
	cpuMs: number;
	/** The machine's one-minute load average when the run ended. */
	loadAverage: number;
}

export async function checkTypesScenario(
	workDir: string,
	options: { documentTypes: string[]; sizeMiB: number; runs: number; partMB: number; log: (line: string) => void },
): Promise<CheckTypeSample[]> {
	const samples: CheckTypeSample[] = [];
	for (const documentType of options.documentTypes) {
		const file = path.join(workDir, `varied-${documentType}.ndjson`);
		const { bytes, lines } = await writeVariedFile(file, documentType, options.sizeMiB * MiB);
		try {
			for (let run = 1; run <= options.runs; run++) {
				const { ms, cpuMs } = await underN8nNode('checkPass.ts', [file, String(options.partMB), documentType]);
				const sample = { documentType, bytes, lines, run, ms, cpuMs: Math.round(cpuMs), loadAverage: Math.round(os.loadavg()[0] * 100) / 100 };
				samples.push(sample);
				options.log(`check pass ${documentType} run ${run}: ${JSON.stringify(sample)}`);
			}
		} finally {
			rmSync(file, { force: true });
		}
	}
	return samples;
}
