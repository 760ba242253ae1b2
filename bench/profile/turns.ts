/**
 * What the whole-Upload profiles share: the node run without n8n's process
 * (n8n-core's execution context as in test/nodes, the file held in memory as
 * n8n's default binary mode holds it), HTTP to a simulator in this process,
 * and the two inputs. fileNode.ts and crmCsvNode.ts time rounds of one tree;
 * fileTurns.ts and crmCsvTurns.ts let two or more source trees take turns in
 * one process, best and median CPU time per line for each: on a machine
 * shared with other work, only such same-process comparisons are fair.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import Module from 'module';
import os from 'os';
import path from 'path';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type * as Harness from '../../test/nodes/harness';
import type * as SimulatorModule from '../../test/simulator';

// The harness loads the node by a path without its extension: the TypeScript source, under ts-node.
const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
	return resolve.call(this, request.endsWith('Mediarithmics.node') ? `${request}.ts` : request, ...rest);
};

type RunNode = typeof Harness.runNode;

/** The harness of a tree (a checkout's root with node_modules): its node, its dependencies. */
export function runNodeOf(root: string): RunNode {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require(path.resolve(root, 'test/nodes/harness')) as typeof Harness).runNode;
}

/** One Upload to profile: the node's parameters, its input item, and what to count it in. */
export interface Upload {
	parameters: INodeParameters;
	item: INodeExecutionData;
	bytes: number;
	count: number;
	unit: 'line' | 'row';
}

/** An NDJSON file of `lines` segment lines, Input Binary File, validation on, parts of 10 MB. */
export function segmentFileUpload(lines: number, importName: string): Upload {
	const out: string[] = [];
	for (let line = 0; line < lines; line++) {
		out.push(JSON.stringify({ operation: line % 9 === 0 ? 'DELETE' : 'UPDATE', user_account_id: `user-${line}`, segment_id: String(1000 + (line % 17)), expiration_duration: line % 3 === 0 ? 0 : 86_400_000 }));
	}
	const file = Buffer.from(`${out.join('\n')}\n`);
	const parameters = {
		resource: 'execution',
		operation: 'upload',
		datamart: { __rl: true, mode: 'id', value: '1509' },
		target: 'new',
		newImportName: importName,
		newImportDocumentType: 'USER_SEGMENT',
		newImportMimeType: 'APPLICATION_X_NDJSON',
		inputMode: 'binary',
		binaryPropertyName: 'data',
		uploadOptions: { maxPartMegabytes: 10 },
	};
	const item = { json: {}, binary: { data: { data: file.toString('base64'), mimeType: 'application/x-ndjson', fileName: 'segments.ndjson' } } };
	return { parameters, item, bytes: file.length, count: lines, unit: 'line' };
}

const TIERS = ['gold', 'silver', 'bronze'];

export function crmCsv(rows: number): Buffer {
	const lines = ['email,first_name,last_name,tier,unsubscribed,updated_at'];
	for (let row = 0; row < rows; row++) {
		const last = row % 7 === 0 ? `"Smith, Jr ""${row}"""` : `Smith${row}`;
		lines.push(`User.${row}@Example.com,Ada${row % 1000},${last},${TIERS[row % 3]},${row % 5 === 0},2026-11-30T22:${String(row % 60).padStart(2, '0')}:00Z`);
	}
	return Buffer.from(`${lines.join('\n')}\n`);
}

/** A CRM CSV export of `rows` rows, Records From = Binary File, the example crm-csv-export-to-segment.json's mappings. */
export function crmCsvUpload(rows: number): Upload {
	const example = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', 'workflows', 'crm-csv-export-to-segment.json'), 'utf8'));
	const parameters = { ...example.nodes.find((node: { name: string }) => node.name === 'Upload segment commands from the CSV').parameters, uploadOptions: { maxPartMegabytes: 100 } };
	const csv = crmCsv(rows);
	const item = { json: {}, binary: { data: { data: csv.toString('base64'), mimeType: 'text/csv', fileName: 'crm.csv' } } };
	return { parameters, item, bytes: csv.length, count: rows, unit: 'row' };
}

interface Run {
	cpuMicros: number;
	wallMs: number;
	parts: number;
}

/** `body` with a simulator in this process that accepts every part (lines not checked, executions left PENDING). */
async function withSimulator(body: (runUpload: (runNode: RunNode, upload: Upload) => Promise<Run>) => Promise<void>): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { startSimulator } = require('../../test/simulator') as typeof SimulatorModule;
	const storeDir = mkdtempSync(path.join(os.tmpdir(), 'mediarithmics-profile-'));
	const sim = await startSimulator({ storeDir, checkLines: false, pendingMs: Infinity });
	const runUpload = async (runNode: RunNode, upload: Upload): Promise<Run> => {
		sim.reset();
		const cpu = process.cpuUsage();
		const start = process.hrtime.bigint();
		const output = await runNode({ url: sim.url, token: sim.token }, { parameters: upload.parameters, items: [upload.item] });
		const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
		const used = process.cpuUsage(cpu);
		const sent = output.reduce((sum, part) => sum + Number(part.json.lines ?? 0), 0);
		if (sent !== upload.count) throw new Error(`${sent} lines sent of ${upload.count} ${upload.unit}s: ${JSON.stringify(output[0]?.json).slice(0, 400)}`);
		return { cpuMicros: used.user + used.system, wallMs, parts: output.length };
	};
	try {
		await body(runUpload);
	} finally {
		await sim.stop();
		rmSync(storeDir, { recursive: true, force: true });
	}
}

/** `rounds` Uploads by this checkout: wall and CPU time of each. */
export async function timeRounds(upload: Upload, rounds: number): Promise<void> {
	const runNode = runNodeOf(path.join(__dirname, '..', '..'));
	const { count, unit } = upload;
	await withSimulator(async (runUpload) => {
		for (let round = 1; round <= rounds; round++) {
			const { cpuMicros, wallMs, parts } = await runUpload(runNode, upload);
			console.log(`round ${round}: ${count} ${unit}s (${(upload.bytes / 2 ** 20).toFixed(0)} MiB, ${parts} parts), wall ${wallMs.toFixed(0)} ms, CPU ${(cpuMicros / 1000).toFixed(0)} ms (${(cpuMicros / count).toFixed(2)} µs a ${unit})`);
		}
	});
}

/** `rounds` rounds in which each tree runs the Upload once, in turn (the order reversed every other round). */
export async function takeTurns(roots: string[], upload: Upload, rounds: number): Promise<void> {
	const trees = roots.map((root) => ({ root, runNode: runNodeOf(root) }));
	const cpuPerUnit = new Map<string, number[]>(roots.map((root) => [root, []]));
	await withSimulator(async (runUpload) => {
		for (let round = 0; round < rounds; round++) {
			for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) {
				cpuPerUnit.get(tree.root)!.push((await runUpload(tree.runNode, upload)).cpuMicros / upload.count);
			}
		}
	});
	const { count, unit } = upload;
	for (const [root, samples] of cpuPerUnit) {
		const sorted = [...samples].sort((a, b) => a - b);
		console.log(`${root}: ${count} ${unit}s, ${rounds} rounds, CPU µs a ${unit}: best ${sorted[0].toFixed(2)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} (${samples.map((value) => value.toFixed(2)).join(' ')})`);
	}
	console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

/** Runs a profile's main, setting the exit code on failure. */
export function run(main: () => Promise<void>): void {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
