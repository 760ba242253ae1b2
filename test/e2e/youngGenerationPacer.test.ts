/**
 * The chunks an input is read in are freed by minor collections, not by marks
 * of n8n's whole heap (nodes/Mediarithmics/bulk/split/youngGenerationPacer.ts).
 * Run in the provisioned n8n's Node 24: its collector, unlike Node 20's, runs no
 * minor collection for memory outside the heap, so without the pacer the dead
 * chunks reach ~100 MB and every ~64 MB of them costs a full mark.
 */
import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';

import { provisionN8n } from './n8n';

jest.setTimeout(10 * 60 * 1000);

const MiB = 1024 * 1024;

test('512 MiB of fresh chunks read through the node keep memory outside the heap under 48 MB, freed by minor collections only', async () => {
	const { node24Bin } = await provisionN8n();
	const { stdout } = await promisify(execFile)(path.join(node24Bin, 'node'), ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'freshChunks.ts'), '512'], {
		cwd: path.join(__dirname, '..', '..'),
	});
	const seen = JSON.parse(stdout.trim()) as { node: string; mostOutsideHeap: number; minor: number; major: number };
	expect(seen.node).toMatch(/^v24\./);
	expect(seen.mostOutsideHeap).toBeLessThan(48 * MiB);
	expect(seen.minor).toBeGreaterThanOrEqual(10);
	expect(seen.major).toBe(0);
});
