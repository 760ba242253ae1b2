/** Shared helpers for the bulk tests: byte sources in chosen chunk sizes, and whole-split runs. */
import {
	encodeItemParts,
	invalidLinesError,
	planParts,
	readParts,
	ItemSplitOptions,
	ItemValues,
	PartPlan,
	SplitOptions,
	Part,
} from '../../../nodes/Mediarithmics/bulk';

/** An async source yielding `input` in chunks of `chunkSize` bytes (the last one shorter). */
export async function* chunked(input: Buffer, chunkSize = 64 * 1024): AsyncGenerator<Buffer> {
	for (let offset = 0; offset < input.length; offset += chunkSize) {
		// A copy, as a file stream would give: no chunk shares memory with the next.
		yield Buffer.from(input.subarray(offset, offset + chunkSize));
	}
}

export async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
	const pieces: Buffer[] = [];
	for await (const piece of stream) pieces.push(piece);
	return Buffer.concat(pieces);
}

export interface SplitResult {
	plan: PartPlan;
	parts: Array<{ part: Part; content: Buffer }>;
}

/** Pass 1 and pass 2 over the same bytes, reading each part fully like an upload would. */
export async function split(input: Buffer | string, options: SplitOptions, chunkSize = 64 * 1024): Promise<SplitResult> {
	const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
	const plan = await planParts(chunked(bytes, chunkSize), options);
	const parts: SplitResult['parts'] = [];
	for await (const part of readParts(chunked(bytes, chunkSize), plan)) {
		parts.push({ part, content: await collect(part.stream()) });
	}
	return { plan, parts };
}

export const ndjsonOptions = (overrides: Partial<SplitOptions> = {}): SplitOptions => ({
	maxPartBytes: 1000,
	documentType: 'USER_PROFILE',
	format: 'ndjson',
	validate: false,
	invalidLines: 'stop',
	...overrides,
});

export const csvOptions = (overrides: Partial<SplitOptions> = {}): SplitOptions => ({
	maxPartBytes: 1000,
	documentType: 'USER_SEGMENT',
	format: 'csv',
	validate: true,
	invalidLines: 'stop',
	...overrides,
});

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the promise to reject');
}

/** A valid USER_PROFILE line of exactly `length` bytes (without LF), padded in a string field. */
export function profileLineOfLength(length: number, id = 'u'): string {
	const base = `{"operation":"UPSERT","user_account_id":"${id}","user_profile":{"pad":""}}`;
	if (length < base.length) throw new Error(`a profile line is at least ${base.length} bytes`);
	return base.replace('"pad":""', `"pad":"${'x'.repeat(length - base.length)}"`);
}

/** The plan of encodeItemParts alone (what the parts would be). */
export async function planItemParts(values: ItemValues, options: ItemSplitOptions): Promise<PartPlan> {
	return (await encodeItemParts(values, options)).plan;
}

/**
 * encodeItemParts as a generator of parts, as the node uses it: throws
 * BulkInputError before yielding anything when the policy is 'stop' and a
 * value is invalid, or when there is nothing to upload; `onPlan` is told the
 * plan before the first part.
 */
export async function* encodeItemsToParts(
	values: ItemValues,
	options: ItemSplitOptions & { onPlan?: (plan: PartPlan) => void },
): AsyncGenerator<Part, PartPlan> {
	const { plan, parts } = await encodeItemParts(values, options);
	const refused = invalidLinesError(plan);
	if (refused !== undefined) throw refused;
	options.onPlan?.(plan);
	yield* parts;
	return plan;
}
