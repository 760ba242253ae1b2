/**
 * Run by youngGenerationPacer.test.ts in the provisioned n8n's Node 24 (whose
 * collector behaves as n8n's does): streams fresh 1 MiB chunks, as n8n's binary
 * store and a socket hand them over, through the node's asBuffer and drops
 * them; prints the collections seen and the most memory outside the heap.
 *   node -r ts-node/register/transpile-only test/e2e/freshChunks.ts <MiB>
 */
import { constants, PerformanceObserver } from 'perf_hooks';

import { asBuffer } from '../../nodes/Mediarithmics/bulk';

const MiB = 1024 * 1024;

async function main(): Promise<void> {
	const mebibytes = Number(process.argv[2] ?? 512);
	const collections = { minor: 0, major: 0 };
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = (entry as unknown as { detail: { kind: number } }).detail.kind;
			if (kind === constants.NODE_PERFORMANCE_GC_MINOR) collections.minor++;
			if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) collections.major++;
		}
	}).observe({ entryTypes: ['gc'] });
	const base = process.memoryUsage().arrayBuffers;
	let mostOutsideHeap = 0;
	for (let index = 0; index < mebibytes; index++) {
		const chunk = Buffer.allocUnsafeSlow(MiB);
		chunk[0] = index & 0xff;
		asBuffer(chunk);
		mostOutsideHeap = Math.max(mostOutsideHeap, process.memoryUsage().arrayBuffers - base);
		// A turn of the event loop now and then, as a stream gives.
		if (index % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
	}
	await new Promise((resolve) => setTimeout(resolve, 50));
	process.stdout.write(JSON.stringify({ node: process.version, mostOutsideHeap, ...collections }) + '\n');
}

void main();
