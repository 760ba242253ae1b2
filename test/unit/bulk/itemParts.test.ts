import fc from 'fast-check';
import { BulkInputError, encodeItemParts, ItemSplitOptions, Part, PartPlan } from '../../../nodes/Mediarithmics/bulk';
import { collect, encodeItemsToParts, planItemParts, rejectionOf } from './helpers';

const profile = (id: number) => ({ operation: 'UPSERT', user_account_id: `u${id}`, user_profile: { n: id } });
const lineOf = (value: unknown) => `${JSON.stringify(value)}\n`;

const ndjson = (overrides: Partial<ItemSplitOptions> = {}): ItemSplitOptions => ({
	maxPartBytes: 1000,
	documentType: 'USER_PROFILE',
	format: 'ndjson',
	validate: true,
	invalidLines: 'stop',
	...overrides,
});

async function contents(parts: AsyncIterable<Part>): Promise<Array<{ part: Part; text: string }>> {
	const out: Array<{ part: Part; text: string }> = [];
	for await (const part of parts) out.push({ part, text: (await collect(part.stream())).toString('utf8') });
	return out;
}

describe('encodeItemsToParts: NDJSON', () => {
	it('writes each value as one line and packs parts up to the limit', async () => {
		const values = Array.from({ length: 5 }, (_, i) => profile(i + 1));
		const lineBytes = Buffer.byteLength(lineOf(values[0]));
		const parts = await contents(encodeItemsToParts(values, ndjson({ maxPartBytes: lineBytes * 2 })));
		expect(parts.map(({ text }) => text)).toEqual([
			lineOf(values[0]) + lineOf(values[1]),
			lineOf(values[2]) + lineOf(values[3]),
			lineOf(values[4]),
		]);
		expect(parts.map(({ part }) => [part.index, part.lines, part.firstLine, part.lastLine])).toEqual([
			[1, 2, 1, 2],
			[2, 2, 3, 4],
			[3, 1, 5, 5],
		]);
		expect(parts[0].part.bytes).toBe(lineBytes * 2);
		expect(parts[0].part).toMatchObject({ contentType: 'application/x-ndjson', replayable: true });
	});

	it('lets an in-memory part be streamed again (for a retried upload)', async () => {
		const [only] = await contents(encodeItemsToParts([profile(1)], ndjson()));
		expect((await collect(only.part.stream())).toString()).toBe(only.text);
	});

	it('with Stop, refuses every value before yielding a part, naming items by position', async () => {
		const values = [profile(1), { operation: 'UPSERT', user_account_id: 'x' }, profile(3), { n: NaN }];
		const error = await rejectionOf(contents(encodeItemsToParts(values, ndjson())));
		expect(error).toBeInstanceOf(BulkInputError);
		expect(error.message).toBe(
			'2 invalid items, nothing was uploaded: item 2: user_profile is required (the profile, required for UPSERT); ' +
				'item 4: $.n is NaN, which JSON cannot represent. Fix them or set Invalid Lines to Skip',
		);
		expect((error as BulkInputError).lines?.map((entry) => entry.line)).toEqual([2, 4]);
	});

	it('with Skip, leaves invalid values out and reports them through onPlan', async () => {
		const values = [profile(1), 'not an object', profile(3), { n: BigInt(2) }];
		let plan: PartPlan | undefined;
		const parts = await contents(
			encodeItemsToParts(values, { ...ndjson({ invalidLines: 'skip' }), onPlan: (p) => (plan = p) }),
		);
		expect(parts.map(({ text }) => text)).toEqual([lineOf(values[0]) + lineOf(values[2])]);
		expect(plan?.invalidLines).toEqual([
			{ line: 2, reason: 'a line must be a JSON object, got "not an object"' },
			{ line: 4, reason: '$.n is a BigInt, which JSON cannot represent: convert it to a string or a number' },
		]);
	});

	it('refuses a value larger than a part, and no values at all', async () => {
		const big = { operation: 'UPSERT', user_account_id: 'u', user_profile: { pad: 'x'.repeat(2000) } };
		await expect(contents(encodeItemsToParts([profile(1), big], ndjson()))).rejects.toThrow(
			/^Item 2 is 2\.1 KB, larger than the Max Part Size of 1 KB: split that record or raise Max Part Size$/,
		);
		await expect(contents(encodeItemsToParts([], ndjson()))).rejects.toThrow('There are no items to upload');
	});

	it('reads the values once: a single-use iterator is fine', async () => {
		let reads = 0;
		function* once() {
			reads++;
			yield profile(1);
			yield profile(2);
		}
		const parts = await contents(encodeItemsToParts(once(), ndjson()));
		expect(parts[0].text).toBe(lineOf(profile(1)) + lineOf(profile(2)));
		expect(reads).toBe(1);
	});

	it('uploads the lines as they were checked, even when the values change afterwards', async () => {
		const values = [profile(1), profile(2)];
		const { parts } = await encodeItemParts(values, ndjson());
		values[1] = profile(22_222);
		(values[0] as { user_account_id?: string }).user_account_id = 'changed';
		expect(await collect(parts[0].stream())).toEqual(Buffer.from(lineOf(profile(1)) + lineOf(profile(2))));
	});

	it('accepts async iterables that start over', async () => {
		const source = {
			async *[Symbol.asyncIterator]() {
				yield profile(1);
				yield profile(2);
			},
		};
		const parts = await contents(encodeItemsToParts(source, ndjson()));
		expect(parts[0].text).toBe(lineOf(profile(1)) + lineOf(profile(2)));
	});
});

