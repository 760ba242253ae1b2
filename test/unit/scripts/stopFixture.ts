/**
 * A stand-in for `npm start` (scripts/start.ts) for shutdown.test.ts: it
 * starts a shell that starts a grandchild (as npm runs a script through sh)
 * and a child that ignores SIGTERM (an n8n slow to stop), prints its pid and
 * its descendants' once they all run, and on a stop request stops them as
 * start.ts does, then exits.
 */
import { spawn } from 'child_process';

import { descendantsOf, onStopRequest, stopDescendants } from '../../../scripts/shutdown';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
	onStopRequest((reason) => {
		void stopDescendants(Number(process.env.STOP_GRACE_MS ?? 500)).then(() => {
			console.log(`stopped: ${reason}`);
			process.exit(0);
		});
	}, 200);
	spawn('sh', ['-c', 'sleep 300; echo never'], { stdio: 'ignore' });
	const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => undefined); setInterval(() => undefined, 1000); console.log('ready')"], { stdio: ['ignore', 'pipe', 'ignore'] });
	await new Promise((resolve) => stubborn.stdout.once('data', resolve));
	for (let attempt = 0; attempt < 200; attempt++) {
		const descendants = descendantsOf(process.pid);
		if (descendants.length >= 3) {
			console.log(JSON.stringify({ pid: process.pid, descendants }));
			break;
		}
		await sleep(25);
	}
	setInterval(() => undefined, 1000);
}

void main();
