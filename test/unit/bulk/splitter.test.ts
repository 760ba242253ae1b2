import {
	BulkInputError,
	InputChangedError,
	invalidLinesError,
	planParts,
	readParts,
} from '../../../nodes/Mediarithmics/bulk';
import { chunked, collect, csvOptions, ndjsonOptions, profileLineOfLength, rejectionOf, split } from './helpers';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Lines "{"n":1}"… padded to `width` bytes each (without LF), valid for an undocumented type. */
function fixedLines(count: number, width: number): string[] {
	return Array.from({ length: count }, (_, i) => {
		const base = `{"n":${i + 1},"p":""}`;
		return base.replace('"p":""', `"p":"${'x'.repeat(width - base.length)}"`);
	});
}

describe('planParts + readParts: NDJSON', () => {
	it('fills parts up to exactly maxPartBytes and never beyond', async () => {
		const lines = fixedLines(7, 19); // 20 bytes each with LF
		const { plan, parts } = await split(`${lines.join('\n')}\n`, ndjsonOptions({ maxPartBytes: 60 }));
		expect(parts.map(({ part }) => [part.index, part.lines, part.bytes, part.firstLine, part.lastLine])).toEqual([
			[1, 3, 60, 1, 3],
			[2, 3, 60, 4, 6],
			[3, 1, 20, 7, 7],
		]);
		for (const { part, content } of parts) expect(content.length).toBe(part.bytes);
		expect(plan).toMatchObject({ lines: 7, bytes: 140, inputLines: 7, contentType: 'application/x-ndjson' });
	});

	it('cuts one line earlier when a part would be one byte over', async () => {
		const { parts } = await split(`${fixedLines(4, 19).join('\n')}\n`, ndjsonOptions({ maxPartBytes: 59 }));
		expect(parts.map(({ part }) => part.lines)).toEqual([2, 2]);
	});

	it('gives exactly the input lines, in order, each ending with LF, whatever the chunk size', async () => {
		const lines = fixedLines(50, 20);
		const input = `${lines.join('\n')}\n`;
		for (const chunkSize of [1, 7, 64, 100_000]) {
			const { parts } = await split(input, ndjsonOptions({ maxPartBytes: 100 }), chunkSize);
			expect(Buffer.concat(parts.map((p) => p.content)).toString()).toBe(input);
			for (const { content } of parts) expect(content.length).toBeLessThanOrEqual(100);
		}
	});

	it('normalises CRLF, drops the BOM and blank lines, and ends the last line with LF', async () => {
		const input = Buffer.concat([BOM, Buffer.from('{"a":1}\r\n\r\n   \n{"b":2}\n\n{"c":3}')]);
		const { plan, parts } = await split(input, ndjsonOptions());
		expect(parts).toHaveLength(1);
		expect(parts[0].content.toString()).toBe('{"a":1}\n{"b":2}\n{"c":3}\n');
		expect(plan).toMatchObject({ lines: 3, blankLines: 3, inputLines: 6, inputBytes: input.length });
		expect(parts[0].part).toMatchObject({ firstLine: 1, lastLine: 6, lines: 3 });
	});

	it('keeps the BOM out of every part even when the first line is alone in its part', async () => {
		const input = Buffer.concat([BOM, Buffer.from(`${fixedLines(3, 19).join('\n')}\n`)]);
		const { parts } = await split(input, ndjsonOptions({ maxPartBytes: 20 }), 2);
		expect(parts.map((p) => p.content.toString())).toEqual(fixedLines(3, 19).map((line) => `${line}\n`));
	});

	it('hands out unchanged runs of an LF file as views of the input chunks (no copy)', async () => {
		const input = Buffer.from(`${fixedLines(2000, 99).join('\n')}\n`);
		const sourceChunks: Buffer[] = [];
		async function* recorded() {
			for await (const chunk of chunked(input, 64 * 1024)) {
				sourceChunks.push(chunk);
				yield chunk;
			}
		}
		const plan = await planParts(chunked(input), ndjsonOptions({ maxPartBytes: 1_000_000 }));
		const pieces: Buffer[] = [];
		for await (const part of readParts(recorded(), plan)) for await (const piece of part.stream()) pieces.push(piece);
		const views = pieces.filter((piece) => sourceChunks.some((chunk) => chunk.buffer === piece.buffer));
		expect(views.reduce((sum, piece) => sum + piece.length, 0)).toBeGreaterThan(input.length * 0.9);
		expect(Buffer.concat(pieces).equals(input)).toBe(true);
	});

	it('sends a part that is its slice of the input as it comes, and scans the parts that are not', async () => {
		const lines = fixedLines(40, 49);
		// Part 1 (BOM), part 3 (a CRLF line) and part 4 (a blank line at the end) need the records; part 2 is a slice.
		const text = `\uFEFF${lines.slice(0, 10).join('\n')}\n${lines.slice(10, 25).join('\n')}\r\n${lines.slice(25, 40).join('\n')}\n\n`;
		const input = Buffer.from(text);
		const options = ndjsonOptions({ maxPartBytes: 500 });
		const plan = await planParts(chunked(input, 97), options);
		expect(plan.parts.map((part) => part.lines)).toEqual([10, 10, 10, 10]);
		expect([...(plan.verbatimParts ?? [])]).toEqual([2]);
		const contents: Buffer[] = [];
		for await (const part of readParts(chunked(input, 61), plan)) contents.push(await collect(part.stream()));
		expect(Buffer.concat(contents).toString()).toBe(`${lines.join('\n')}\n`);
	});

	it('notices a file that changed under a part sent as a slice', async () => {
		const input = Buffer.from(`${fixedLines(20, 49).join('\n')}\n`);
		const plan = await planParts(chunked(input), ndjsonOptions({ maxPartBytes: 500 }));
		expect(plan.verbatimParts?.has(2)).toBe(true);
		const changed = Buffer.from(input);
		changed[changed.length - 1] = 0x20; // the last line feed is gone
		const read = async () => {
			for await (const part of readParts(chunked(changed), plan)) await collect(part.stream());
		};
		expect(await rejectionOf(read())).toBeInstanceOf(InputChangedError);
	});

	it('refuses a line larger than the part size, naming it and its size', async () => {
		const input = `${fixedLines(1, 19)[0]}\n${'{"big":"' + 'x'.repeat(40) + '"}'}\n`;
		const error = await rejectionOf(planParts(chunked(Buffer.from(input)), ndjsonOptions({ maxPartBytes: 30 })));
		expect(error).toBeInstanceOf(BulkInputError);
		expect(error.message).toBe(
			'Line 2 is 50 bytes, larger than the Max Part Size of 30 bytes: split that record or raise Max Part Size',
		);
		expect((error as BulkInputError).lines).toEqual([{ line: 2, reason: '50 bytes, larger than Max Part Size' }]);
	});

	it('measures a runaway line without keeping it in memory', async () => {
		const input = Buffer.from(`{"a":1}\n${'x'.repeat(5_000_000)}`);
		const error = await rejectionOf(planParts(chunked(input, 1000), ndjsonOptions({ maxPartBytes: 100_000 })));
		expect(error.message).toBe(
			'Line 2 is 5 MB, larger than the Max Part Size of 100 KB: split that record or raise Max Part Size',
		);
	});

	it.each([
		['an empty file', Buffer.alloc(0)],
		['blank lines only', Buffer.from('\n \r\n\t\n')],
		['a BOM only', BOM],
	])('refuses %s', async (_name, input) => {
		const error = await rejectionOf(planParts(chunked(input), ndjsonOptions()));
		expect(error).toBeInstanceOf(BulkInputError);
		expect(error.message).toBe('The file has no lines to upload: it is empty or holds only blank lines');
	});

	it('refuses setup mistakes before reading anything', async () => {
		await expect(planParts(chunked(Buffer.from('{}')), ndjsonOptions({ maxPartBytes: 0 }))).rejects.toThrow(
			/^Max Part Size must be a whole number of bytes/,
		);
		await expect(
			planParts(chunked(Buffer.from('{}')), ndjsonOptions({ documentType: 'USER_ACTIVITY', format: 'csv' })),
		).rejects.toThrow('USER_ACTIVITY imports accept APPLICATION_X_NDJSON only; TEXT_CSV is allowed for USER_SEGMENT imports alone.');
	});
});

