/**
 * The HTTP client alone, for the large-file scenario, under n8n's Node:
 * axios (n8n's HTTP client, redirects off as the node sends) posts the
 * file's parts, cut where the node cuts them (found beforehand, not timed),
 * each streamed from disk in 1 MiB chunks with its Content-Length. The node's
 * time over this one is the cost of its own plumbing, apart from the
 * machine's disk and network. Prints {"ms": …} on stdout.
 *   node -r ts-node/register/transpile-only bench/baselines/axiosParts.ts <file> <partMB> <executionsUrl> <token>
 */
import axios from 'axios';
import { createReadStream } from 'fs';

import { planParts } from '../../nodes/Mediarithmics/bulk';

const CHUNK = 1024 * 1024;

async function main(): Promise<void> {
	const [file, partMB, url, token] = process.argv.slice(2);
	const plan = await planParts(createReadStream(file, { highWaterMark: CHUNK }), {
		maxPartBytes: Number(partMB) * 1e6,
		documentType: 'USER_SEGMENT',
		format: 'ndjson',
		validate: false,
		invalidLines: 'stop',
	});
	const start = process.hrtime.bigint();
	const cpuStart = process.cpuUsage();
	for (const part of plan.parts) {
		await axios.post(url, createReadStream(file, { start: part.inputStart, end: part.inputEnd - 1, highWaterMark: CHUNK }), {
			headers: { Authorization: token, 'Content-Type': 'application/x-ndjson', 'Content-Length': String(part.bytes) },
			maxBodyLength: Infinity,
			maxContentLength: Infinity,
			maxRedirects: 0,
		});
	}
	console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: cpuMsSince(cpuStart) }));
}

void main();

/** This process's CPU time (user + system, all threads) since `start`, in ms. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
	const { user, system } = process.cpuUsage(start);
	return (user + system) / 1000;
}
