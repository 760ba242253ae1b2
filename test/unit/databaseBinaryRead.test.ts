/**
 * A large file in n8n's database binary mode with Postgres: n8n never hands
 * it over (bench/README.md, "Queue mode"). The node gives up with an error
 * that says why and what to do, instead of holding the worker for ever.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { openStored, POSTGRES_DATABASE_MODE_MAX_BYTES } from '../../nodes/Mediarithmics/actions/execution/upload/input/binaryFile';

const node = { id: '1', name: 'Upload file', type: 'n8n-nodes-mediarithmics.mediarithmics', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
const context = (getBinaryStream: () => Promise<unknown>) => ({ helpers: { getBinaryStream }, getNode: () => node }) as unknown as IExecuteFunctions;
const never = () => new Promise<unknown>(() => undefined);
const file = (id: string, bytes: number) => ({ id, bytes, fileName: 'segments.ndjson', itemIndex: 0 });

test('a database-mode file over 256 MiB that n8n never hands over: an error naming the limit and the filesystem mode', async () => {
	const opening = openStored.call(context(never), file('database:abc', POSTGRES_DATABASE_MODE_MAX_BYTES + 1), 50);
	await expect(opening).rejects.toThrow('n8n did not hand over the file "segments.ndjson" (268435444 bytes) from its database binary store within 0.05 s');
	await expect(opening).rejects.toMatchObject({ description: expect.stringContaining('N8N_DEFAULT_BINARY_DATA_MODE=filesystem') });
});

test('a database-mode file over the limit that n8n does hand over (SQLite) is read', async () => {
	const stream = { pipe: () => undefined };
	await expect(openStored.call(context(async () => stream), file('database:abc', POSTGRES_DATABASE_MODE_MAX_BYTES + 1), 50)).resolves.toBe(stream);
});

test('files in the filesystem mode, or under the limit, are waited for however long n8n takes', async () => {
	const stream = { pipe: () => undefined };
	const slow = () => new Promise<unknown>((resolve) => setTimeout(() => resolve(stream), 150));
	await expect(openStored.call(context(slow), file('filesystem-v2:abc', POSTGRES_DATABASE_MODE_MAX_BYTES * 4), 50)).resolves.toBe(stream);
	await expect(openStored.call(context(slow), file('database:abc', POSTGRES_DATABASE_MODE_MAX_BYTES), 50)).resolves.toBe(stream);
});
