/**
 * Postgres and Redis for the queue-mode e2e, from Debian's packages
 * (scripts/install-services.sh installs them): each started on loopback, on a
 * free port, with its data in a temporary folder, and removed by stop().
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { freePort } from '../n8n';

const run = promisify(execFile);
const INSTALL = 'bash scripts/install-services.sh (as root), or: apt-get update && apt-get install -y postgresql redis-server';

export interface Service {
	port: number;
	stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/<version>/bin). */
function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
	if (versions.length === 0) throw new Error(`PostgreSQL is not installed. Run ${INSTALL}`);
	versions.sort((a, b) => Number(b) - Number(a));
	return path.join(root, versions[0], 'bin');
}

/** Postgres refuses to run as root: as root, its commands run as Debian's `postgres` user. */
function asServiceUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function ownedByServiceUser(folder: string): void {
	if (process.getuid?.() !== 0) return;
	const { uid, gid } = userIds('postgres');
	chownSync(folder, uid, gid);
}

function userIds(name: string): { uid: number; gid: number } {
	const passwd = readFileSync('/etc/passwd', 'utf8');
	const line = passwd.split('\n').find((entry) => entry.startsWith(`${name}:`));
	if (!line) throw new Error(`No "${name}" user (Debian's postgresql package creates it). Run ${INSTALL}`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** A throwaway Postgres cluster with a trusted superuser `n8n` and a database `n8n`. */
export async function startPostgres(): Promise<Service> {
	const bin = postgresBin();
	const folder = mkdtempSync(path.join(tmpdir(), 'mediarithmics-postgres-'));
	ownedByServiceUser(folder);
	const data = path.join(folder, 'data');
	const port = await freePort();
	const pg = async (command: string, args: string[]) => {
		const [file, argv] = asServiceUser(path.join(bin, command), args);
		return await run(file, argv, { cwd: folder, timeout: 120_000 });
	};
	await pg('initdb', ['-D', data, '-U', 'n8n', '--auth=trust', '--encoding=UTF8', '--no-sync']);
	// Throwaway data: durability off, for speed on a shared 2-core machine.
	const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
	await pg('pg_ctl', ['-D', data, '-l', path.join(folder, 'log'), '-o', options, '-w', 'start']);
	const stop = async () => {
		await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		await pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n']).catch(async () => {
			// Debian ships createdb with the client package; psql does the same.
			await run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'postgres', '-c', 'CREATE DATABASE n8n']);
		});
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, stop };
}

/** A Redis server without persistence, its working folder temporary. */
export async function startRedis(): Promise<Service> {
	const folder = mkdtempSync(path.join(tmpdir(), 'mediarithmics-redis-'));
	const port = await freePort();
	let child: ChildProcess;
	try {
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', folder, '--save', '', '--appendonly', 'no'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch {
		throw new Error(`Redis is not installed. Run ${INSTALL}`);
	}
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 30_000);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(new Error(`redis-server could not start (${error.message}). Run ${INSTALL}`));
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited (${code}):\n${output}`));
		});
		child.stdout?.on('data', () => {
			if (/Ready to accept connections/.test(output)) {
				clearTimeout(timer);
				resolve();
			}
		});
	});
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(folder, { recursive: true, force: true });
	};
	return { port, stop };
}

/** One SQL statement on the stack's database (`psql`, unaligned): what n8n stored, for tests that check it. */
export async function psql(port: number, sql: string): Promise<string> {
	const { stdout } = await run(path.join(postgresBin(), 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'n8n', '-At', '-c', sql], { timeout: 30_000 });
	return stdout.trim();
}
