/**
 * A source that starts in the middle of the input (an HTTP Range read from a
 * part's start): both splits give the same parts as from a source read from
 * byte 0 with the bytes before the part skipped.
 */
import { planParts, readParts } from '../../../nodes/Mediarithmics/bulk';
import { OnePassProgress, streamParts } from '../../../nodes/Mediarithmics/bulk/split/onePass/onePassSplit';
import { chunked, collect, ndjsonOptions } from './helpers';

const input = Buffer.from(Array.from({ length: 60 }, (_value, index) => `{"user_account_id":"u-${index}","properties":{}}\n`).join(''));
const options = ndjsonOptions({ maxPartBytes: 300 });

test('two passes: reading from part 3 with a source starting at its first byte gives the parts from 3 on', async () => {
	const plan = await planParts(chunked(input, 7), options);
	const start = plan.parts[2].inputStart;
	const expected: Buffer[] = [];
	for await (const part of readParts(chunked(input, 7), plan, { fromPart: 3 })) expected.push(await collect(part.stream()));
	const ranged: Buffer[] = [];
	for await (const part of readParts(chunked(input.subarray(start), 7), plan, { fromPart: 3, sourceStart: start })) ranged.push(await collect(part.stream()));
	expect(ranged.length).toBe(plan.parts.length - 2);
	expect(ranged).toEqual(expected);
});

test('two passes: a source starting after the part asked for is refused', async () => {
	const plan = await planParts(chunked(input, 7), options);
	const after = plan.parts[2].inputStart + 1;
	await expect(readParts(chunked(input.subarray(after)), plan, { fromPart: 3, sourceStart: after }).next()).rejects.toThrow(RangeError);
});

test('one pass: reading again from part 3 with a source starting at its first byte gives the same parts', async () => {
	const progress = new OnePassProgress();
	const whole: Buffer[] = [];
	for await (const part of streamParts(chunked(input, 7), options, progress)) whole.push(await collect(part.stream()));
	const start = progress.starts.get(3)!.inputStart;
	const ranged: Buffer[] = [];
	for await (const part of streamParts(chunked(input.subarray(start), 7), options, progress, 3, start)) ranged.push(await collect(part.stream()));
	expect(ranged).toEqual(whole.slice(2));
});
