/**
 * Times the two passes of the file split (bulk/ directly, no n8n, no HTTP) on
 * a generated USER_SEGMENT file: where the node's own time goes. Run with
 * `node --cpu-prof` to see inside a pass:
 *   npx ts-node --transpile-only bench/profile/splitPasses.ts [sizeMB] [validate=on|off]
 */
import { createReadStream, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { planParts, readParts } from '../../nodes/Mediarithmics/bulk';
import { writeSegmentFile } from '../../test/e2e/segmentFile';

async function main(): Promise<void> {
	const sizeMb = Number(process.argv[2] ?? 256);
	const validate = (process.argv[3] ?? 'on') !== 'off';
	const dir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-profile-'));
	try {
		const file = path.join(dir, 'segments.ndjson');
		const { bytes } = await writeSegmentFile(file, sizeMb * 1024 * 1024);
		const open = () => createReadStream(file, { highWaterMark: 1024 * 1024 });
		const options = { maxPartBytes: 100_000_000, documentType: 'USER_SEGMENT', format: 'ndjson' as const, validate, invalidLines: 'stop' as const };
		let start = process.hrtime.bigint();
		const plan = await planParts(open(), options);
		const pass1 = Number(process.hrtime.bigint() - start) / 1e9;
		start = process.hrtime.bigint();
		let read = 0;
		for await (const part of readParts(open(), plan)) for await (const chunk of part.stream()) read += chunk.length;
		const pass2 = Number(process.hrtime.bigint() - start) / 1e9;
		const mb = bytes / 1e6;
		console.log(JSON.stringify({ bytes, validate, pass1Seconds: pass1, pass1MBps: mb / pass1, pass2Seconds: pass2, pass2MBps: mb / pass2, read }));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
