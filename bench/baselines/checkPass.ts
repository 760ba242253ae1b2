/**
 * The check pass alone, for the large-file scenario: pass 1 of the split with
 * validation (read the file from disk in 1 MiB chunks, check every line, plan
 * the parts), as the node runs it but outside n8n, under n8n's Node. Prints
 * {"ms": …, "bytes": …} on stdout.
 *   node -r ts-node/register/transpile-only bench/baselines/checkPass.ts <file> <partMB> [documentType]
 */
import { createReadStream } from 'fs';

import { planParts } from '../../nodes/Mediarithmics/bulk';

async function main(): Promise<void> {
	const [file, partMB, documentType = 'USER_SEGMENT'] = process.argv.slice(2);
	const start = process.hrtime.bigint();
	const cpuStart = process.cpuUsage();
	const plan = await planParts(createReadStream(file, { highWaterMark: 1024 * 1024 }), {
		maxPartBytes: Number(partMB) * 1e6,
		documentType,
		format: 'ndjson',
		validate: true,
		invalidLines: 'stop',
	});
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	if (plan.invalidLineCount > 0) throw new Error(`${plan.invalidLineCount} invalid lines in the benchmark's file`);
	console.log(JSON.stringify({ ms, cpuMs: cpuMsSince(cpuStart), bytes: plan.inputBytes }));
}

void main();

/** This process's CPU time (user + system, all threads) since `start`, in ms. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
	const { user, system } = process.cpuUsage(start);
	return (user + system) / 1000;
}
