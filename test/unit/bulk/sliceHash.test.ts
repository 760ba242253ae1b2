/**
 * Pass 2 compares each part's slice of the input with the SHA-256 pass 1
 * recorded, and holds the part's last bytes until it does: a second read with
 * a same-length change (same line and byte counts) never yields a whole part
 * holding unchecked lines.
 */
import { InputChangedError, planParts, readParts } from '../../../nodes/Mediarithmics/bulk';
import { chunked, ndjsonOptions } from './helpers';

const line = (n: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `u${String(n).padStart(4, '0')}`, segment_id: '42', expiration_duration: 0 });
const lines = (count: number) => Array.from({ length: count }, (_v, i) => line(i + 1));

/** Reads every part as an upload would, noting how many bytes each part yielded before it ended or failed. */
async function readAll(input: Buffer, changed: Buffer, chunkSize: number) {
	const options = ndjsonOptions({ documentType: 'USER_SEGMENT', maxPartBytes: 300, validate: true });
	const plan = await planParts(chunked(input, chunkSize), options);
	const yielded: number[] = [];
	let error: unknown;
	try {
		for await (const part of readParts(chunked(changed, chunkSize), plan)) {
			yielded.push(0);
			for await (const bytes of part.stream()) yielded[yielded.length - 1] += bytes.length;
		}
	} catch (caught) {
		error = caught;
	}
	return { plan, yielded, error };
}

describe.each([
	['LF (parts sent as slices)', '\n'],
	['CRLF (parts rebuilt record by record)', '\r\n'],
])('a same-length change at the second read, %s', (_name, eol) => {
	const input = Buffer.from(lines(20).join(eol) + eol);
	const changedLine = (n: number) => Buffer.from(input.toString().replace(line(n), line(n).replace('UPDATE', 'UPDATX')));

	it.each([1, 7, 64, 100_000])('is refused in the part that holds it, before that part is whole (chunks of %i bytes)', async (chunkSize) => {
		for (const n of [2, 20]) {
			const { plan, yielded, error } = await readAll(input, changedLine(n), chunkSize);
			const failing = plan.parts.find((part) => part.firstLine <= n && n <= part.lastLine)!;
			expect(error).toBeInstanceOf(InputChangedError);
			expect((error as Error).message).toContain(`(part ${failing.index})`);
			expect(yielded).toHaveLength(failing.index);
			expect(yielded[failing.index - 1]).toBeLessThan(failing.bytes);
			for (const part of plan.parts.slice(0, failing.index - 1)) expect(yielded[part.index - 1]).toBe(part.bytes);
		}
	});

	it('the same bytes pass, whatever the chunk size', async () => {
		for (const chunkSize of [1, 5, 64, 100_000]) {
			const { plan, yielded, error } = await readAll(input, input, chunkSize);
			expect(error).toBeUndefined();
			expect(yielded).toEqual(plan.parts.map((part) => part.bytes));
			expect(plan.parts.length).toBeGreaterThan(2);
		}
	});
});
