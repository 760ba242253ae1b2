/**
 * Where the upload's time goes, without n8n: one 100 MB part sent to the
 * store-only simulator by curl, by Node's http with the file streamed, and by
 * axios (n8n's HTTP client) with and without redirect support (with it, the
 * client keeps a copy of the whole body to replay it).
 *   npx ts-node --transpile-only bench/profile/uploadPath.ts [partMB=100] [repeats=3]
 */
import axios from 'axios';
import { execFile } from 'child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { request } from 'http';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { Readable } from 'stream';

import { planParts, readParts } from '../../nodes/Mediarithmics/bulk';
import { segmentCommand } from '../../test/e2e/segmentFile';
import { startSimulator } from '../../test/simulator';
import { createSegmentImport, executionsUrl } from '../simulatorImports';
import { median, nowMs } from '../stats';

const run = promisify(execFile);

async function main(): Promise<void> {
	const partMB = Number(process.argv[2] ?? 100);
	const repeats = Number(process.argv[3] ?? 3);
	const dir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-upload-path-'));
	const sim = await startSimulator({ storeDir: path.join(dir, 'received'), checkLines: false, pendingMs: Infinity });
	try {
		const lines: string[] = [];
		let size = 0;
		for (let index = 0; size < partMB * 1e6 - 200; index++) {
			const line = `${JSON.stringify(segmentCommand(index))}\n`;
			lines.push(line);
			size += line.length;
		}
		const file = path.join(dir, 'part.ndjson');
		writeFileSync(file, lines.join(''));
		let url = '';
		const headers = { Authorization: sim.token, 'Content-Type': 'application/x-ndjson', 'Content-Length': String(size) };
		const variants: Record<string, () => Promise<unknown>> = {
			curl: () => run('curl', ['-sS', '--fail', '-o', '/dev/null', '--data-binary', `@${file}`, '-H', `Authorization: ${sim.token}`, '-H', 'Content-Type: application/x-ndjson', url]),
			'node http, file streamed': () =>
				new Promise<void>((resolve, reject) => {
					const outgoing = request(url, { method: 'POST', headers }, (response) => {
						response.resume();
						response.on('end', resolve);
					});
					outgoing.on('error', reject);
					createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(outgoing);
				}),
			'axios, redirects followed (default)': () => axios.post(url, createReadStream(file, { highWaterMark: 1024 * 1024 }), { headers, maxBodyLength: Infinity, maxContentLength: Infinity }),
			'axios, maxRedirects 0': () => axios.post(url, createReadStream(file, { highWaterMark: 1024 * 1024 }), { headers, maxBodyLength: Infinity, maxContentLength: Infinity, maxRedirects: 0 }),
			"the node's path: readParts → Readable.from → axios": async () => {
				const options = { maxPartBytes: partMB * 1e6, documentType: 'USER_SEGMENT', format: 'ndjson' as const, validate: false, invalidLines: 'stop' as const };
				const plan = await planParts(createReadStream(file, { highWaterMark: 1024 * 1024 }), options);
				for await (const part of readParts(createReadStream(file, { highWaterMark: 1024 * 1024 }), plan)) {
					await axios.post(url, Readable.from(part.stream(), { objectMode: false }), { headers, maxBodyLength: Infinity, maxContentLength: Infinity, maxRedirects: 0 });
				}
			},
		};
		for (const [name, send] of Object.entries(variants)) {
			const times: number[] = [];
			for (let index = 0; index < repeats; index++) {
				sim.reset();
				url = executionsUrl(sim, await createSegmentImport(sim, 'upload path'));
				const start = nowMs();
				await send();
				times.push(nowMs() - start);
			}
			const ms = median(times);
			console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${((size / 1e6 / ms) * 1000).toFixed(0)} MB/s`);
		}
	} finally {
		await sim.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
