// Proves a provisioned n8n really works before provision.sh marks its cache
// ready: in a throwaway user folder, import a credential and a one-node
// workflow (both need the database, so the SQLite driver), then `n8n execute`
// it and find the node's output in the run. Exits non-zero with what n8n said.
// Usage: node verifyN8n.mjs <path of the n8n command>   (run with Node 24)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const n8nBin = process.argv[2];
const folder = mkdtempSync(path.join(tmpdir(), 'n8n-verify-'));
const env = {
	...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV')),
	N8N_USER_FOLDER: folder,
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	N8N_LOG_LEVEL: 'info',
	// A port of its own so a check never clashes with a running n8n.
	N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
};
const n8n = (args) =>
	execFileSync(process.execPath, [n8nBin, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });

const marker = `provision-check-${Date.now()}`;
try {
	writeFileSync(
		path.join(folder, 'credential.json'),
		JSON.stringify([{ id: 'provisionCheck1', name: 'provision check', type: 'httpHeaderAuth', data: { name: 'X-Check', value: 'x' } }]),
	);
	writeFileSync(
		path.join(folder, 'workflow.json'),
		JSON.stringify([
			{
				id: 'provisionCheck1',
				name: 'provision check',
				active: false,
				// The marker comes from a Set node: `n8n execute` of n8n 1.x ignores pinned data.
				nodes: [
					{ id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: 'b',
						name: 'Mark',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [200, 0],
						parameters: { assignments: { assignments: [{ id: 'm', name: 'marker', value: marker, type: 'string' }] }, options: {} },
					},
				],
				connections: { Start: { main: [[{ node: 'Mark', type: 'main', index: 0 }]] } },
				settings: {},
			},
		]),
	);
	n8n(['import:credentials', `--input=${path.join(folder, 'credential.json')}`]);
	n8n(['import:workflow', `--input=${path.join(folder, 'workflow.json')}`]);
	const out = n8n(['execute', '--id=provisionCheck1', '--rawOutput']);
	let run;
	try {
		run = JSON.parse(out.slice(out.indexOf('{')));
	} catch {
		throw new Error(`n8n execute printed no run:\n${out.slice(-2000)}`);
	}
	// n8n 1.x prints a finished run with status "running" and finished: true; n8n 2 says "success".
	const succeeded = run.status === 'success' || (run.finished === true && !run.data?.resultData?.error);
	if (!succeeded || !run.data?.resultData?.runData?.Mark || !out.includes(marker)) {
		throw new Error(`n8n execute did not run the workflow (status ${run.status}):\n${out.slice(-2000)}`);
	}
	console.error('[provision] check passed: credential imported, workflow executed');
} catch (error) {
	const said = [error.stdout, error.stderr].filter(Boolean).join('\n').slice(-3000);
	console.error(`[provision] check failed: ${error.message.split('\n')[0]}\n${said}`);
	process.exitCode = 1;
} finally {
	rmSync(folder, { recursive: true, force: true });
}
