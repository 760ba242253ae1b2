/**
 * `npm start`: starts the simulator, then a real n8n (provisioned once) with
 * this package installed, the credential pointing at the simulator, the example
 * workflows imported and an owner account ready. Ctrl-C stops everything.
 */
import { readdirSync } from 'fs';
import { homedir } from 'os';
import path from 'path';

import { startSimulator } from '../test/simulator';
import { EXAMPLES, N8n, simulatorCredential } from '../test/e2e/n8n';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 5680);
const OWNER = { email: 'owner@example.com', password: 'Mediarithmics1', firstName: 'Local', lastName: 'Owner' };
const CACHE = process.env.MEDIARITHMICS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-mediarithmics');

async function waitForN8n(url: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			if ((await fetch(`${url}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** Creates the owner account on a new instance, so the editor opens on a login page. */
async function ensureOwner(url: string): Promise<void> {
	let status = 0;
	// /healthz answers before the REST routes exist: 404 means "not yet", so try again for a while.
	for (let attempt = 0; attempt < 60; attempt++) {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		status = response.status;
		// 400: the owner exists already (a previous `npm start`).
		if (response.ok || status === 400) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	console.warn(`Could not create the owner account (HTTP ${status}); set it up in the editor.`);
}

async function main(): Promise<void> {
	console.log('Starting the mediarithmics simulator...');
	const simulator = await startSimulator({ port: SIMULATOR_PORT, pendingMs: 2000, runningMs: 3000 });
	console.log('Preparing n8n (the first run installs n8n into the cache: several minutes)...');
	const n8n = await N8n.create({ userFolder: path.join(CACHE, 'npm-start-user-folder') });
	await n8n.importCredentials([simulatorCredential(simulator.url, simulator.token)]);
	for (const file of readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'))) {
		await n8n.importWorkflow(path.join(EXAMPLES, file));
	}
	const editorUrl = `http://localhost:${N8N_PORT}`;
	const child = n8n.spawn(['start'], { N8N_PORT: String(N8N_PORT), N8N_LOG_LEVEL: 'info', N8N_SECURE_COOKIE: 'false' });
	child.stdout?.pipe(process.stdout);
	child.stderr?.pipe(process.stderr);

	const stop = async () => {
		child.kill('SIGTERM');
		await simulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	child.on('exit', async (code) => {
		console.log(`n8n exited (${code}).`);
		await simulator.stop();
		process.exit(code ?? 1);
	});

	await waitForN8n(editorUrl, 180_000);
	await ensureOwner(editorUrl);
	console.log(`
  n8n editor:       ${editorUrl}
  log in with:      ${OWNER.email} / ${OWNER.password}
  simulator:        ${simulator.url} (API token: ${simulator.token})
  credential:       "Mediarithmics (local simulator)", already pointing at the simulator
  workflows:        the examples from examples/workflows/, already imported

  Press Ctrl-C to stop n8n and the simulator.
`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
