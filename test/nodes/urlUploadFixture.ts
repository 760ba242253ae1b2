/**
 * What the Input File URL test files share: a simulator and a file server on loopback (test/fileServer)
 * per file, Upload with Input = File URL, and the NDJSON files they serve.
 */
import { createHash } from 'crypto';

import { useFileServer, useSimulator } from './simulatorFixture';

export const line = (index: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 });
/** Lines that do not compress much (each with its own hash), for gzip answers that must be cut mid-file. */
const noisyLine = (index: number) =>
	JSON.stringify({ operation: 'UPDATE', user_account_id: createHash('sha256').update(String(index)).digest('hex'), segment_id: '42', expiration_duration: 0 });
export const noisy = (count: number) => Array.from({ length: count }, (_value, index) => `${noisyLine(index)}\n`).join('');
export const ndjson = (count: number, from = 0) => Array.from({ length: count }, (_value, index) => `${line(from + index)}\n`).join('');
/** About 80 bytes a line: 0.0012 MB parts hold 14 lines, so 100 lines make 8 parts. */
export const SMALL_PARTS = { maxPartMegabytes: 0.0012 };

/** The simulator's fixture, the file server (`files()`), Upload from a link (`upload`) and the reads of a served path (`fileGets`). */
export function useUrlUpload() {
	const simulator = useSimulator();
	const files = useFileServer();
	const upload = (importId: string, extra: Record<string, unknown>, options: { items?: object[]; continueOnFail?: boolean } = {}) =>
		simulator.upload(importId, { inputMode: 'url', ...extra }, options.items, options.continueOnFail);
	// The reads of the file: a server without Content-Length is also asked its size (`Range: bytes=0-0`), left out here.
	const fileGets = (path: string) => files().requestsTo(path).filter((request) => request.method === 'GET' && request.range !== 'bytes=0-0');
	return { ...simulator, files, upload, fileGets };
}
