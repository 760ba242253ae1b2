/**
 * Valid USER_SEGMENT NDJSON files of a chosen size, written in streaming
 * fashion: the large-file e2e test and the benchmarks (bench/) share it.
 */
import { createWriteStream } from 'fs';

/** One valid USER_SEGMENT command per index, about 110 bytes as JSON. */
export function segmentCommand(index: number): Record<string, unknown> {
	return {
		operation: 'UPDATE',
		user_account_id: `crm-${index}`,
		compartment_id: '12',
		segment_id: String(1000 + (index % 50)),
		expiration_duration: 43200,
	};
}

/** Valid USER_SEGMENT lines up to about `size` bytes (whole lines); returns the exact size and line count written. */
export async function writeSegmentFile(file: string, size: number): Promise<{ bytes: number; lines: number }> {
	const out = createWriteStream(file);
	let written = 0;
	let index = 0;
	while (written < size) {
		const lines: string[] = [];
		for (let k = 0; k < 10_000; k++, index++) lines.push(JSON.stringify(segmentCommand(index)));
		const chunk = `${lines.join('\n')}\n`;
		written += Buffer.byteLength(chunk);
		if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
	}
	await new Promise((resolve, reject) => out.end((error?: Error) => (error ? reject(error) : resolve(undefined))));
	return { bytes: written, lines: index };
}
