/**
 * The file server and the simulator of bench/profile/urlPath.ts, in a
 * process of their own (so that their work is not in the measured process):
 * serves one file, answers on IPC with the URLs, reports its CPU time.
 */
import path from 'path';

import { startFileServer } from '../../test/fileServer';
import { startSimulator } from '../../test/simulator';
import { createSegmentImport } from '../simulatorImports';

async function main(): Promise<void> {
	const [file, storeDir] = process.argv.slice(2);
	const sim = await startSimulator({ storeDir, checkLines: false, pendingMs: Infinity });
	const files = await startFileServer();
	files.serve('/export.ndjson', { body: path.resolve(file) });
	process.on('message', async (message: { type: string }) => {
		if (message.type === 'import') {
			sim.reset();
			const importId = await createSegmentImport(sim, 'url path');
			const usage = process.cpuUsage();
			process.send!({ type: 'import', importId, cpuMs: (usage.user + usage.system) / 1000 });
		} else if (message.type === 'stored') {
			const stored = sim.state.executions.reduce((sum, execution) => sum + sim.receivedFile(String(execution.id)).length, 0);
			const usage = process.cpuUsage();
			process.send!({ type: 'stored', stored, cpuMs: (usage.user + usage.system) / 1000 });
		} else if (message.type === 'stop') {
			await files.stop();
			await sim.stop();
			process.exit(0);
		}
	});
	process.send!({ type: 'ready', fileUrl: `${files.url}/export.ndjson`, simUrl: sim.url, token: sim.token });
}

void main();