describe('invalid lines', () => {
	const good = (id: number) => `{"type":"USER_AGENT","user_agent_id":"vec:${id}"}`;
	const input = [good(1), '{"type":"USER_AGENT"}', good(3), 'not json', '', good(6), '[]', good(8)].join('\n');
	const options = (overrides = {}) =>
		ndjsonOptions({ documentType: 'USER_IDENTIFIERS_DELETION', validate: true, maxPartBytes: 120, ...overrides });

	it('with Stop, reports every invalid line with its number and refuses to hand out parts', async () => {
		const plan = await planParts(chunked(Buffer.from(input)), options({ invalidLines: 'stop' }));
		expect(plan.invalidLineCount).toBe(3);
		expect(plan.invalidLines.map((entry) => entry.line)).toEqual([2, 4, 7]);
		expect(plan.invalidLines[0].reason).toBe('user_agent_id is required (a non-empty string)');
		expect(plan.invalidLines[1].reason).toMatch(/^malformed JSON: /);
		const error = invalidLinesError(plan) as BulkInputError;
		expect(error.message).toMatch(
			/^3 invalid lines, nothing was uploaded: line 2: user_agent_id is required \(a non-empty string\); line 4: malformed JSON: .*; line 7: a line must be a JSON object, got an array\. Fix them or set Invalid Lines to Skip$/,
		);
		expect(error.description).toMatch(/^Line 2: user_agent_id is required/);
		expect(error.lines).toHaveLength(3);
		const iterate = async () => {
			for await (const part of readParts(chunked(Buffer.from(input)), plan)) void part;
		};
		await expect(iterate()).rejects.toThrow(/^3 invalid lines, nothing was uploaded/);
	});

	it('with Skip, leaves invalid lines out and keeps line numbers of the input', async () => {
		const { plan, parts } = await split(input, options({ invalidLines: 'skip' }), 5);
		expect(plan.invalidLines.map((entry) => entry.line)).toEqual([2, 4, 7]);
		expect(Buffer.concat(parts.map((p) => p.content)).toString()).toBe(`${[good(1), good(3), good(6), good(8)].join('\n')}\n`);
		expect(parts.map(({ part }) => [part.firstLine, part.lastLine, part.lines])).toEqual([
			[1, 3, 2],
			[6, 8, 2],
		]);
		expect(invalidLinesError(plan)).toBeUndefined();
	});

	it('keeps the first maxReportedErrors reasons but counts them all', async () => {
		const many = Array.from({ length: 30 }, () => '{}').join('\n') + `\n${good(1)}`;
		const plan = await planParts(chunked(Buffer.from(many)), options({ invalidLines: 'stop', maxReportedErrors: 5 }));
		expect(plan.invalidLineCount).toBe(30);
		expect(plan.invalidLines).toHaveLength(5);
		expect(invalidLinesError(plan)?.description).toMatch(/…and 25 more invalid lines\.\n\nFix the lines above/);
	});

	it('with Skip, refuses a file whose every line is invalid', async () => {
		const error = await rejectionOf(planParts(chunked(Buffer.from('{}\n[]\n')), options({ invalidLines: 'skip' })));
		expect(error.message).toMatch(/^All 2 lines are invalid: nothing to upload\. Line 1: type is required/);
	});

	it('checks nothing when validation is off', async () => {
		const { plan, parts } = await split(input, options({ validate: false }));
		expect(plan.invalidLineCount).toBe(0);
		expect(plan.lines).toBe(7);
		expect(parts.length).toBeGreaterThan(0);
	});
});

