/**
 * The whole Upload of a generated CRM CSV export (as crmCsvNode.ts: both
 * passes, the example's mappings, HTTP to a simulator in this process) by two
 * or more source trees taking turns in one process, best and median CPU time
 * per row for each: on a machine shared with other work, only such
 * same-process comparisons are fair.
 *   ROWS=300000 ROUNDS=6 npx ts-node --transpile-only bench/profile/crmCsvTurns.ts <tree>[,<tree>…]
 * e.g. `/tmp/before,.` (a tree is a checkout's root with node_modules: its test/nodes/harness and node are loaded).
 * BASELINE=1: each round also runs `split -C 100M` + `curl` of the segment file the last tree sent
 * (bench/scenarios/largeFile.ts's splitAndCurl, to the same simulator) and counts their CPU time
 * (this process's finished children): the node's CPU against the baseline's, in the same run; and this
 * process's CPU meanwhile (the simulator receiving those parts, which the node's rounds count too).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import Module from 'module';
import os from 'os';
import path from 'path';

import type * as Harness from '../../test/nodes/harness';
import type * as SimulatorModule from '../../test/simulator';
import { crmCsv } from './turns';
import { childrenCpuMs } from '../scenarios/crmCsv';
import { splitAndCurl } from '../scenarios/largeFile';

const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
	return resolve.call(this, request.endsWith('Mediarithmics.node') ? `${request}.ts` : request, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports */
const trees = process.argv[2].split(',').map((root) => ({ root, runNode: (require(path.resolve(root, 'test/nodes/harness')) as typeof Harness).runNode }));
const { startSimulator } = require('../../test/simulator') as typeof SimulatorModule;
/* eslint-enable @typescript-eslint/no-require-imports */

async function main(): Promise<void> {
	const rows = Number(process.env.ROWS ?? 300_000);
	const rounds = Number(process.env.ROUNDS ?? 6);
	const example = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', 'workflows', 'crm-csv-export-to-segment.json'), 'utf8'));
	const parameters = { ...example.nodes.find((node: { name: string }) => node.name === 'Upload segment commands from the CSV').parameters, uploadOptions: { maxPartMegabytes: 100 } };
	const csv = crmCsv(rows);
	const item = { json: {}, binary: { data: { data: csv.toString('base64'), mimeType: 'text/csv', fileName: 'crm.csv' } } };
	const storeDir = mkdtempSync(path.join(os.tmpdir(), 'mediarithmics-crm-turns-'));
	const sim = await startSimulator({ storeDir, checkLines: false, pendingMs: Infinity });
	const cpuPerRow = new Map<string, number[]>(trees.map((tree) => [tree.root, []]));
	const baselineCpu: number[] = [];
	const baselineWall: number[] = [];
	/** This process's CPU time during split + curl: the simulator receiving the parts (counted in the node's rounds too). */
	const simulatorCpu: number[] = [];
	const segmentFile = path.join(storeDir, 'segments.ndjson');
	try {
		for (let round = 0; round < rounds; round++) {
			for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) {
				sim.reset();
				const cpu = process.cpuUsage();
				const output = await tree.runNode({ url: sim.url, token: sim.token }, { parameters, items: [item] });
				const used = process.cpuUsage(cpu);
				const lines = output.reduce((sum, part) => sum + Number(part.json.lines ?? 0), 0);
				if (lines !== rows) throw new Error(`${tree.root}: ${lines} lines sent of ${rows} rows`);
				cpuPerRow.get(tree.root)!.push((used.user + used.system) / rows);
			}
			if (process.env.BASELINE === '1') {
				// The segment file the last tree sent, as the simulator stored it, then split + curl of it.
				writeFileSync(segmentFile, '');
				for (const execution of sim.state.executions) appendFileSync(segmentFile, readFileSync(sim.receivedFilePath(String(execution.id))));
				sim.reset();
				const before = childrenCpuMs();
				const own = process.cpuUsage();
				const { ms } = await splitAndCurl(sim, segmentFile, storeDir, round);
				const simulator = process.cpuUsage(own);
				baselineCpu.push(((childrenCpuMs() - before) * 1000) / rows);
				simulatorCpu.push((simulator.user + simulator.system) / rows);
				baselineWall.push(ms);
				rmSync(segmentFile, { force: true });
			}
		}
	} finally {
		await sim.stop();
		rmSync(storeDir, { recursive: true, force: true });
	}
	for (const [root, samples] of cpuPerRow) {
		const sorted = [...samples].sort((a, b) => a - b);
		console.log(`${root}: ${rows} rows, ${rounds} rounds, CPU µs a row: best ${sorted[0].toFixed(2)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} (${samples.map((value) => value.toFixed(2)).join(' ')})`);
	}
	if (baselineCpu.length > 0) {
		const sorted = [...baselineCpu].sort((a, b) => a - b);
		console.log(`split + curl of the segment file: CPU µs a row: best ${sorted[0].toFixed(2)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} (${baselineCpu.map((value) => value.toFixed(2)).join(' ')}); wall ms ${baselineWall.map((value) => value.toFixed(0)).join(' ')}`);
		const simulator = [...simulatorCpu].sort((a, b) => a - b);
		console.log(`the simulator receiving split + curl's parts (this process): CPU µs a row: median ${simulator[Math.floor(simulator.length / 2)].toFixed(2)}`);
	}
	console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
