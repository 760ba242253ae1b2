/**
 * The whole Upload of an NDJSON file of segment lines (Input: Binary File,
 * Validate Lines on: both passes, HTTP to a simulator in the same process),
 * without n8n's process: n8n-core's execution context as in test/nodes, the
 * file held in memory as n8n's default binary mode holds it. Wall time and
 * the process's CPU time per round; copy into another checkout for a
 * before/after and run both, turn about.
 * `npx ts-node --transpile-only bench/profile/fileNode.ts [lines=1000000] [rounds=3]`
 */
import { mkdtempSync, rmSync } from 'fs';
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

function ndjson(lines: number): Buffer {
	const out: string[] = [];
	for (let line = 0; line < lines; line++) {
		out.push(JSON.stringify({ operation: line % 9 === 0 ? 'DELETE' : 'UPDATE', user_account_id: `user-${line}`, segment_id: String(1000 + (line % 17)), expiration_duration: line % 3 === 0 ? 0 : 86_400_000 }));
	}
	return Buffer.from(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
	const lines = Number(process.argv[2] ?? 1_000_000);
	const rounds = Number(process.argv[3] ?? 3);
	const parameters = {
		resource: 'execution',
		operation: 'upload',
		datamart: { __rl: true, mode: 'id', value: '1509' },
		target: 'new',
		newImportName: 'file bench',
		newImportDocumentType: 'USER_SEGMENT',
		newImportMimeType: 'APPLICATION_X_NDJSON',
		inputMode: 'binary',
		binaryPropertyName: 'data',
		uploadOptions: { maxPartMegabytes: 10 },
	};
	const file = ndjson(lines);
	const item = { json: {}, binary: { data: { data: file.toString('base64'), mimeType: 'application/x-ndjson', fileName: 'segments.ndjson' } } };
	const storeDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-file-profile-'));
	const sim = await startSimulator({ storeDir, checkLines: false, pendingMs: Infinity });
	try {
		for (let round = 1; round <= rounds; round++) {
			sim.reset();
			const cpu = process.cpuUsage();
			const start = process.hrtime.bigint();
			const output = await runNode({ url: sim.url, token: sim.token }, { parameters, items: [item] });
			const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
			const used = process.cpuUsage(cpu);
			const sent = output.reduce((sum, part) => sum + Number(part.json.lines ?? 0), 0);
			if (sent !== lines) throw new Error(`${sent} lines sent of ${lines}: ${JSON.stringify(output[0]?.json).slice(0, 400)}`);
			console.log(`round ${round}: ${lines} lines (${(file.length / 2 ** 20).toFixed(0)} MiB, ${output.length} parts), wall ${wallMs.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms (${((used.user + used.system) / lines).toFixed(2)} µs a line)`);
		}
	} finally {
		await sim.stop();
		rmSync(storeDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
