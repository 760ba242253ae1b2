/**
 * A package registry on loopback for the e2e of n8n's own installer:
 * Verdaccio (a dev dependency) with its storage in a temporary folder and no
 * uplinks, so it serves only what the test publishes to it and never asks
 * another registry. Started and stopped by the test.
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { freePort } from '../n8n';
import { retryOnPortInUse } from '../n8nProcess';

const run = promisify(execFile);
const VERDACCIO = path.resolve(__dirname, '..', '..', '..', 'node_modules', 'verdaccio', 'bin', 'verdaccio');

export interface LocalRegistry {
	/** http://127.0.0.1:<port> (no trailing slash). */
	url: string;
	/** Publishes a packed package (npm publish, as its maintainers would). */
	publish(tarball: string): Promise<void>;
	/** How many times the tarball of `name`@`version` was downloaded. */
	downloads(name: string, version: string): number;
	/**
	 * A folder holding an `npm` for the processes that should install from this registry: it runs the
	 * real one (`realNpm`) with every --registry=… argument replaced by this registry (see
	 * installerStack.ts for why n8n's own registry setting cannot be used).
	 */
	npmRedirect(realNpm: string): string;
	log(): string;
	stop(): Promise<void>;
}

export async function startLocalRegistry(): Promise<LocalRegistry> {
	const folder = mkdtempSync(path.join(tmpdir(), 'mediarithmics-registry-'));
	const config = path.join(folder, 'config.yaml');
	writeFileSync(
		config,
		[
			`storage: ${path.join(folder, 'storage')}`,
			'auth:',
			'  htpasswd:',
			`    file: ${path.join(folder, 'htpasswd')}`,
			'    max_users: 10',
			'uplinks: {}',
			'packages:',
			"  '**':",
			'    access: $all',
			'    publish: $authenticated',
			'web:',
			'  enable: false',
			'log: { type: stdout, format: pretty, level: http }',
			'',
		].join('\n'),
	);
	let child: ChildProcess | undefined;
	let output = '';
	const stop = async () => {
		if (child && child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child?.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(folder, { recursive: true, force: true });
	};
	let url = '';
	try {
		await retryOnPortInUse('verdaccio', async () => {
			const port = await freePort();
			output = '';
			child = spawn(process.execPath, [VERDACCIO, '--config', config, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
			child.stdout?.on('data', (chunk) => (output += chunk));
			child.stderr?.on('data', (chunk) => (output += chunk));
			const deadline = Date.now() + 60_000;
			for (;;) {
				if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode}) on port ${port}:\n${output}`);
				if (await fetch(`http://127.0.0.1:${port}/-/ping`).then((response) => response.ok, () => false)) break;
				if (Date.now() > deadline) throw new Error(`verdaccio did not answer on port ${port} within 60 s:\n${output}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			url = `http://127.0.0.1:${port}`;
		});
	} catch (error) {
		await stop();
		throw error;
	}

	const publish = async (tarball: string) => {
		const created = await fetch(`${url}/-/user/org.couchdb.user:publisher`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: 'publisher', password: 'publisher-password' }),
		});
		if (!created.ok) throw new Error(`local registry: could not add the publishing user: HTTP ${created.status} ${await created.text()}`);
		const { token } = (await created.json()) as { token: string };
		await run('npm', ['publish', tarball, `--registry=${url}/`, `--//${url.replace(/^http:\/\//, '')}/:_authToken=${token}`, '--ignore-scripts'], { cwd: folder });
	};
	// Verdaccio logs each request once when it comes ("requested") and twice as it answers.
	const downloads = (name: string, version: string) => output.split('\n').filter((line) => line.includes(`requested 'GET /${name}/-/${name}-${version}.tgz'`)).length;
	const npmRedirect = (realNpm: string) => {
		const bin = mkdtempSync(path.join(folder, 'npm-'));
		const script = path.join(bin, 'npm');
		writeFileSync(
			script,
			[
				'#!/bin/sh',
				'# npm, with every --registry=... replaced by the local registry of the e2e test.',
				'for argument do',
				'  shift',
				'  case "$argument" in',
				`    --registry=*) set -- "$@" "--registry=${url}" ;;`,
				'    *) set -- "$@" "$argument" ;;',
				'  esac',
				'done',
				`exec "${realNpm}" "$@"`,
				'',
			].join('\n'),
		);
		chmodSync(script, 0o755);
		return bin;
	};
	return { url, publish, downloads, npmRedirect, log: () => output, stop };
}

/**
 * The environment of every main and worker that installs `name`@`version` with n8n's own installer
 * (n8n 2.41.1, read from its code):
 * - N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV + N8N_COMMUNITY_PACKAGES: a main, at start, installs what the
 *   list names and the database does not (records it there and tells the running workers, which install
 *   it too), and removes what the list does not name. Workers do not read the list.
 * - N8N_REINSTALL_MISSING_PACKAGES: any process, at start, installs what the database lists and its own
 *   folder lacks: a worker started later, or a second main.
 * - N8N_VERIFIED_PACKAGES_ENABLED=false: no lookup in n8n's online list of verified packages.
 * - npm from `registry.npmRedirect`: n8n hands npm the registry on its command line, and accepts only
 *   the public one unless licensed (N8N_COMMUNITY_PACKAGES_REGISTRY is an enterprise feature).
 */
export function n8nInstallerEnv(registry: LocalRegistry, node24Bin: string, name: string, version: string): Record<string, string> {
	return {
		N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
		N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name, version }]),
		N8N_REINSTALL_MISSING_PACKAGES: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		PATH: `${registry.npmRedirect(npmOnPath())}:${node24Bin}:${process.env.PATH}`,
	};
}

/** The npm n8n would run: the first on PATH (the Node 24 package has none; npm runs on the node first on PATH). */
function npmOnPath(): string {
	for (const folder of (process.env.PATH ?? '').split(':')) {
		const candidate = path.join(folder, 'npm');
		if (folder !== '' && existsSync(candidate)) return candidate;
	}
	throw new Error('No npm on PATH');
}