describe('planParts + readParts: CSV (USER_SEGMENT)', () => {
	const header = 'operation,user_account_id,segment_id,expiration_duration,data_bag';
	const row = (id: number, dataBag = '') => `UPDATE,acc-${id},42,0,${dataBag}`;

	it('repeats the header at the start of every part, counting it in the part size', async () => {
		const rows = Array.from({ length: 6 }, (_, i) => row(i + 1));
		const input = `${header}\r\n${rows.join('\r\n')}\r\n`;
		const maxPartBytes = header.length + 1 + 2 * (rows[0].length + 1);
		const { plan, parts } = await split(input, csvOptions({ maxPartBytes }), 3);
		expect(parts.map(({ content }) => content.toString())).toEqual([
			`${header}\n${rows[0]}\n${rows[1]}\n`,
			`${header}\n${rows[2]}\n${rows[3]}\n`,
			`${header}\n${rows[4]}\n${rows[5]}\n`,
		]);
		for (const { part, content } of parts) expect(content.length).toBe(part.bytes);
		expect(parts[0].part.bytes).toBe(maxPartBytes);
		expect(parts.map(({ part }) => part.firstLine)).toEqual([2, 4, 6]);
		expect(plan).toMatchObject({ contentType: 'text/csv', lines: 6, csvColumns: header.split(',') });
	});

	it('resumes a CSV split at a later part with the header still in front', async () => {
		const rows = Array.from({ length: 6 }, (_, i) => row(i + 1));
		const input = Buffer.from(`${header}\n${rows.join('\n')}\n`);
		const { plan, parts } = await split(input, csvOptions({ maxPartBytes: 120 }), 7);
		expect(parts.length).toBeGreaterThan(2);
		const resumed: string[] = [];
		for await (const part of readParts(chunked(input, 7), plan, { fromPart: 2 })) {
			resumed.push((await collect(part.stream())).toString());
		}
		expect(resumed).toEqual(parts.slice(1).map((p) => p.content.toString()));
		expect(resumed[0].startsWith(`${header}\n`)).toBe(true);
	});

	it('never cuts inside a quoted field that holds newlines', async () => {
		const multiLine = row(2, '"{""note"":\n""two lines"",\r\n""n"":1}"');
		const rows = [row(1), multiLine, row(3)];
		const input = `${header}\n${rows.join('\n')}\n`;
		for (const chunkSize of [1, 5, 1000]) {
			const maxPartBytes = header.length + 1 + multiLine.length + 1;
			const { parts } = await split(input, csvOptions({ maxPartBytes }), chunkSize);
			expect(parts.map(({ content }) => content.toString())).toEqual([
				`${header}\n${rows[0]}\n`,
				`${header}\n${multiLine}\n`,
				`${header}\n${rows[2]}\n`,
			]);
			expect(parts.map(({ part }) => part.firstLine)).toEqual([2, 3, 6]);
		}
	});

	it('names a record that never closes its quote', async () => {
		const input = `${header}\n${row(1)}\nUPDATE,"acc-2,42,0,\n${row(3)}\n`;
		const plan = await planParts(chunked(Buffer.from(input)), csvOptions());
		expect(plan.invalidLines).toEqual([
			{ line: 3, reason: 'a quoted field opened here is never closed (the file ends inside it)' },
		]);
		const error = await rejectionOf(planParts(chunked(Buffer.from(input)), csvOptions({ maxPartBytes: 90 })));
		expect(error.message).toMatch(
			/^The CSV record starting at line 3 spans 2 lines and is 39 bytes; with the CSV header \(66 bytes\) that starts every part, that is larger than the Max Part Size of 90 bytes: check for a quote that is opened and never closed/,
		);
	});

	it('applies the segment rules to each row, with Skip and Stop', async () => {
		const input = `${header}\n${row(1)}\nADD,acc-2,42,0,\n${row(3)}\n`;
		const stop = await planParts(chunked(Buffer.from(input)), csvOptions());
		expect(stop.invalidLines).toEqual([{ line: 3, reason: 'operation must be UPDATE or DELETE, got "ADD"' }]);
		const { parts } = await split(input, csvOptions({ invalidLines: 'skip' }));
		expect(parts[0].content.toString()).toBe(`${header}\n${row(1)}\n${row(3)}\n`);
	});

	it('refuses a bad header before looking at rows', async () => {
		const error = await rejectionOf(planParts(chunked(Buffer.from(`\n\noperation,user,segment_id\n${row(1)}\n`)), csvOptions()));
		expect(error.message).toMatch(/^Line 3: the CSV header names an unknown column "user" \(column 2\)/);
	});

	it('refuses a header with no rows', async () => {
		await expect(planParts(chunked(Buffer.from(`${header}\n\n`)), csvOptions())).rejects.toThrow(
			'The CSV file has a header but no rows: nothing to upload',
		);
	});

	it('writes the given columns as the header when the file has none', async () => {
		const { parts } = await split(
			`${row(1)}\n${row(2)}`,
			csvOptions({ csvHasHeader: false, csvColumns: header.split(',') }),
		);
		expect(parts[0].content.toString()).toBe(`${header}\n${row(1)}\n${row(2)}\n`);
		expect(parts[0].part.firstLine).toBe(1);
		await expect(planParts(chunked(Buffer.from(row(1))), csvOptions({ csvHasHeader: false }))).rejects.toThrow(
			'A CSV file without a header line needs its columns',
		);
	});
});

