/**
 * Where the File URL input's time goes, without n8n's process: the node runs
 * in n8n-core's execution context with n8n's HTTP client (test/nodes/harness),
 * downloading a generated NDJSON file from the file server and uploading it
 * to the simulator, both in a child process (urlServers.ts). A ballast of
 * small objects (default 150 MB, as n8n's own heap) makes the garbage
 * collector's work as it is in n8n. Per run: wall time, this process's CPU
 * time (GC threads included), the servers' CPU time, and the collector's
 * major and other pauses; medians of the repeats.
 *   npx ts-node --transpile-only bench/profile/urlPath.ts [fileMB=256] [repeats=3] [validate=off|on] [ballastMB=150]
 * Run it under n8n's Node 24 to match n8n.
 */
import { fork } from 'child_process';
import Module from 'module';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { constants, PerformanceObserver } from 'perf_hooks';

import { writeSegmentFile } from '../../test/e2e/segmentFile';
import type * as Harness from '../../test/nodes/harness';
import { median, nowMs } from '../stats';

// Outside jest, Node resolves `Mediarithmics.node` to the .node.json beside the .ts: point it at the code.
const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
	return resolve.call(this, request.endsWith('Mediarithmics.node') ? `${request}.ts` : request, ...rest);
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runNode } = require('../../test/nodes/harness') as typeof Harness;

type Reply = { type: string; [key: string]: unknown };

async function main(): Promise<void> {
	const fileMB = Number(process.argv[2] ?? 256);
	const repeats = Number(process.argv[3] ?? 3);
	const validate = process.argv[4] === 'on';
	const ballastMB = Number(process.argv[5] ?? 150);
	// About 100 bytes per entry.
	const ballast = Array.from({ length: Math.round((ballastMB * 1e6) / 100) }, (_value, index) => ({ index, text: `entry ${index}` }));
	const dir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-url-path-'));
	const file = path.join(dir, 'segments.ndjson');
	const { bytes } = await writeSegmentFile(file, fileMB * 1024 * 1024);
	const servers = fork(path.join(__dirname, 'urlServers.ts'), [file, path.join(dir, 'received')], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
	const replies: Reply[] = [];
	let waiting: ((reply: Reply) => void) | undefined;
	servers.on('message', (reply: Reply) => (waiting ? (waiting(reply), (waiting = undefined)) : replies.push(reply)));
	const ask = (type?: string) =>
		new Promise<Reply>((resolve) => {
			if (type) servers.send({ type });
			if (replies.length > 0) resolve(replies.shift()!);
			else waiting = resolve;
		});
	const ready = await ask();
	const gc = { major: 0, other: 0, majorMs: 0, otherMs: 0 };
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const major = (entry as unknown as { detail: { kind: number } }).detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
			gc[major ? 'major' : 'other']++;
			gc[major ? 'majorMs' : 'otherMs'] += entry.duration;
		}
	}).observe({ entryTypes: ['gc'] });
	const runs: Array<Record<string, number>> = [];
	try {
		for (let index = 0; index < repeats; index++) {
			{
				const made = await ask('import');
				Object.assign(gc, { major: 0, other: 0, majorMs: 0, otherMs: 0 });
				const cpu = process.cpuUsage();
				const start = nowMs();
				await runNode(
					{ url: String(ready.simUrl), token: String(ready.token) },
					{
						parameters: {
							resource: 'execution',
							operation: 'upload',
							datamart: { __rl: true, mode: 'id', value: '1509' },
							target: 'existing',
							documentImport: { __rl: true, mode: 'id', value: String(made.importId) },
							inputMode: 'url',
							fileUrl: String(ready.fileUrl),
							uploadOptions: { maxPartMegabytes: 100, validate },
						},
					},
				);
				const wall = nowMs() - start;
				const used = process.cpuUsage(cpu);
				const stored = await ask('stored');
				if (stored.stored !== bytes) throw new Error(`stored ${String(stored.stored)} of ${bytes} bytes`);
				const run = { wall, cpu: (used.user + used.system) / 1000, servers: Number(stored.cpuMs) - Number(made.cpuMs), ...gc };
				runs.push(run);
				console.error(`run ${index + 1}: ${JSON.stringify(run, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value) : value))}`);
			}
		}
	} finally {
		servers.send({ type: 'stop' });
		rmSync(dir, { recursive: true, force: true });
	}
	console.log(`${fileMB} MiB, validation ${validate ? 'on' : 'off'}, ballast ${ballastMB} MB (${ballast.length} objects), medians of ${repeats}`);
	{
		const of = (key: string) => median(runs.map((run) => run[key])).toFixed(0).padStart(6);
		console.log(`wall ${of('wall')} ms  cpu ${of('cpu')} ms  servers ${of('servers')} ms  gc major ${of('major')} (${of('majorMs')} ms)  other ${of('other')} (${of('otherMs')} ms)`);
	}
}

void main();