describe('encodeItemsToParts: CSV (USER_SEGMENT)', () => {
	const columns = ['operation', 'email_hash', 'segment_ids', 'expiration_duration'];
	const csv = (overrides: Partial<ItemSplitOptions> = {}): ItemSplitOptions =>
		ndjson({ documentType: 'USER_SEGMENT', format: 'csv', csvColumns: columns, ...overrides });
	const command = (id: number) => ({ operation: 'UPDATE', email_hash: `h${id}`, segment_ids: ['1'], expiration_duration: 0 });

	it('writes the header at the start of every part, inside the limit', async () => {
		const header = 'operation,email_hash,segment_ids,expiration_duration\n';
		const row = (id: number) => `UPDATE,h${id},"[""1""]",0\n`;
		const parts = await contents(
			encodeItemsToParts([command(1), command(2), command(3)], csv({ maxPartBytes: header.length + 2 * row(1).length })),
		);
		expect(parts.map(({ text }) => text)).toEqual([header + row(1) + row(2), header + row(3)]);
		expect(parts[0].part).toMatchObject({ contentType: 'text/csv', bytes: header.length + 2 * row(1).length });
	});

	it('checks the row as the platform will read it', async () => {
		const error = await rejectionOf(
			contents(encodeItemsToParts([command(1), { ...command(2), expiration_duration: undefined }], csv())),
		);
		expect(error.message).toBe(
			'1 invalid item, nothing was uploaded: item 2: expiration_duration is required (minutes, 0 = never). Fix them or set Invalid Lines to Skip',
		);
	});

	it('refuses fields that have no column', async () => {
		const error = await rejectionOf(contents(encodeItemsToParts([{ ...command(1), user_agent_id: 'v' }], csv())));
		expect(error.message).toMatch(/item 1: user_agent_id has no column in the CSV/);
	});

	it('refuses columns that cannot describe segment commands', async () => {
		await expect(planItemParts([command(1)], csv({ csvColumns: ['email_hash'] }))).rejects.toThrow(
			/^CSV columns: the CSV header lacks required columns: operation; expiration_duration/,
		);
		// Without validation too: a column the platform does not know is refused, not uploaded.
		await expect(planItemParts([command(1)], csv({ csvColumns: [...columns, 'nope'], validate: false }))).rejects.toThrow(
			'CSV columns: "nope" is not a segment CSV column',
		);
	});

	it('uses every segment column by default', async () => {
		const parts = await contents(encodeItemsToParts([command(1)], csv({ csvColumns: undefined })));
		expect(parts[0].text.split('\n')[0]).toBe(
			'operation,user_account_id,compartment_id,email_hash,user_agent_id,segment_id,segment_ids,segment_technical_name,segment_technical_names,expiration_duration,expiration_ts,data_bag',
		);
	});
});

describe('encodeItemsToParts properties', () => {
	it('parts hold every value once, in order, and none is over the limit', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), {
					minLength: 1,
					maxLength: 30,
				}),
				fc.integer({ min: 0, max: 200 }),
				async (values, slack) => {
					const lines = values.map(lineOf);
					const maxPartBytes = Math.max(...lines.map((line) => Buffer.byteLength(line))) + slack;
					const parts = await contents(
						encodeItemsToParts(values, ndjson({ documentType: 'USER_POINTS_DELETION', maxPartBytes })),
					);
					expect(parts.map(({ text }) => text).join('')).toBe(lines.join(''));
					for (const { part, text } of parts) {
						expect(Buffer.byteLength(text)).toBe(part.bytes);
						expect(part.bytes).toBeLessThanOrEqual(maxPartBytes);
					}
				},
			),
			{ numRuns: 150 },
		);
	});
});
