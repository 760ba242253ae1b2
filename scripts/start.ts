/**
 * `npm start`: starts the simulator, then a real n8n (provisioned once) with
 * this package installed, the credential pointing at the simulator, the example
 * workflows imported and an owner account ready. Ctrl-C, SIGTERM or SIGHUP
 * (or npm's death) stops everything, and the script exits once it has (shutdown.ts).
 * The same start logic (test/e2e/stack.ts) serves the browser test.
 */
import { copyFileSync, existsSync } from 'fs';
import { homedir } from 'os';
import path from 'path';

import { OWNER, startStack, type Stack } from '../test/e2e/stack';
import { startFileServer, type FileServer } from '../test/fileServer';
import { descendantsOf, onStopRequest, stopDescendants } from './shutdown';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 5680);
/** Where the File URL example downloads its export (examples/workflows/url-export-to-segment.json). */
const FILE_SERVER_PORT = Number(process.env.FILE_SERVER_PORT ?? 5681);
const CACHE = process.env.MEDIARITHMICS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-mediarithmics');

/** How long n8n (and anything else started) may take to stop before it is killed. */
const STOP_GRACE_MS = 30_000;

let stack: Stack | undefined = undefined;
let files: FileServer | undefined = undefined;
let stopping = false;

/**
 * Stops everything this run started, at any stage (the provisioning, the
 * start-up, the running n8n), waits until it has exited, then exits: npm
 * returns only then, so nothing is left running (shutdown.ts says why the
 * script cannot leave that to the signal).
 */
async function stopAll(reason: string, code: number): Promise<never> {
	stopping = true;
	console.log(`Stopping n8n and the simulator (${reason})...`);
	await stopDescendants(STOP_GRACE_MS);
	await stack?.stop().catch(() => undefined);
	await files?.stop().catch(() => undefined);
	// Checked and left in one step: no start-up step still under way can start another process in between.
	while (descendantsOf(process.pid).length > 0) await stopDescendants(STOP_GRACE_MS);
	process.exit(code);
}

async function main(): Promise<void> {
	onStopRequest((reason) => void stopAll(reason, 0));
	console.log('Starting the mediarithmics simulator, then n8n (the first run installs n8n into the cache: several minutes)...');
	// The examples that read a file from disk read it in /tmp: the CRM CSV export gets a sample there.
	const crmExport = '/tmp/mediarithmics-crm-export.csv';
	if (!existsSync(crmExport)) copyFileSync(path.join(__dirname, '..', 'examples', 'data', 'crm-export.csv'), crmExport);
	// The File URL example's export, served as a file server would (gzip on the fly, the header the example sends).
	files = await startFileServer({ port: FILE_SERVER_PORT });
	files.serve('/segment-export.ndjson', {
		body: path.join(__dirname, '..', 'examples', 'data', 'segment-export.ndjson'),
		gzip: true,
		requireHeader: { name: 'X-Export-Key', value: 'example-export-key' },
	});
	stack = await startStack({
		// n8n reads files only in ~/.n8n-files by default; the examples read theirs in /tmp.
		n8nEnv: { N8N_RESTRICT_FILE_ACCESS_TO: '~/.n8n-files;/tmp' },
		n8nPort: N8N_PORT,
		simulatorPort: SIMULATOR_PORT,
		userFolder: path.join(CACHE, 'npm-start-user-folder'),
		simulator: { pendingMs: 2000, runningMs: 3000 },
		n8nLog: process.stdout,
		onN8nExit: (code) => {
			// Stopped by stopAll, which exits once everything has.
			if (stopping) return;
			console.log(`n8n exited (${code}).`);
			// During start-up, startStack itself reports the exit and cleans up.
			if (stack) void stopAll('n8n exited', code ?? 1);
		},
	});
	const running = stack;
	console.log(`
  n8n editor:       ${running.editorUrl}
  log in with:      ${OWNER.email} / ${OWNER.password}
  simulator:        ${running.simulator.url} (API token: ${running.simulator.token})
  credential:       "Mediarithmics (local simulator)", already pointing at the simulator
  file server:      ${files.url} (the export the File URL example downloads)
  workflows:        the examples from examples/workflows/, already imported

  Press Ctrl-C to stop n8n and the simulator.
`);
}

main().catch((error) => {
	// A start-up cut short by a stop request fails on its way: stopAll reports and exits.
	if (stopping) return;
	console.error(error);
	void stopAll('the start failed', 1);
});
