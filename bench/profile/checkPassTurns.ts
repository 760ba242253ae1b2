/**
 * The check pass (planParts with validation, as bench/baselines/checkPass.ts)
 * of two or more source trees taking turns in one process on the same files,
 * best of N for each, wall and CPU time: on a machine shared with other work,
 * only such same-process ratios are fair.
 *   TYPE=USER_SEGMENT ROUNDS=4 npx ts-node --transpile-only bench/profile/checkPassTurns.ts <tree>[,<tree>…] <file>…
 * e.g. `/work/main,.` (a tree is a checkout's root: its nodes/Mediarithmics/bulk is loaded).
 */
import { createReadStream } from 'fs';
import os from 'os';
import path from 'path';

type PlanParts = typeof import('../../nodes/Mediarithmics/bulk').planParts;

const [treeList, ...files] = process.argv.slice(2);
const trees = treeList.split(',').map((root) => ({
	root,
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	planParts: (require(path.resolve(root, 'nodes/Mediarithmics/bulk')) as { planParts: PlanParts }).planParts,
}));
const documentType = process.env.TYPE ?? 'USER_SEGMENT';
const rounds = Number(process.env.ROUNDS ?? 4);

async function once(planParts: PlanParts, file: string): Promise<{ wallMBps: number; cpuMBps: number }> {
	const wallStart = process.hrtime.bigint();
	const cpuStart = process.cpuUsage();
	const plan = await planParts(createReadStream(file, { highWaterMark: 1024 * 1024 }), {
		maxPartBytes: 100e6,
		documentType,
		format: 'ndjson',
		validate: true,
		invalidLines: 'stop',
	});
	if (plan.invalidLineCount > 0) throw new Error(`${plan.invalidLineCount} invalid lines in ${file}`);
	const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
	const { user, system } = process.cpuUsage(cpuStart);
	return { wallMBps: plan.inputBytes / 1e3 / wallMs, cpuMBps: plan.inputBytes / (user + system) };
}

async function main(): Promise<void> {
	const best = new Map<string, { wallMBps: number; cpuMBps: number }>();
	for (let round = 0; round < rounds; round++) {
		for (const file of files) {
			for (const tree of trees) {
				const key = `${tree.root} ${path.basename(file)}`;
				const result = await once(tree.planParts, file);
				const previous = best.get(key) ?? { wallMBps: 0, cpuMBps: 0 };
				best.set(key, { wallMBps: Math.max(previous.wallMBps, result.wallMBps), cpuMBps: Math.max(previous.cpuMBps, result.cpuMBps) });
			}
		}
	}
	for (const [key, value] of best) console.log(`${key}: best of ${rounds}: ${value.wallMBps.toFixed(0)} MB/s wall, ${value.cpuMBps.toFixed(0)} MB/s of CPU time`);
	console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

void main();
