/**
 * The fast USER_SEGMENT line check alone, on 400,000 generated lines held in
 * memory in 1 MB buffers (no scanner, no I/O), in ns of CPU per line. With a second module path, the
 * two versions take turns in the same process (this machine's speed drifts
 * between runs, so only same-process comparisons are fair):
 *   npx ts-node --transpile-only bench/profile/fastCheckLoop.ts [otherModule.ts]
 */
import path from 'path';

import { isCertainlyValidSegmentLine } from '../../nodes/Mediarithmics/bulk/rules/fastSegmentLine';
import { segmentCommand } from '../../test/e2e/segmentFile';

type Check = (bytes: Buffer, from: number, to: number) => boolean;

// In buffers of about 1 MB, as the lines of a file come in the binary store's chunks.
const chunks: Buffer[] = [];
for (let first = 0; first < 400_000; first += 8_000) {
	const lines: string[] = [];
	for (let index = first; index < first + 8_000; index++) lines.push(JSON.stringify(segmentCommand(index)));
	chunks.push(Buffer.from(`${lines.join('\n')}\n`));
}
const inputs: Buffer[] = [];
const starts: number[] = [];
const ends: number[] = [];
for (const chunk of chunks) {
	for (let index = 0, start = 0; index < chunk.length; index++) {
		if (chunk[index] === 10) {
			inputs.push(chunk);
			starts.push(start);
			ends.push(index);
			start = index + 1;
		}
	}
}

/** CPU time per line (this process's user + system time: on a loaded machine, less noisy than wall time). */
function nsPerLine(check: Check): number {
	const started = process.cpuUsage();
	let valid = 0;
	for (let line = 0; line < starts.length; line++) if (check(inputs[line], starts[line], ends[line])) valid++;
	if (valid !== starts.length) throw new Error(`only ${valid} of ${starts.length} lines were judged valid`);
	const { user, system } = process.cpuUsage(started);
	return ((user + system) * 1000) / starts.length;
}

const variants: Array<[string, Check]> = [['current', isCertainlyValidSegmentLine]];
if (process.argv[2]) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	variants.push([process.argv[2], (require(path.resolve(process.argv[2])) as { isCertainlyValidSegmentLine: Check }).isCertainlyValidSegmentLine]);
}
const best = variants.map(() => Infinity);
for (let round = 1; round <= 10; round++) {
	const times = variants.map(([, check]) => nsPerLine(check));
	times.forEach((time, index) => (best[index] = Math.min(best[index], time)));
	console.log(`round ${round}: ${variants.map(([name], index) => `${name} ${times[index].toFixed(0)} ns/line`).join(', ')}`);
}
console.log(`best of 10: ${variants.map(([name], index) => `${name} ${best[index].toFixed(0)} ns/line`).join(', ')}`);
