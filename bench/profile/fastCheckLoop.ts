/**
 * The NDJSON line check alone (checkNdjsonLine: the fast path and, for the
 * lines it leaves, the full check) on lines held in memory in 1 MB buffers
 * (no scanner, no I/O), in ns of CPU per line and MB/s, on the varied file's
 * lines (test/e2e/variedLines.ts) and on the uniform ones
 * (test/e2e/segmentFile.ts). With a second module path (another
 * checkLine.ts), the two take turns in the same process (this machine's
 * speed drifts between runs, so only same-process comparisons are fair):
 *   npx ts-node --transpile-only bench/profile/fastCheckLoop.ts [documentType] [otherCheckLine.ts]
 */
import path from 'path';

import { checkNdjsonLine } from '../../nodes/Mediarithmics/bulk/rules/checkLine';
import { segmentCommand } from '../../test/e2e/segmentFile';
import { seededRandom, variedLine } from '../../test/e2e/variedLines';

type Check = typeof checkNdjsonLine;

const documentType = process.argv[2] ?? 'USER_SEGMENT';

/** Lines in buffers of about 1 MB, as the lines of a file come in the binary store's chunks. */
function linesOf(make: (index: number) => string, count: number) {
	const inputs: Buffer[] = [];
	const starts: number[] = [];
	const ends: number[] = [];
	let bytes = 0;
	for (let first = 0; first < count; first += 4_000) {
		const lines: string[] = [];
		for (let index = first; index < first + 4_000; index++) lines.push(make(index));
		const chunk = Buffer.from(`${lines.join('\n')}\n`);
		bytes += chunk.length;
		for (let index = 0, start = 0; index < chunk.length; index++) {
			if (chunk[index] === 10) {
				inputs.push(chunk);
				starts.push(start);
				ends.push(index);
				start = index + 1;
			}
		}
	}
	return { inputs, starts, ends, bytes };
}

const random = seededRandom(27);
const files = [{ name: 'varied', ...linesOf(() => variedLine(documentType, random), 200_000) }];
if (documentType === 'USER_SEGMENT') files.push({ name: 'uniform', ...linesOf((index) => JSON.stringify(segmentCommand(index)), 200_000) });

/** CPU time per line (this process's user + system time: on a loaded machine, less noisy than wall time). */
function measure(check: Check, file: (typeof files)[number]): { ns: number; mbps: number } {
	const started = process.cpuUsage();
	let valid = 0;
	for (let line = 0; line < file.starts.length; line++) if (check(documentType, file.inputs[line], file.starts[line], file.ends[line]) === undefined) valid++;
	if (valid !== file.starts.length) throw new Error(`only ${valid} of ${file.starts.length} lines were judged valid`);
	const { user, system } = process.cpuUsage(started);
	return { ns: ((user + system) * 1000) / file.starts.length, mbps: file.bytes / (user + system) };
}

const variants: Array<[string, Check]> = [['this tree', checkNdjsonLine]];
if (process.argv[3]) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	variants.push([process.argv[3], (require(path.resolve(process.argv[3])) as { checkNdjsonLine: Check }).checkNdjsonLine]);
}
for (const file of files) {
	const best = variants.map(() => ({ ns: Infinity, mbps: 0 }));
	for (let round = 1; round <= 8; round++) {
		variants.forEach(([, check], index) => {
			const time = measure(check, file);
			if (time.ns < best[index].ns) best[index] = time;
		});
	}
	console.log(`${documentType} ${file.name}, best of 8: ${variants.map(([name], index) => `${name} ${best[index].ns.toFixed(0)} ns/line (${best[index].mbps.toFixed(0)} MB/s)`).join(', ')}`);
}
