/**
 * A real, pinned n8n for the e2e tests and `npm start`: provisioned once into a
 * cache folder (provision.sh), with this package installed the way a user
 * installs a community package (npm pack, then npm install in ~/.n8n/nodes).
 */
import { execFile, spawn, type ChildProcess, type StdioOptions } from 'child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readdirSync, readFileSync } from 'fs';
import { createServer, type AddressInfo } from 'net';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { retryOnPortInUse } from './n8nProcess';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');

export interface Provisioned {
	node24Bin: string;
	n8nBin: string;
	/** The provisioned n8n's version (N8N_VERSION, default the pinned one: see provision.sh). */
	version: string;
}

/** Installs (once) and locates the pinned n8n and its Node 24. */
export async function provisionN8n(): Promise<Provisioned> {
	const { stdout } = await run('bash', [path.join(__dirname, 'provision.sh')], {
		maxBuffer: 64 * 1024 * 1024,
		timeout: 30 * 60 * 1000,
	});
	const value = (name: string) => {
		const match = new RegExp(`^${name}=(.*)$`, 'm').exec(stdout);
		if (!match) throw new Error(`provision.sh did not print ${name}:\n${stdout}`);
		return match[1];
	};
	const n8nBin = value('N8N_BIN');
	const { version } = JSON.parse(readFileSync(path.join(path.dirname(n8nBin), '..', 'package.json'), 'utf8')) as { version: string };
	return { node24Bin: value('NODE24_BIN'), n8nBin, version };
}

/** Builds and packs this package; returns the tarball's path. */
export async function packPackage(destination: string): Promise<string> {
	await run('npm', ['run', 'build'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
	const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', destination], {
		cwd: REPO,
		maxBuffer: 64 * 1024 * 1024,
	});
	const name = stdout.trim().split('\n').pop()!;
	return path.join(destination, name);
}

export interface N8nOptions {
	/** Extra environment for every n8n command (e.g. binary data mode). */
	env?: Record<string, string>;
	/** Keep the user folder (npm start) instead of a throwaway one. */
	userFolder?: string;
	/** An already packed package (several instances from one build); default: build and pack now. */
	tarball?: string;
	/** false: leave the package out (n8n's own installer puts it in: test/e2e/queue/localRegistry.ts). Default true. */
	installPackage?: boolean;
}

export class N8n {
	readonly userFolder: string;
	private readonly env: NodeJS.ProcessEnv;

