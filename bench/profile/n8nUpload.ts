/**
 * The node's upload inside the real n8n against axios alone, in one run and
 * taking turns: quicker than `npm run bench` for an A/B of the send path.
 * Each round: axios alone on the node's parts (bench/baselines/axiosParts.ts),
 * then the file-to-segment workflow with validation off (and on, with
 * UPLOAD_VALIDATE=both). Wall time and CPU time (the n8n process during the
 * node, from /proc; axios alone's own process), medians. With
 * BENCH_CPU_PROFILE_DIR set, each n8n process also writes a CPU profile and
 * its collections (bench/peakRss.cjs; summarise.cjs reads both).
 *   npx ts-node --transpile-only bench/profile/n8nUpload.ts [sizeMiB=256] [rounds=3] [partMB=100]
 */
import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { EXAMPLES, provisionN8n } from '../../test/e2e/n8n';
import { writeSegmentFile } from '../../test/e2e/segmentFile';
import { startSimulator } from '../../test/simulator';
import { BenchN8n, nodeWindow } from '../benchN8n';
import { createSegmentImport, executionsUrl, storedBytesOfImport } from '../simulatorImports';
import { median, MiB } from '../stats';

const run = promisify(execFile);
const UPLOAD_NODE = 'Upload file';

async function main(): Promise<void> {
	const sizeMiB = Number(process.argv[2] ?? 256);
	const rounds = Number(process.argv[3] ?? 3);
	const partMB = Number(process.argv[4] ?? 100);
	const modes = process.env.UPLOAD_VALIDATE === 'both' ? [false, true] : [false];
	const workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-n8n-upload-'));
	const sim = await startSimulator({ storeDir: path.join(workDir, 'received'), checkLines: false, pendingMs: Infinity });
	let n8n: BenchN8n | undefined;
	try {
		n8n = await BenchN8n.create(workDir);
		await n8n.useSimulator(sim.url, sim.token);
		const { node24Bin } = await provisionN8n();
		const file = path.join(workDir, 'segments.ndjson');
		const { bytes } = await writeSegmentFile(file, sizeMiB * MiB);
		const figures = new Map<string, Array<{ ms: number; cpuMs: number }>>();
		const note = (name: string, ms: number, cpuMs: number) => {
			figures.set(name, [...(figures.get(name) ?? []), { ms, cpuMs }]);
			console.error(`${name}: ${ms.toFixed(0)} ms, CPU ${cpuMs.toFixed(0)} ms`);
		};
		for (let round = 1; round <= rounds; round++) {
			const importId = await createSegmentImport(sim, `axios alone ${round}`);
			const { stdout } = await run(path.join(node24Bin, 'node'), ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', 'baselines', 'axiosParts.ts'), file, String(partMB), executionsUrl(sim, importId), sim.token], {
				cwd: path.join(__dirname, '..', '..'),
			});
			const axios = JSON.parse(stdout.trim().split('\n').pop() as string) as { ms: number; cpuMs: number };
			if (storedBytesOfImport(sim, importId) !== bytes) throw new Error('axios alone did not store the whole file');
			note('axios alone', axios.ms, axios.cpuMs);
			sim.reset();
			for (const validate of modes) {
				const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'file-to-segment.json'), 'utf8'));
				workflow.id = validate ? 'uploadValidateOn' : 'uploadValidateOff';
				for (const node of workflow.nodes) {
					if (node.name === 'Read segment file') node.parameters.fileSelector = file;
					if (node.name === UPLOAD_NODE) node.parameters.uploadOptions = { maxPartMegabytes: partMB, validate };
				}
				const result = await n8n.run(workflow, [UPLOAD_NODE]);
				const { startMs, ms } = nodeWindow(result.run, UPLOAD_NODE);
				const outputs = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0];
				if (storedBytesOfImport(sim, String(outputs[0].json.document_import_id)) !== bytes) throw new Error('the node did not store the whole file');
				note(`node, validation ${validate ? 'on' : 'off'}`, ms, result.cpuMsBetween(startMs, startMs + ms));
				sim.reset();
			}
		}
		const axios = figures.get('axios alone')!;
		for (const [name, samples] of figures) {
			const ms = median(samples.map((sample) => sample.ms));
			const cpuMs = median(samples.map((sample) => sample.cpuMs));
			const overAxios = `${(ms / median(axios.map((sample) => sample.ms))).toFixed(2)} / ${(cpuMs / median(axios.map((sample) => sample.cpuMs))).toFixed(2)}`;
			console.log(`${name.padEnd(24)} wall ${ms.toFixed(0).padStart(6)} ms  CPU ${cpuMs.toFixed(0).padStart(6)} ms  over axios alone (wall / CPU) ${overAxios}  samples ${samples.map((sample) => `${sample.ms.toFixed(0)}/${sample.cpuMs.toFixed(0)}`).join(' ')}`);
		}
	} finally {
		await sim.stop();
		n8n?.remove();
		rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
