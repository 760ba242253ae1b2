/**
 * n8n in queue mode for the e2e tests: Postgres and Redis (services.ts), the
 * simulator, one main (`n8n start`: editor, triggers, production webhooks) and
 * workers (`n8n worker`: the executions), each process with its own user
 * folder and the packed package installed in it as a user installs it, as
 * separate hosts would have; one encryption key and one database for all.
 * Results are read through n8n's public API with a key created headlessly.
 */
import { randomBytes } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { N8n, packPackage, provisionN8n, simulatorCredential, type N8nOptions } from '../n8n';
import { startN8nProcess, stopN8nProcess, type N8nProcess } from '../n8nProcess';
import { OWNER } from '../stack';
import { n8nInstallerEnv, startLocalRegistry, type LocalRegistry } from './localRegistry';
import { sqlOnN8nDatabase, startPostgres, startRedis, type Service } from './services';

export type { N8nProcess } from '../n8nProcess';

export interface QueueStackOptions {
	workers?: number;
	/** Jobs one worker runs at a time (`n8n worker --concurrency`). */
	concurrency?: number;
	/** Extra environment for every process (e.g. binary data mode). */
	env?: Record<string, string>;
	simulator?: Omit<SimulatorOptions, 'port'>;
	/**
	 * 'n8n': every process installs the package itself, with n8n's installer, from a local registry
	 * (localRegistry.ts); default 'user folder': installed into each user folder before n8n starts.
	 */
	installer?: 'user folder' | 'n8n';
}

export interface PublicExecution {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
	startedAt?: string;
	stoppedAt?: string;
	data?: { resultData: { error?: { message: string; description?: string }; runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message: string; description?: string } }>> } };
}

