/**
 * The Mirror option over a CRM CSV export in the node itself (test/nodes/harness: the node's code in
 * this process, the simulator over loopback HTTP in this process too), not in real n8n: a full upload
 * of the export (Build Lines From Fields, Records From = Binary File), a first mirror run (no state: a
 * full refresh), and a mirror run of the same export with 1% churn (1% of the rows gone, as many new)
 * against that state. Prints, per run, the process's CPU time, wall time and the bytes the simulator
 * received; and the load average.
 * Usage: npx ts-node --transpile-only bench/mirrorNode.ts [MiB, default 64]
 */
import { readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import type { INodeExecutionData } from 'n8n-workflow';


import { crmSegmentMapping } from '../test/nodes/nodeInputs';
import { startSimulator } from '../test/simulator';
import { createImport } from '../test/simulator/testClient';
import { writeCrmCsv } from './scenarios/crmCsv';

// "Mediarithmics.node" must resolve to the .ts file, not Mediarithmics.node.json (the codex): .json is
// tried after .ts here, as jest does.
const extensions = (require('module') as { _extensions: Record<string, unknown> })._extensions;
const json = extensions['.json'];
delete extensions['.json'];
extensions['.json'] = json;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runNode } = require('../test/nodes/harness') as typeof import('../test/nodes/harness');

const MiB = 2 ** 20;
const sizeMiB = Number(process.argv[2] ?? 64);

async function main(): Promise<void> {
	const file = path.join(tmpdir(), `mirror-bench-${process.pid}.csv`);
	const { rows } = await writeCrmCsv(file, sizeMiB * MiB);
	const text = readFileSync(file, 'utf8');
	rmSync(file);
	const lines = text.split('\n');
	const header = lines[0];
	const body = lines.slice(1, -1);
	// 1% churn: the first 1% of the rows gone, as many new rows (other addresses) at the end.
	const churn = Math.floor(body.length / 100);
	const added = body.slice(0, churn).map((row) => row.replace(/^User\./, 'New.'));
	const churned = `${[header, ...body.slice(churn), ...added].join('\n')}\n`;
	const sim = await startSimulator({});
	const connection = { url: sim.url, token: sim.token };
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });
	const item = (csv: string, state?: INodeExecutionData['binary']): INodeExecutionData => ({
		json: {},
		binary: { data: { data: Buffer.from(csv).toString('base64'), mimeType: 'text/csv', fileName: 'crm.csv' }, ...state },
	});
	const wait = { waitForCompletion: true, pollIntervalSeconds: 0.2 };
	const run = async (name: string, importId: string, options: object, input: INodeExecutionData) => {
		const receivedBefore = sim.state.executions.reduce((sum, execution) => sum + sim.receivedFile(String(execution.id)).length, 0);
		const cpu = process.cpuUsage();
		const started = Date.now();
		const output = await runNode(connection, {
			parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), ...crmSegmentMapping, uploadOptions: { ...wait, ...options } },
			items: [input],
		});
		const used = process.cpuUsage(cpu);
		const received = sim.state.executions.reduce((sum, execution) => sum + sim.receivedFile(String(execution.id)).length, 0) - receivedBefore;
		console.log(
			`${name}: ${((used.user + used.system) / 1e6).toFixed(1)} s CPU, ${((Date.now() - started) / 1e3).toFixed(1)} s wall, ${(received / MiB).toFixed(1)} MiB sent; load average ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
		);
		return output;
	};
	console.log(`export: ${sizeMiB} MiB, ${rows} rows; churn ${churn} rows gone and ${churn} new`);
	await run('full upload (no Mirror)', String((await createImport(sim, { encoding: 'utf-8' })).id), {}, item(text));
	const mirrorImport = String((await createImport(sim, { encoding: 'utf-8' })).id);
	const first = await run('mirror, no state (full refresh)', mirrorImport, { mirror: {} }, item(text));
	const state = first.find((output) => output.json.mirror === true)!;
	console.log(`state: ${(Buffer.from(state.binary!.mirrorState.data, 'base64').length / MiB).toFixed(1)} MiB`, JSON.stringify(state.json));
	const second = await run('mirror, 1% churn against the state', mirrorImport, { mirror: {} }, item(churned, state.binary));
	console.log(JSON.stringify(second.find((output) => output.json.mirror === true)!.json));
	await sim.stop();
}

void main();
