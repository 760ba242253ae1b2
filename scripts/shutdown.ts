/**
 * How `npm start` stops (scripts/start.ts): on Ctrl-C, SIGTERM, SIGHUP, or
 * when its parent dies, every process it started is stopped and waited for
 * before it exits, so that nothing is left running once `npm start` returns.
 *
 * Ctrl-C reaches every process of the terminal's process group, n8n included;
 * SIGTERM sent to npm (`timeout 60 npm start`, a service manager) reaches only
 * npm, which passes it to its child, and npm does not pass SIGHUP on at all:
 * so the script stops its descendants itself. They are found in /proc (the
 * repository supports Linux only), which also finds what a library started
 * (an n8n CLI call of the start-up, an npm install of the provisioning,
 * n8n's task runner), not only the processes the script holds a handle of.
 */
import { readdirSync, readFileSync } from 'fs';

/** The state and parent of a process, from /proc/<pid>/stat; undefined when it is gone. */
function statOf(pid: number): { state: string; ppid: number } | undefined {
	let text: string;
	try {
		text = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return undefined;
	}
	// "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	return { state: fields[0], ppid: Number(fields[1]) };
}

/** Running, not a zombie (a process that exited and waits only for its parent to read its status). */
export function isAlive(pid: number): boolean {
	const stat = statOf(pid);
	return stat !== undefined && stat.state !== 'Z';
}

/** Every live descendant of `root`, parents before their children. */
export function descendantsOf(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		const pid = Number(entry);
		if (!Number.isInteger(pid)) continue;
		const stat = statOf(pid);
		if (stat === undefined || stat.state === 'Z') continue;
		const siblings = children.get(stat.ppid) ?? [];
		siblings.push(pid);
		children.set(stat.ppid, siblings);
	}
	const found: number[] = [];
	const queue = [root];
	while (queue.length > 0) {
		for (const child of children.get(queue.shift() as number) ?? []) {
			found.push(child);
			queue.push(child);
		}
	}
	return found;
}

function signal(pids: readonly number[], name: NodeJS.Signals): void {
	for (const pid of pids) {
		try {
			process.kill(pid, name);
		} catch {
			// gone in the meantime
		}
	}
}

/**
 * SIGTERM to every descendant of this process, then waits until all have
 * exited; those still running after `graceMs` get SIGKILL. Repeated until
 * none is left (a parent may start a child while it is being stopped).
 */
export async function stopDescendants(graceMs: number): Promise<void> {
	for (let round = 0; round < 10; round++) {
		const pids = descendantsOf(process.pid);
		if (pids.length === 0) return;
		signal(pids, 'SIGTERM');
		const deadline = Date.now() + graceMs;
		while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
		signal(pids.filter(isAlive), 'SIGKILL');
	}
}

/**
 * Calls `stop` once, on the first of Ctrl-C (SIGINT), SIGTERM, SIGHUP, or
 * the death of the parent process (npm killed by a signal it does not pass
 * on: this process is then adopted by another, and its parent id changes).
 */
export function onStopRequest(stop: (reason: string) => void, parentCheckMs = 1000): void {
	let requested = false;
	const request = (reason: string) => {
		if (requested) return;
		requested = true;
		stop(reason);
	};
	for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, () => request(name));
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) request('the parent process exited');
	}, parentCheckMs).unref();
	// A terminal that closed (SIGHUP) fails every later write: that must not end the process before its children.
	for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}
