import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError, sleep } from 'n8n-workflow';

import { checkInputStart, OnePassProgress, planParts, readParts, streamParts } from '../../../../bulk';
import { splitOptionsForItem } from '../options';
import { partsCutWhileSent, plannedParts, refuseInvalidLines, streamClassOf, type UploadJob, type UploadSource } from './source';

/** Chunks read from n8n's binary store for pass 1 and pass 2 of the split (see bulk/split/twoPass/splitter.ts). */
const CHUNK_SIZE = 1024 * 1024;

export interface BinarySource {
	fileName: string;
	/** Opens the file again from its start: the split reads it twice. */
	open(): Promise<AsyncIterable<Uint8Array>>;
}

/**
 * The binary file of an input item. A file in n8n's filesystem or database
 * binary store is streamed (never loaded whole); a file held in memory (the
 * default binary mode) is already a buffer.
 */
export async function binarySource(this: IExecuteFunctions, item: INodeExecutionData, itemIndex: number, property: string): Promise<BinarySource> {
	if (!item.binary?.[property]) {
		const available = Object.keys(item.binary ?? {});
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1} has no binary field "${property}"`, {
			itemIndex,
			description: available.length
				? `Its binary fields are: ${available.join(', ')}. Set Input Binary Field to one of them.`
				: 'It has no binary data at all. Read the file first (e.g. Read/Write Files from Disk), or choose another input mode.',
		});
	}
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	const fileName = binary.fileName ?? property;
	if (binary.id) {
		const id = binary.id;
		const bytes = typeof binary.bytes === 'number' ? binary.bytes : undefined;
		return {
			fileName,
			open: async () => (await openStored.call(this, { id, bytes, fileName, itemIndex })) as unknown as AsyncIterable<Uint8Array>,
		};
	}
	const buffer = Buffer.from(binary.data, BINARY_ENCODING);
	return {
		fileName,
		open: async () =>
			(async function* () {
				for (let offset = 0; offset < buffer.length; offset += CHUNK_SIZE) yield buffer.subarray(offset, offset + CHUNK_SIZE);
			})(),
	};
}

/**
 * n8n's database binary mode reads a file back whole through its Postgres
 * driver, which gets it as one hex string: Node cannot build a string for a
 * file over this many bytes (256 MiB less 13), the driver's error escapes the
 * read, and n8n never answers: the execution stays "running" and holds its
 * worker slot (docs/queue-mode.md). SQLite reads it as bytes and has no such
 * limit.
 */
export const POSTGRES_DATABASE_MODE_MAX_BYTES = 268_435_443;
/** How long a read of such a file may take before the node says why it is stuck: far longer than a read that works takes. */
export const STUCK_DATABASE_READ_MS = 60_000;

interface StoredFile {
	id: string;
	bytes: number | undefined;
	fileName: string;
	itemIndex: number;
}

export async function openStored(this: IExecuteFunctions, file: StoredFile, waitMs = STUCK_DATABASE_READ_MS): Promise<unknown> {
	const opening = this.helpers.getBinaryStream(file.id, CHUNK_SIZE);
	const atRisk = file.id.startsWith('database:') && file.bytes !== undefined && file.bytes > POSTGRES_DATABASE_MODE_MAX_BYTES;
	if (!atRisk) return await opening;
	const stuck = Symbol('stuck');
	const first = await Promise.race([opening, sleep(waitMs).then(() => stuck)]);
	if (first !== stuck) return first;
	throw new NodeOperationError(this.getNode(), `n8n did not hand over the file "${file.fileName}" (${file.bytes} bytes) from its database binary store within ${waitMs / 1000} s`, {
		itemIndex: file.itemIndex,
		description:
			`With Postgres (as in queue mode), n8n's database binary data mode cannot read back a file over 256 MiB (${POSTGRES_DATABASE_MODE_MAX_BYTES} bytes): ` +
			'the read never ends. Use the filesystem binary data mode for large files (N8N_DEFAULT_BINARY_DATA_MODE=filesystem on the worker; the node that reads the file and this Upload must then run in the same execution, as in one workflow), ' +
			"give Upload the file's link instead (Input: File URL, which downloads it past n8n's binary store), or split the file into files under 256 MiB before reading it into n8n.",
	});
}

/**
 * Input Binary File: the file of each input item, one job each. With
 * validation, pass 1 plans the parts (bulk/split/twoPass/filePlanner.ts) and pass 2
 * reads them again; without it, each part is cut while it is sent.
 */
export const binaryFileSource: UploadSource = {
	async plan(items, options, _target, how) {
		const jobs: UploadJob[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const splitOptions = splitOptionsForItem.call(this, options, itemIndex);
			const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
			const source = await binarySource.call(this, items[itemIndex], itemIndex, property);
			const label = `file "${source.fileName}" of item ${itemIndex + 1}`;
			if (!splitOptions.validate && !how.dryRun) {
				// Nothing to check: one pass, each part cut while it is sent (bulk/split/onePass/onePassSplit.ts).
				// Only the start is read now, so that an empty file creates nothing.
				const start = await source.open();
				await checkInputStart(start, splitOptions);
				const progress = new OnePassProgress();
				const parts = partsCutWhileSent(
					progress,
					async function* (fromPart) {
						yield* streamParts(await source.open(), splitOptions, progress, fromPart);
					},
					streamClassOf(start),
				);
				jobs.push({ label, pairedItem: itemIndex, parts });
				continue;
			}
			const input = await source.open();
			const plan = refuseInvalidLines(await planParts(input, splitOptions), how);
			const parts = plannedParts(
				plan,
				async function* (fromPart) {
					yield* readParts(await source.open(), plan, { fromPart });
				},
				streamClassOf(input),
			);
			jobs.push({ label, plan, pairedItem: itemIndex, parts });
		}
		return jobs;
	},
};
