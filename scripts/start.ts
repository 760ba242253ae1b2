/**
 * `npm start`: starts the simulator, then a real n8n (provisioned once) with
 * this package installed, the credential pointing at the simulator, the example
 * workflows imported and an owner account ready. Ctrl-C stops everything.
 * The same start logic (test/e2e/stack.ts) serves the browser test.
 */
import { copyFileSync, existsSync } from 'fs';
import { homedir } from 'os';
import path from 'path';

import { OWNER, startStack, type Stack } from '../test/e2e/stack';
import { startFileServer } from '../test/fileServer';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 5680);
/** Where the File URL example downloads its export (examples/workflows/url-export-to-segment.json). */
const FILE_SERVER_PORT = Number(process.env.FILE_SERVER_PORT ?? 5681);
const CACHE = process.env.MEDIARITHMICS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-mediarithmics');

async function main(): Promise<void> {
	console.log('Starting the mediarithmics simulator, then n8n (the first run installs n8n into the cache: several minutes)...');
	// The examples that read a file from disk read it in /tmp: the CRM CSV export gets a sample there.
	const crmExport = '/tmp/mediarithmics-crm-export.csv';
	if (!existsSync(crmExport)) copyFileSync(path.join(__dirname, '..', 'examples', 'data', 'crm-export.csv'), crmExport);
	// The File URL example's export, served as a file server would (gzip on the fly, the header the example sends).
	const files = await startFileServer({ port: FILE_SERVER_PORT });
	files.serve('/segment-export.ndjson', {
		body: path.join(__dirname, '..', 'examples', 'data', 'segment-export.ndjson'),
		gzip: true,
		requireHeader: { name: 'X-Export-Key', value: 'example-export-key' },
	});
	let stack: Stack | undefined = undefined;
	stack = await startStack({
		// n8n reads files only in ~/.n8n-files by default; the examples read theirs in /tmp.
		n8nEnv: { N8N_RESTRICT_FILE_ACCESS_TO: '~/.n8n-files;/tmp' },
		n8nPort: N8N_PORT,
		simulatorPort: SIMULATOR_PORT,
		userFolder: path.join(CACHE, 'npm-start-user-folder'),
		simulator: { pendingMs: 2000, runningMs: 3000 },
		n8nLog: process.stdout,
		onN8nExit: async (code) => {
			console.log(`n8n exited (${code}).`);
			// During start-up, startStack itself reports the exit and cleans up.
			if (!stack) return;
			await stack.stop();
			await files.stop();
			process.exit(code ?? 1);
		},
	});
	const running = stack;
	const stop = async () => {
		await running.stop();
		await files.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
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
	console.error(error);
	process.exit(1);
});