describe('readParts: streaming contract', () => {
	const input = Buffer.from(`${Array.from({ length: 40 }, (_, i) => profileLineOfLength(99, `u${i}`)).join('\n')}\n`);
	const options = ndjsonOptions({ maxPartBytes: 1000, validate: true });

	it('pulls from the source only as the part is read (backpressure)', async () => {
		const plan = await planParts(chunked(input, 100), options);
		let pulled = 0;
		async function* counted() {
			for await (const chunk of chunked(input, 100)) {
				pulled++;
				yield chunk;
			}
		}
		const parts = readParts(counted(), plan);
		const first = (await parts.next()).value;
		expect(pulled).toBe(0);
		await collect(first.stream());
		// Part 1 is 1,000 bytes: 10 chunks of 100, and nothing more.
		expect(pulled).toBe(10);
		// Small pieces are gathered (up to 64 KiB) before they are handed out, so
		// the first piece of part 2 may take all of part 2, never part 3.
		const second = (await parts.next()).value;
		await second.stream()[Symbol.asyncIterator]().next();
		expect(pulled).toBeLessThanOrEqual(20);
		await parts.return(undefined);
	});

	it('reads ahead at most about 64 KiB while gathering small pieces', async () => {
		// CRLF lines: the records are rewritten (a part that is a plain slice of the input is passed on chunk by chunk).
		const big = Buffer.from(`${Array.from({ length: 4000 }, (_, i) => profileLineOfLength(99, `u${i}`)).join('\r\n')}\r\n`);
		const plan = await planParts(chunked(big, 1000), ndjsonOptions({ maxPartBytes: 1_000_000 }));
		expect(plan.verbatimParts?.size).toBe(0);
		let pulled = 0;
		async function* counted() {
			for await (const chunk of chunked(big, 1000)) {
				pulled++;
				yield chunk;
			}
		}
		const parts = readParts(counted(), plan);
		const first = (await parts.next()).value;
		const piece = await first.stream()[Symbol.asyncIterator]().next();
		expect(piece.value.length).toBe(64 * 1024);
		// 64 KiB of output is 1% more input (the CRs), plus the chunk it ends in.
		expect(pulled * 1000).toBeLessThanOrEqual(64 * 1024 * 1.01 + 1000);
		await parts.return(undefined);
	});

	it('refuses to move on before a part has been read to its end', async () => {
		const plan = await planParts(chunked(input), options);
		const parts = readParts(chunked(input), plan);
		await parts.next();
		await expect(parts.next()).rejects.toThrow(/^Part 1 was not read to its end before the next part was requested/);
	});

	it('streams a part only once', async () => {
		const plan = await planParts(chunked(input), options);
		const parts = readParts(chunked(input), plan);
		const first = (await parts.next()).value;
		await collect(first.stream());
		expect(() => first.stream()).toThrow('Part 1 can be streamed only once');
		await parts.return(undefined);
	});

	it('resumes at a given part with the same content as a full run', async () => {
		const { plan, parts } = await split(input, options, 64);
		const resumed: Buffer[] = [];
		for await (const part of readParts(chunked(input, 64), plan, { fromPart: 3 })) resumed.push(await collect(part.stream()));
		expect(resumed).toEqual(parts.slice(2).map((p) => p.content));
	});

	it('notices when the second pass reads different data', async () => {
		const plan = await planParts(chunked(input), options);
		const changed = Buffer.from(input.toString().replace('"u1"', '"u1_changed"'));
		const readAll = async (data: Buffer) => {
			for await (const part of readParts(chunked(data), plan)) await collect(part.stream());
		};
		await expect(readAll(changed)).rejects.toBeInstanceOf(InputChangedError);
		await expect(readAll(input.subarray(0, 500))).rejects.toBeInstanceOf(InputChangedError);
	});

	it('closes the source when the consumer stops early', async () => {
		const plan = await planParts(chunked(input), options);
		let closed = false;
		async function* source() {
			try {
				yield* chunked(input, 100);
			} finally {
				closed = true;
			}
		}
		for await (const part of readParts(source(), plan)) {
			await collect(part.stream());
			break;
		}
		expect(closed).toBe(true);
	});
});