const REPO = path.resolve(__dirname, '..', '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class QueueStack {
	readonly workers: N8nProcess[] = [];
	mainProcess!: N8nProcess;
	url = '';
	private apiKey = '';

	private constructor(
		readonly sim: Simulator,
		private readonly services: Service[],
		readonly main: N8n,
		private readonly spareFolders: N8n[],
		private readonly workDir: string,
		private readonly concurrency: number,
		/** How each process's user folder is made. */
		private readonly folderOptions: N8nOptions,
		/** The registry n8n's installer installs from (installer 'n8n'). */
		readonly registry?: LocalRegistry,
	) {}

	static async start(options: QueueStackOptions = {}): Promise<QueueStack> {
		const startedAt = Date.now();
		const workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-queue-'));
		const cleanup: Array<() => Promise<void> | void> = [() => rmSync(workDir, { recursive: true, force: true })];
		try {
			const [postgres, redis, sim] = await Promise.all([startPostgres(), startRedis(), startSimulator({ ...options.simulator, port: 0 })]);
			cleanup.push(() => postgres.stop(), () => redis.stop(), () => sim.stop());
			const env: Record<string, string> = {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'n8n',
				DB_POSTGRESDB_PASSWORD: '',
				N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
				N8N_SECURE_COOKIE: 'false',
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
				N8N_RESTRICT_FILE_ACCESS_TO: workDir,
				...options.env,
			};
			// One build, one tarball, installed into each process's own user folder, or published to the local registry.
			const lap = (what: string) => process.env.QUEUE_E2E_TIMINGS && console.log(`${what}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
			lap('services');
			const tarball = await packPackage(workDir);
			lap('pack');
			let registry: LocalRegistry | undefined;
			if (options.installer === 'n8n') {
				registry = await startLocalRegistry();
				cleanup.push(() => registry?.stop());
				await registry.publish(tarball);
				const { name, version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
				Object.assign(env, n8nInstallerEnv(registry, (await provisionN8n()).node24Bin, name, version), options.env);
				lap('local registry');
			}
			const folderOptions: N8nOptions = { env, tarball, installPackage: options.installer !== 'n8n' };
			const workers = options.workers ?? 2;
			const folders = await Promise.all(Array.from({ length: workers + 1 }, () => N8n.create(folderOptions)));
			cleanup.push(() => folders.forEach((folder) => folder.remove()));
			lap('user folders');
			const [main, ...workerFolders] = folders;
			// The first command on the empty database runs n8n's migrations.
			await main.importCredentials([simulatorCredential(sim.url, sim.token)]);
			lap('migrations and credential');
			const stack = new QueueStack(sim, [postgres, redis], main, workerFolders, workDir, options.concurrency ?? 4, folderOptions, registry);
			cleanup.push(() => stack.stopProcesses());
			await stack.startMain();
			lap('main');
			await stack.createApiKey();
			await Promise.all(Array.from({ length: workers }, () => stack.startWorker()));
			lap('workers');
			return stack;
		} catch (error) {
			for (const step of cleanup.reverse()) await step();
			throw error;
		}
	}

	/** A folder the workflows may read files from (N8N_RESTRICT_FILE_ACCESS_TO). */
	get filesFolder(): string {
		return this.workDir;
	}

	async startMain(): Promise<void> {
		const url = (process: N8nProcess) => `http://127.0.0.1:${process.ports.N8N_PORT}`;
		this.mainProcess = await startN8nProcess(this.main, ['start'], {
			name: 'main',
			env: { N8N_LOG_LEVEL: 'info', N8N_LISTEN_ADDRESS: '127.0.0.1' },
			ports: ['N8N_PORT'],
			ready: async (process) => (await fetch(`${url(process)}/healthz/readiness`)).ok,
		});
		this.url = url(this.mainProcess);
		// /healthz answers before the REST routes: set up the owner once they exist.
		for (let attempt = 0; attempt < 60; attempt++) {
			const response = await fetch(`${this.url}/rest/owner/setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(OWNER) });
			if (response.ok || response.status === 400) return;
			await sleep(1000);
		}
	}

	/** A worker in its own user folder; the first ones reuse the folders made at start. */
	async startWorker(env: Record<string, string> = {}): Promise<N8nProcess> {
		const n8n = this.spareFolders.shift() ?? (await N8n.create(this.folderOptions));
		const worker = await startN8nProcess(n8n, ['worker', `--concurrency=${this.concurrency}`], {
			name: `worker ${this.workers.length + 1}`,
			env: { N8N_LOG_LEVEL: 'info', ...env },
			ready: (process) => /n8n worker is now ready/.test(process.log()),
		});
		this.workers.push(worker);
		return worker;
	}

	async stopProcess(process: N8nProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		await stopN8nProcess(process, signal);
	}

	/** Stops a worker (SIGTERM: it finishes its jobs first; SIGKILL: a crash) and forgets it. */
	async stopWorker(worker: N8nProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		await this.stopProcess(worker, signal);
		this.workers.splice(this.workers.indexOf(worker), 1);
		worker.n8n.remove();
	}

	/** Imports workflows (objects, as in examples/workflows/) into the shared database in one n8n command, and publishes them. */
	async publishWorkflows(workflows: Array<{ id: string }>): Promise<void> {
		const folder = mkdtempSync(path.join(this.workDir, 'workflows-'));
		for (const workflow of workflows) writeFileSync(path.join(folder, `${workflow.id}.json`), JSON.stringify(workflow));
		await this.main.cli(['import:workflow', '--separate', `--input=${folder}`]);
		rmSync(folder, { recursive: true, force: true });
		for (const workflow of workflows) await this.activate(workflow.id);
	}

	/**
	 * Publishes an imported workflow. On the loaded 2-core CI machine n8n once answered 400 "Error
	 * validating node parameters" for the trigger (its validation threw), which the same call a moment
	 * later did not: such an answer is tried again, at most 3 times.
	 */
	private async activate(workflowId: string): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			try {
				await this.api('POST', `/workflows/${workflowId}/activate`);
				return;
			} catch (error) {
				if (attempt >= 3 || !/HTTP 400 .*Error validating node parameters/.test(String(error))) throw error;
				await sleep(2000);
			}
		}
	}

	/** n8n's public API, with the key made at start. */
	async api<T = Record<string, unknown>>(method: string, apiPath: string, body?: object): Promise<T> {
		const response = await fetch(`${this.url}/api/v1${apiPath}`, {
			method,
			headers: { 'X-N8N-API-KEY': this.apiKey, 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n API ${method} ${apiPath}: HTTP ${response.status} ${text}`);
		return JSON.parse(text) as T;
	}

	/** Every execution of a workflow, with its data, once `count` of them have finished (success or error). */
	async finishedExecutions(workflowId: string, count: number, timeoutMs = 240_000): Promise<PublicExecution[]> {
		const deadline = Date.now() + timeoutMs;
		let seen: PublicExecution[] = [];
		while (Date.now() < deadline) {
			const page = await this.api<{ data: PublicExecution[] }>('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=250`);
			seen = page.data;
			const done = seen.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			if (done.length >= count) return done;
			await sleep(1000);
		}
		throw new Error(`${workflowId}: ${count} finished executions expected within ${timeoutMs / 1000} s, saw ${JSON.stringify(seen.map(({ id, status }) => ({ id, status })))}`);
	}

	/** POSTs to a published workflow's production webhook (main queues the run for a worker). */
	async callWebhook(webhookPath: string, body: object = {}): Promise<void> {
		// A workflow activated a moment ago may not have its webhook registered yet (404): try again for a while.
		for (let attempt = 0; ; attempt++) {
			const response = await fetch(`${this.url}/webhook/${webhookPath}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
			if (response.ok) return;
			if (response.status !== 404 || attempt >= 20) throw new Error(`webhook ${webhookPath}: HTTP ${response.status} ${await response.text()}`);
			await sleep(500);
		}
	}

	/** One SQL statement on n8n's database (the first service is Postgres). */
	async sql(query: string): Promise<string> {
		return await sqlOnN8nDatabase(this.services[0].port, query);
	}

	/** Which worker's log says it ran the execution (-1: none). */
	workerThatRan(executionId: string): number {
		return this.workers.findIndex((worker) => new RegExp(`Worker started execution ${executionId} `).test(worker.log()));
	}

	async stop(): Promise<void> {
		await this.stopProcesses();
		for (const folder of [this.main, ...this.workers.map((worker) => worker.n8n), ...this.spareFolders]) folder.remove();
		await this.sim.stop();
		for (const service of this.services) await service.stop();
		await this.registry?.stop();
		rmSync(this.workDir, { recursive: true, force: true });
	}

	private async stopProcesses(): Promise<void> {
		await Promise.all([...this.workers, ...(this.mainProcess ? [this.mainProcess] : [])].map((process) => this.stopProcess(process)));
	}

	private async createApiKey(): Promise<void> {
		const login = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'browser-id': 'queue-e2e' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		if (!login.ok) throw new Error(`login: HTTP ${login.status} ${await login.text()}`);
		const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
		const rest = async (method: string, restPath: string, body?: object) => {
			const response = await fetch(`${this.url}/rest${restPath}`, {
				method,
				headers: { 'Content-Type': 'application/json', cookie, 'browser-id': 'queue-e2e' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			if (!response.ok) throw new Error(`${method} /rest${restPath}: HTTP ${response.status} ${await response.text()}`);
			return ((await response.json()) as { data: unknown }).data;
		};
		const scopes = (await rest('GET', '/api-keys/scopes')) as string[];
		const created = (await rest('POST', '/api-keys', { label: 'queue e2e', scopes, expiresAt: null })) as { rawApiKey: string };
		this.apiKey = created.rawApiKey;
	}
}