	private constructor(
		private readonly provisioned: Provisioned,
		userFolder: string,
		extraEnv: Record<string, string>,
	) {
		this.userFolder = userFolder;
		// Not jest's environment: n8n silences its logger (and so `execute`'s output) under NODE_ENV=test.
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('JEST')),
		);
		this.env = {
			...inherited,
			PATH: `${provisioned.node24Bin}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			// `n8n execute` prints the run through its logger, at level info.
			N8N_LOG_LEVEL: 'info',
			DB_SQLITE_POOL_SIZE: '1',
			...extraEnv,
		};
	}

	/** A fresh n8n user folder with the packed package installed as a community node. */
	static async create(options: N8nOptions = {}): Promise<N8n> {
		const provisioned = await provisionN8n();
		const userFolder = options.userFolder ?? mkdtempSync(path.join(tmpdir(), 'n8n-mediarithmics-'));
		if (options.installPackage === false) return new N8n(provisioned, userFolder, options.env ?? {});
		const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesFolder, { recursive: true });
		writeFileSync(path.join(nodesFolder, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		const packDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-pack-'));
		try {
			const tarball = options.tarball ?? (await packPackage(packDir));
			// --legacy-peer-deps: n8n provides n8n-workflow itself, as it does for any community package.
			await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts', tarball], {
				cwd: nodesFolder,
				env: { ...process.env, PATH: `${provisioned.node24Bin}:${process.env.PATH}` },
				maxBuffer: 64 * 1024 * 1024,
			});
		} finally {
			rmSync(packDir, { recursive: true, force: true });
		}
		return new N8n(provisioned, userFolder, options.env ?? {});
	}

	/**
	 * Ports for one n8n command, chosen now (see n8nProcess.ts): the task broker's (n8n 2 starts its
	 * task runners with every command that runs workflows), and those named, unless the environment sets them.
	 */
	private async choosePorts(extraEnv: Record<string, string>, names: string[] = [], chooser: PortChooser = freePorts): Promise<Record<string, number>> {
		const wanted = ['N8N_RUNNERS_BROKER_PORT', ...names].filter((name) => extraEnv[name] === undefined && this.env[name] === undefined);
		const ports = await chooser(wanted.length);
		return Object.fromEntries(wanted.map((name, index) => [name, ports[index]]));
	}

	private async commandEnv(extraEnv: Record<string, string>, portNames?: string[], chooser?: PortChooser): Promise<{ env: NodeJS.ProcessEnv; ports: Record<string, number> }> {
		const ports = await this.choosePorts(extraEnv, portNames, chooser);
		const portEnv = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)]));
		return { env: { ...this.env, ...portEnv, ...extraEnv }, ports };
	}

	/** Runs one n8n CLI command to completion (once more, on new ports, if it exits on a port in use). */
	async cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
		return await retryOnPortInUse(`n8n ${args[0]}`, async () =>
			await run(path.join(this.provisioned.node24Bin, 'node'), [this.provisioned.n8nBin, ...args], {
				env: (await this.commandEnv(extraEnv)).env,
				maxBuffer: 512 * 1024 * 1024,
				timeout: 20 * 60 * 1000,
			}),
		);
	}

	/**
	 * Starts a long-running n8n command on ports chosen now (the task broker's and those named in
	 * `options.ports`); the caller stops it. startN8nProcess (n8nProcess.ts) also waits until it is ready
	 * and starts it once more if it exits on a port in use.
	 */
	async spawn(
		args: string[],
		extraEnv: Record<string, string> = {},
		options: { stdio?: StdioOptions; ports?: string[]; choosePorts?: PortChooser } = {},
	): Promise<{ child: ChildProcess; ports: Record<string, number> }> {
		const { env, ports } = await this.commandEnv(extraEnv, options.ports, options.choosePorts);
		const child = spawn(path.join(this.provisioned.node24Bin, 'node'), [this.provisioned.n8nBin, ...args], {
			env,
			stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
		});
		return { child, ports };
	}

	async importCredentials(credentials: object[]): Promise<void> {
		const file = path.join(this.userFolder, 'credentials-to-import.json');
		writeFileSync(file, JSON.stringify(credentials));
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	async importWorkflow(file: string): Promise<void> {
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/** The folder of the Node 24 that runs n8n (its npm included). */
	get node24Bin(): string {
		return this.provisioned.node24Bin;
	}

	/** The n8n version these commands run. */
	get version(): string {
		return this.provisioned.version;
	}

	/** Activates an imported workflow for the next `n8n start`: n8n 2 publishes it, n8n 1 has no publishing. */
	async activateWorkflow(workflowId: string): Promise<void> {
		if (Number(this.version.split('.')[0]) >= 2) await this.cli(['publish:workflow', `--id=${workflowId}`]);
		else await this.cli(['update:workflow', `--id=${workflowId}`, '--active=true']);
	}

	/** `n8n execute --id ... --rawOutput`: the whole run as JSON. */
	async execute(workflowId: string): Promise<N8nRun> {
		return (await this.executeWithOutput(workflowId)).run;
	}

	/** The same, with everything n8n printed (its log lines included), e.g. to look for secrets in it. */
	async executeWithOutput(workflowId: string): Promise<{ run: N8nRun; stdout: string; stderr: string }> {
		let stdout: string;
		let stderr: string;
		try {
			({ stdout, stderr } = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']));
		} catch (error) {
			// n8n exits non-zero when the workflow fails; the run is still printed.
			stdout = String((error as { stdout?: string }).stdout ?? '');
			stderr = String((error as { stderr?: string }).stderr ?? '');
			if (!RUN_OPENING.test(stdout.replace(ANSI_COLOURS, ''))) throw error;
		}
		// n8n prints log lines, then the run as indented JSON from a line that is just "{" (at debug
		// level: coloured, and that line carries the log prefix "<time>   info    ").
		const clean = stdout.replace(ANSI_COLOURS, '');
		const opening = RUN_OPENING.exec(clean);
		const start = opening ? opening.index + opening[0].length - 1 : -1;
		const end = clean.lastIndexOf('\n}');
		if (start < 0 || end < start) throw new Error(`n8n execute printed no run:\n${clean.slice(0, 4000)}`);
		return { run: JSON.parse(clean.slice(start, end + 2)) as N8nRun, stdout, stderr };
	}

	remove(): void {
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

const ANSI_COLOURS = /\x1b\[[0-9;]*m/g;
const RUN_OPENING = /^(?:\S+\s+info\s+)?\{$/m;

/** A port free now on loopback (the kernel's choice); bind it soon, see n8nProcess.ts. */
export async function freePort(): Promise<number> {
	return (await freePorts(1))[0];
}

/** Gives `count` distinct ports to bind now (freePorts; a test of the restart on a port in use gives a taken one). */
export type PortChooser = (count: number) => Promise<number[]>;

/** `count` distinct ports free now: each is held until all are chosen. */
export async function freePorts(count: number): Promise<number[]> {
	const servers = Array.from({ length: count }, () => createServer());
	try {
		for (const server of servers) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return servers.map((server) => (server.address() as AddressInfo).port);
	} finally {
		await Promise.all(servers.map((server) => new Promise((resolve) => (server.listening ? server.close(resolve) : resolve(undefined)))));
	}
}

export interface N8nRun {
	data: {
		resultData: {
			error?: { message: string; description?: string };
			runData: Record<string, Array<{ startTime?: number; executionTime?: number; data?: { main: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message: string; description?: string } }>>;
		};
	};
}

/** The JSON of every item a node output in a run. */
export function nodeOutput(run: N8nRun, nodeName: string): Array<Record<string, unknown>> {
	const task = run.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`node "${nodeName}" did not run: ${JSON.stringify(run.data.resultData.error ?? {})}`);
	return (task.data?.main?.[0] ?? []).map((item) => item.json);
}

export const EXAMPLES = path.join(REPO, 'examples', 'workflows');
export const listExamples = () => readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'));

/** The credential every example workflow refers to, pointed at a simulator. */
export function simulatorCredential(url: string, token: string) {
	return {
		id: 'mediarithmicsSimulator',
		name: 'Mediarithmics (local simulator)',
		type: 'mediarithmicsApi',
		data: { apiToken: token, apiUrl: url },
	};
}
