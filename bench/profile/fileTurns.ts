/**
 * The whole Upload of an NDJSON file of segment lines (as fileNode.ts: Input
 * Binary File, validation on, both passes, HTTP to a simulator in this
 * process) by two or more source trees taking turns in one process, best and
 * median CPU time per line for each (see crmCsvTurns.ts).
 *   ROWS=1000000 ROUNDS=6 npx ts-node --transpile-only bench/profile/fileTurns.ts <tree>[,<tree>…]
 * e.g. `/tmp/before,.` (a tree is a checkout's root with node_modules: its test/nodes/harness and node are loaded).
 */
import { mkdtempSync, rmSync } from 'fs';
import Module from 'module';
import os from 'os';
import path from 'path';

import type * as Harness from '../../test/nodes/harness';
import type * as SimulatorModule from '../../test/simulator';

const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
	return resolve.call(this, request.endsWith('Mediarithmics.node') ? `${request}.ts` : request, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports */
const trees = process.argv[2].split(',').map((root) => ({ root, runNode: (require(path.resolve(root, 'test/nodes/harness')) as typeof Harness).runNode }));
const { startSimulator } = require('../../test/simulator') as typeof SimulatorModule;
/* eslint-enable @typescript-eslint/no-require-imports */

function ndjson(lines: number): Buffer {
	const out: string[] = [];
	for (let line = 0; line < lines; line++) {
		out.push(JSON.stringify({ operation: line % 9 === 0 ? 'DELETE' : 'UPDATE', user_account_id: `user-${line}`, segment_id: String(1000 + (line % 17)), expiration_duration: line % 3 === 0 ? 0 : 86_400_000 }));
	}
	return Buffer.from(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
	const rows = Number(process.env.ROWS ?? 300_000);
	const rounds = Number(process.env.ROUNDS ?? 6);
	const parameters = {
		resource: 'execution',
		operation: 'upload',
		datamart: { __rl: true, mode: 'id', value: '1509' },
		target: 'new',
		newImportName: 'file turns',
		newImportDocumentType: 'USER_SEGMENT',
		newImportMimeType: 'APPLICATION_X_NDJSON',
		inputMode: 'binary',
		binaryPropertyName: 'data',
		uploadOptions: { maxPartMegabytes: 10 },
	};
	const file = ndjson(rows);
	const item = { json: {}, binary: { data: { data: file.toString('base64'), mimeType: 'application/x-ndjson', fileName: 'segments.ndjson' } } };
	const storeDir = mkdtempSync(path.join(os.tmpdir(), 'mediarithmics-file-turns-'));
	const sim = await startSimulator({ storeDir, checkLines: false, pendingMs: Infinity });
	const cpuPerRow = new Map<string, number[]>(trees.map((tree) => [tree.root, []]));
	try {
		for (let round = 0; round < rounds; round++) {
			for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) {
				sim.reset();
				const cpu = process.cpuUsage();
				const output = await tree.runNode({ url: sim.url, token: sim.token }, { parameters, items: [item] });
				const used = process.cpuUsage(cpu);
				const lines = output.reduce((sum, part) => sum + Number(part.json.lines ?? 0), 0);
				if (lines !== rows) throw new Error(`${tree.root}: ${lines} lines sent of ${rows}`);
				cpuPerRow.get(tree.root)!.push((used.user + used.system) / rows);
			}
		}
	} finally {
		await sim.stop();
		rmSync(storeDir, { recursive: true, force: true });
	}
	for (const [root, samples] of cpuPerRow) {
		const sorted = [...samples].sort((a, b) => a - b);
		console.log(`${root}: ${rows} lines, ${rounds} rounds, CPU µs a line: best ${sorted[0].toFixed(2)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} (${samples.map((value) => value.toFixed(2)).join(' ')})`);
	}
	console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
