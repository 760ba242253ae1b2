// How `npm start` stops (scripts/shutdown.ts): on SIGTERM, SIGHUP or its parent's death, every
// process it started (a grandchild through a shell, a child that ignores SIGTERM) has exited by the
// time it exits itself. The full `npm start` (a real n8n) is checked by hand: docs/development.md.
import { spawn } from 'child_process';
import { join } from 'path';

import { isAlive } from '../../../scripts/shutdown';

const FIXTURE = join(__dirname, 'stopFixture.ts');
const TS_NODE = require.resolve('ts-node/dist/bin.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every process a test started: killed after it, so that a failing test leaves none running. */
const started: number[] = [];
afterEach(() => {
	for (const pid of started.splice(0)) {
		if (!isAlive(pid)) continue;
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone in the meantime
		}
	}
});

/** Runs the fixture (under a shell, when `viaShell`), and gives its output as it comes and its pids once all its processes run. */
async function startFixture(viaShell: boolean) {
	const command = [process.execPath, TS_NODE, '--transpile-only', FIXTURE];
	const child = viaShell
		? spawn('sh', ['-c', `${command.map((part) => `'${part}'`).join(' ')} & wait`], { stdio: ['ignore', 'pipe', 'pipe'] })
		: spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
	const output = { text: '' };
	child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	for (let attempt = 0; attempt < 400 && !/^\{.*\}$/m.test(output.text); attempt++) await sleep(25);
	const line = /^\{.*\}$/m.exec(output.text)?.[0];
	if (line === undefined) {
		child.kill('SIGKILL');
		if (child.pid !== undefined) started.push(child.pid);
		throw new Error(`the fixture did not start:\n${output.text}`);
	}
	const { pid, descendants } = JSON.parse(line) as { pid: number; descendants: number[] };
	started.push(pid, ...descendants);
	return { child, exited, output, pid, descendants };
}

describe('npm start stops what it started', () => {
	test.each(['SIGTERM', 'SIGHUP'] as const)('on %s: every descendant has exited when it exits, one that ignores SIGTERM included', async (signal) => {
		const fixture = await startFixture(false);
		expect(fixture.descendants.length).toBeGreaterThanOrEqual(3);
		expect(fixture.descendants.every(isAlive)).toBe(true);
		fixture.child.kill(signal);
		expect(await fixture.exited).toBe(0);
		expect(fixture.output.text).toContain(`stopped: ${signal}`);
		expect(fixture.descendants.filter(isAlive)).toEqual([]);
	}, 20_000);

	test('when its parent dies (npm killed by a signal it does not pass on): it stops its descendants and exits', async () => {
		const fixture = await startFixture(true);
		expect(fixture.descendants.every(isAlive)).toBe(true);
		fixture.child.kill('SIGKILL');
		await fixture.exited;
		for (let attempt = 0; attempt < 200 && (isAlive(fixture.pid) || !fixture.output.text.includes('stopped:')); attempt++) await sleep(50);
		expect(fixture.output.text).toContain('stopped: the parent process exited');
		expect(isAlive(fixture.pid)).toBe(false);
		expect(fixture.descendants.filter(isAlive)).toEqual([]);
	}, 20_000);
});
