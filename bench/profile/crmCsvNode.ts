/**
 * The whole Upload of a CRM CSV export (Records From = Binary File, the
 * example crm-csv-export-to-segment.json's mappings: both passes, HTTP to a
 * simulator in the same process), without n8n's process: n8n-core's
 * execution context as in test/nodes, the file held in memory as n8n's
 * default binary mode holds it. Wall time and the process's CPU time per
 * round. Runs on any checkout with that example (for a before/after: copy
 * this file into the other checkout and run both, turn about).
 * `npx ts-node --transpile-only bench/profile/crmCsvNode.ts [rows=1000000] [rounds=3]`
 * (`node --cpu-prof -r ts-node/register/transpile-only …` to profile).
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import Module from 'module';

import type * as Harness from '../../test/nodes/harness';
import type * as SimulatorModule from '../../test/simulator';

const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
	return resolve.call(this, request.endsWith('Mediarithmics.node') ? `${request}.ts` : request, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports */
const { runNode } = require('../../test/nodes/harness') as typeof Harness;
const { startSimulator } = require('../../test/simulator') as typeof SimulatorModule;
/* eslint-enable @typescript-eslint/no-require-imports */

const TIERS = ['gold', 'silver', 'bronze'];

export function crmCsv(rows: number): Buffer {
	const lines = ['email,first_name,last_name,tier,unsubscribed,updated_at'];
	for (let row = 0; row < rows; row++) {
		const last = row % 7 === 0 ? `"Smith, Jr ""${row}"""` : `Smith${row}`;
		lines.push(`User.${row}@Example.com,Ada${row % 1000},${last},${TIERS[row % 3]},${row % 5 === 0},2026-11-30T22:${String(row % 60).padStart(2, '0')}:00Z`);
	}
	return Buffer.from(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
	const rows = Number(process.argv[2] ?? 1_000_000);
	const rounds = Number(process.argv[3] ?? 3);
	const example = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', 'workflows', 'crm-csv-export-to-segment.json'), 'utf8'));
	const parameters = { ...example.nodes.find((node: { name: string }) => node.name === 'Upload segment commands from the CSV').parameters, uploadOptions: { maxPartMegabytes: 100 } };
	const csv = crmCsv(rows);
	const item = { json: {}, binary: { data: { data: csv.toString('base64'), mimeType: 'text/csv', fileName: 'crm.csv' } } };
	const storeDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-crm-profile-'));
	const sim = await startSimulator({ storeDir, checkLines: false, pendingMs: Infinity });
	try {
		for (let round = 1; round <= rounds; round++) {
			sim.reset();
			const cpu = process.cpuUsage();
			const start = process.hrtime.bigint();
			const output = await runNode({ url: sim.url, token: sim.token }, { parameters, items: [item] });
			const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
			const used = process.cpuUsage(cpu);
			const lines = output.reduce((sum, part) => sum + Number(part.json.lines ?? 0), 0);
			if (lines !== rows) throw new Error(`${lines} lines sent of ${rows} rows: ${JSON.stringify(output[0]?.json).slice(0, 400)}`);
			console.log(`round ${round}: ${rows} rows (${(csv.length / 2 ** 20).toFixed(0)} MiB), wall ${wallMs.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms (${((used.user + used.system) / rows).toFixed(2)} µs a row)`);
		}
	} finally {
		await sim.stop();
		rmSync(storeDir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
