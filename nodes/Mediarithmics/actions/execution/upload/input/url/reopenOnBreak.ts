import { sleep } from 'n8n-workflow';

import type { UploadPart } from '../source';

/** Reads of the file in a row that may break off before a part is reached, before the upload is given up. */
const READ_TRIES = 3;
const WAIT_MS = 500;

/** Set on the error of a download that broke off (url/remoteFile.ts). */
export const BROKE_OFF = Symbol('download broke off');

/** A download that broke off: where, and the network's reason, keeping its code (ECONNRESET...) for the retry rules. */
export function brokeOff(error: unknown, shown: string, what: string, position: number): Error {
	if (isBrokenDownload(error)) return error as Error;
	const cause = error as { message?: string; code?: unknown };
	const broken = new Error(`the download of ${shown} (${what}) broke off after byte ${position}: ${cause?.message ?? String(error)}`);
	Object.assign(broken, { code: typeof cause?.code === 'string' ? cause.code : 'ECONNRESET', cause: error, [BROKE_OFF]: true });
	return broken;
}

export function isBrokenDownload(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as { [BROKE_OFF]?: boolean })[BROKE_OFF] === true;
}

/**
 * The parts from `fromPart` on, the file opened again at the next part when
 * its download breaks off between two parts (while the split looks for the
 * next part, before any of its bytes is sent). A break inside a part is the
 * upload's to retry (send/uploadJob.ts): the part's request fails, and it reads the
 * part again.
 */
export async function* reopenOnBreak(open: (fromPart: number) => AsyncGenerator<UploadPart>, fromPart: number): AsyncGenerator<UploadPart> {
	let next = fromPart;
	let breaks = 0;
	for (;;) {
		const parts = open(next);
		try {
			for (;;) {
				const result = await parts.next().then(
					(value) => ({ value }),
					(error: unknown) => ({ error }),
				);
				if ('error' in result) {
					if (!isBrokenDownload(result.error) || ++breaks >= READ_TRIES) throw result.error;
					break;
				}
				if (result.value.done === true) return;
				breaks = 0;
				yield result.value.value;
				next = result.value.value.index + 1;
			}
		} finally {
			await parts.return(undefined);
		}
		await sleep(WAIT_MS * breaks);
	}
}
