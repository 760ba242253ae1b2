/**
 * Where the upload's time goes, without n8n: one file (default 100 MB) sent
 * to the store-only simulator by curl, by Node's http with the file
 * streamed, by axios (n8n's HTTP client) alone, and through the node's own
 * send path as it runs in n8n: the one-pass split (validation off) or pass 2
 * of the two passes (validation on, planned beforehand, not timed), then
 * partBody, then axios. Wall time and this process's CPU time (user + system,
 * simulator included: the same for every variant), medians; the variants
 * take turns, so a loaded machine slows them alike.
 *   npx ts-node --transpile-only bench/profile/uploadPath.ts [fileMB=100] [repeats=3] [partMB=100]
 */
import axios from 'axios';
import { execFile } from 'child_process';
import { createReadStream, mkdtempSync, rmSync } from 'fs';
import { request } from 'http';
import { PerformanceObserver } from 'perf_hooks';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { planParts, readParts } from '../../nodes/Mediarithmics/bulk';
import { OnePassProgress, streamParts } from '../../nodes/Mediarithmics/bulk/split/onePassSplit';
import { streamClassOf } from '../../nodes/Mediarithmics/actions/execution/upload/input/source';
import { partBody } from '../../nodes/Mediarithmics/actions/execution/upload/send/partBody';
import { writeSegmentFile } from '../../test/e2e/segmentFile';
import { startSimulator } from '../../test/simulator';
import { createSegmentImport, executionsUrl } from '../simulatorImports';
import { median, nowMs } from '../stats';

const run = promisify(execFile);
const CHUNK = 1024 * 1024;

async function main(): Promise<void> {
	const fileMB = Number(process.argv[2] ?? 100);
	const repeats = Number(process.argv[3] ?? 3);
	const partMB = Number(process.argv[4] ?? 100);
	const dir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-upload-path-'));
	const sim = await startSimulator({ storeDir: path.join(dir, 'received'), checkLines: false, pendingMs: Infinity });
	try {
		const file = path.join(dir, 'segments.ndjson');
		const { bytes } = await writeSegmentFile(file, fileMB * 1e6);
		const open = () => createReadStream(file, { highWaterMark: CHUNK });
		const options = { maxPartBytes: partMB * 1e6, documentType: 'USER_SEGMENT', format: 'ndjson' as const, validate: false, invalidLines: 'stop' as const };
		// The cut points, found beforehand (not timed): the HTTP client alone sends the same parts.
		const plan = await planParts(open(), options);
		let url = '';
		const post = (body: unknown, headers: Record<string, string>) =>
			axios.post(url, body, { headers: { Authorization: sim.token, 'Content-Type': 'application/x-ndjson', ...headers }, maxBodyLength: Infinity, maxContentLength: Infinity, maxRedirects: 0 });
		const variants: Record<string, () => Promise<unknown>> = {
			'curl, whole file': () => run('curl', ['-sS', '--fail', '-o', '/dev/null', '--data-binary', `@${file}`, '-H', `Authorization: ${sim.token}`, '-H', 'Content-Type: application/x-ndjson', url]),
			'node http, whole file streamed': () =>
				new Promise<void>((resolve, reject) => {
					const outgoing = request(url, { method: 'POST', headers: { Authorization: sim.token, 'Content-Type': 'application/x-ndjson', 'Content-Length': String(bytes) } }, (response) => {
						response.resume();
						response.on('end', resolve);
					});
					outgoing.on('error', reject);
					open().pipe(outgoing);
				}),
			'axios alone, same parts': async () => {
				for (const part of plan.parts) await post(createReadStream(file, { start: part.inputStart, end: part.inputEnd - 1, highWaterMark: CHUNK }), { 'Content-Length': String(part.bytes) });
			},
			'axios alone, same parts, chunked': async () => {
				for (const part of plan.parts) await post(createReadStream(file, { start: part.inputStart, end: part.inputEnd - 1, highWaterMark: CHUNK }), {});
			},
			'same parts through Readable.from, chunked': async () => {
				for (const part of plan.parts) {
					const source = createReadStream(file, { start: part.inputStart, end: part.inputEnd - 1, highWaterMark: CHUNK });
					await post(await partBody({ index: part.index, contentType: 'application/x-ndjson', stream: () => source } as never, streamClassOf(source), (error) => error as Error), {});
				}
			},
			'node path, one pass (validation off)': async () => {
				const source = open();
				for await (const part of streamParts(source, options, new OnePassProgress())) await post(await partBody(part, streamClassOf(source), (error) => error as Error), {});
			},
			'node path, pass 2 (validation on)': async () => {
				const source = open();
				for await (const part of readParts(source, plan)) await post(await partBody(part, streamClassOf(source), (error) => error as Error), { 'Content-Length': String(part.bytes) });
			},
		};
		// UPLOAD_PATH_ONLY=<part of a name>: only the variants whose name holds it (e.g. to profile one).
		const only = process.env.UPLOAD_PATH_ONLY;
		if (only !== undefined) for (const name of Object.keys(variants)) if (!name.includes(only)) delete variants[name];
		const results = new Map<string, { wall: number[]; cpu: number[]; gc: number[] }>(Object.keys(variants).map((name) => [name, { wall: [], cpu: [], gc: [] }]));
		// The garbage collector's pauses, summed per variant.
		let gcMs = 0;
		const observer = new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) gcMs += entry.duration;
		});
		observer.observe({ entryTypes: ['gc'] });
		for (let index = 0; index < repeats; index++) {
			for (const [name, send] of Object.entries(variants)) {
				sim.reset();
				url = executionsUrl(sim, await createSegmentImport(sim, 'upload path'));
				await new Promise((resolve) => setImmediate(resolve));
				gcMs = 0;
				const start = nowMs();
				const cpu = process.cpuUsage();
				await send();
				const used = process.cpuUsage(cpu);
				await new Promise((resolve) => setImmediate(resolve));
				results.get(name)!.gc.push(gcMs);
				results.get(name)!.wall.push(nowMs() - start);
				results.get(name)!.cpu.push((used.user + used.system) / 1000);
			}
		}
		console.log(`${(bytes / 1e6).toFixed(0)} MB in parts of ${partMB} MB, medians of ${repeats} (CPU: this process, curl's own excluded)`);
		observer.disconnect();
		for (const [name, { wall, cpu, gc }] of results) {
			const ms = median(wall);
			console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${((bytes / 1e6 / ms) * 1000).toFixed(0).padStart(4)} MB/s  cpu ${median(cpu).toFixed(0).padStart(6)} ms  gc ${median(gc).toFixed(0).padStart(5)} ms  (wall ${wall.map((value) => value.toFixed(0)).join(' / ')})`);
		}
	} finally {
		await sim.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
