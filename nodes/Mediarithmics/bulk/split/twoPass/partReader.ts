/**
 * Pass 2 of the file split (see splitter.ts): reads the input again and
 * hands out the parts one by one, each as a stream of chunks. It pulls from
 * the source only as the consumer pulls from the part, so memory stays flat
 * whatever the file size, and it checks that it sees what pass 1 planned.
 */
import { InputChangedError } from '../../errors';
import { asBuffer } from '../lineReader';
import { OutputBatcher } from '../outputBatcher';
import type { Part } from '../part';
import { invalidLinesError, partNotReadError, PartPlan, PlannedPart } from '../partPlan';
import { RecordScanner, ScannedRecord } from '../scan/recordScanner';
import { sliceHash } from './sliceHashes';

const LF = Buffer.from('\n');

export interface ReadPartsOptions {
	/** Start at this part (1-based), e.g. to upload again from a part that failed. Default 1. */
	fromPart?: number;
	/**
	 * The input offset of the source's first byte (default 0): a source that
	 * could start later (an HTTP Range read) skips the bytes itself. At most the
	 * first part's start.
	 */
	sourceStart?: number;
}

/** Pass 2's state, shared by the parts: one source iterator, read strictly in order. */
class PartReader {
	private readonly iterator: AsyncIterator<Uint8Array>;
	/** Bytes read from the source that belong to a later part. */
	private pending: Buffer | undefined;
	/** Input offset of the next byte to scan. */
	private position = 0;
	private scanner: RecordScanner;
	private readonly headerLine: Buffer | undefined;
	private headerPending: boolean;
	private skipIndex = 0;

	constructor(
		source: AsyncIterable<Uint8Array>,
		private readonly plan: PartPlan,
		private readonly first: PlannedPart,
		sourceStart: number,
	) {
		this.iterator = source[Symbol.asyncIterator]();
		this.position = sourceStart;
		const resumes = first.index > 1;
		this.scanner = new RecordScanner({
			quoted: plan.format === 'csv',
			maxRecordBytes: plan.maxPartBytes,
			// Part 1 starts at byte 0 whatever Start From Input Line: the lines before it are read again and dropped, as in pass 1.
			startLine: plan.startLine,
			headerFirst: plan.csvHeaderInInput,
			...(resumes ? { resumeAt: { offset: first.inputStart, line: first.firstLine } } : {}),
		});
		this.headerLine = plan.csvHeader === undefined ? undefined : Buffer.concat([plan.csvHeader, LF]);
		this.headerPending = plan.csvHeaderInInput && !resumes;
		while (this.skipIndex < plan.skippedStarts.length && plan.skippedStarts[this.skipIndex] < first.inputStart) {
			this.skipIndex++;
		}
	}

	/** Discard the input before the first part to read (when resuming). */
	async skipTo(offset: number): Promise<void> {
		while (this.position < offset) {
			if ((await this.nextChunkBefore(offset)) === undefined) throw new InputChangedError(`it ends at byte ${this.position}, before part ${this.first.index}`);
		}
	}

	async *content(part: PlannedPart): AsyncGenerator<Buffer> {
		if (this.plan.verbatimParts?.has(part.index) === true) {
			yield* this.slice(part);
			return;
		}
		const out = new OutputBatcher();
		const isLast = part.index === this.plan.parts.length;
		const hash = this.plan.sliceSha256 !== undefined ? sliceHash() : undefined;
		let lines = 0;
		let bytes = 0;
		if (this.headerLine !== undefined) {
			out.add(this.headerLine, 0, this.headerLine.length);
			bytes += this.headerLine.length;
		}
		const sink = (record: ScannedRecord): void => {
			if (record.blank) return;
			if (this.headerPending) {
				this.headerPending = false;
				const header = this.plan.csvHeader as Buffer;
				if (!header.equals(record.buffer.subarray(record.from, record.to))) {
					throw new InputChangedError('the CSV header differs');
				}
				return;
			}
			const skipped = this.plan.skippedStarts;
			if (this.skipIndex < skipped.length && skipped[this.skipIndex] === record.start) {
				this.skipIndex++;
				return;
			}
			if (record.oversize) throw new InputChangedError(`line ${record.number} grew`);
			lines++;
			bytes += record.size + 1;
			out.addRecord(record);
		};
		for (;;) {
			const chunk = await this.nextChunkBefore(isLast ? Infinity : part.inputEnd);
			if (chunk === undefined) {
				if (!isLast) throw new InputChangedError(`it ends at byte ${this.position}, inside part ${part.index}`);
				this.scanner.end(sink);
				break;
			}
			hash?.update(chunk);
			this.scanner.push(chunk, sink);
			// The part's last bytes wait for the checks below (the last part's, for the source's end too).
			if (this.position < part.inputEnd) yield* out.take();
			if (!isLast && this.position === part.inputEnd) break;
		}
		if (lines !== part.lines || bytes !== part.bytes) {
			throw new InputChangedError(
				`part ${part.index} was planned with ${part.lines} records and ${part.bytes} bytes, read ${lines} and ${bytes}`,
			);
		}
		if (isLast && this.scanner.bytesRead !== this.plan.inputBytes) {
			throw new InputChangedError(`it is ${this.scanner.bytesRead} bytes long, ${this.plan.inputBytes} were planned`);
		}
		if (hash !== undefined) this.checkSlice(part, hash.digest('hex'));
		yield* out.takeAll();
	}

	/** The part's slice must be the bytes pass 1 checked; its request is then cut before its end. */
	private checkSlice(part: PlannedPart, sha256: string): void {
		if (sha256 !== this.plan.sliceSha256?.[part.index - 1]) {
			throw new InputChangedError(
				`lines ${part.firstLine} to ${part.lastLine} (part ${part.index}) are other bytes than at the first read, though as long; ` +
					`the request of part ${part.index} was cut before its end, so the platform received none of it`,
			);
		}
	}

	/**
	 * A part whose content is its slice of the input (pass 1 saw every record
	 * end in a bare LF, with nothing between them): the slice as it comes,
	 * after the CSV header line, without looking at the records again.
	 */
	private async *slice(part: PlannedPart): AsyncGenerator<Buffer> {
		let bytes = 0;
		if (this.headerLine !== undefined) {
			bytes += this.headerLine.length;
			yield this.headerLine;
		}
		const hash = this.plan.sliceSha256 !== undefined ? sliceHash() : undefined;
		let lastByte = -1;
		let held: Buffer | undefined;
		while (this.position < part.inputEnd) {
			const chunk = await this.nextChunkBefore(part.inputEnd);
			if (chunk === undefined) throw new InputChangedError(`it ends at byte ${this.position}, inside part ${part.index}`);
			bytes += chunk.length;
			lastByte = chunk[chunk.length - 1];
			hash?.update(chunk);
			// The part's last chunk waits for the checks below.
			if (this.position < part.inputEnd) yield chunk;
			else held = chunk;
		}
		if (bytes !== part.bytes || lastByte !== LF[0]) {
			throw new InputChangedError(`part ${part.index} was planned with ${part.bytes} bytes ending in a line feed, read ${bytes}`);
		}
		const isLast = part.index === this.plan.parts.length;
		if (isLast && (await this.nextChunk()) !== undefined) throw new InputChangedError(`it is longer than the ${this.plan.inputBytes} bytes planned`);
		if (hash !== undefined) this.checkSlice(part, hash.digest('hex'));
		if (held !== undefined) yield held;
		if (isLast) return;
		// The next part starts right here, with its first record: scan on from there.
		this.scanner = new RecordScanner({
			quoted: this.plan.format === 'csv',
			maxRecordBytes: this.plan.maxPartBytes,
			resumeAt: { offset: part.inputEnd, line: this.plan.parts[part.index].firstLine },
		});
	}

	async close(): Promise<void> {
		await this.iterator.return?.();
	}

	/** The next chunk, cut at input offset `end` (the rest is read next); the position moves past it. */
	private async nextChunkBefore(end: number): Promise<Buffer | undefined> {
		const chunk = await this.nextChunk();
		if (chunk === undefined) return undefined;
		const room = end - this.position;
		if (chunk.length > room) this.pending = chunk.subarray(room);
		const taken = chunk.length > room ? chunk.subarray(0, room) : chunk;
		this.position += taken.length;
		return taken;
	}

	private async nextChunk(): Promise<Buffer | undefined> {
		if (this.pending !== undefined) {
			const pending = this.pending;
			this.pending = undefined;
			return pending;
		}
		for (;;) {
			const next = await this.iterator.next();
			if (next.done === true) return undefined;
			const chunk = asBuffer(next.value);
			if (chunk.length > 0) return chunk;
		}
	}
}

/**
 * Pass 2. `source` must yield the same bytes as in pass 1. Each part's
 * stream() may be called once and must be read to its end before the next
 * part is requested (the parts share one pass over the source). Stopping
 * early (break, or an error) closes the source.
 */
export async function* readParts(
	source: AsyncIterable<Uint8Array>,
	plan: PartPlan,
	options: ReadPartsOptions = {},
): AsyncGenerator<Part> {
	const refused = invalidLinesError(plan);
	if (refused !== undefined) throw refused;
	const fromPart = options.fromPart ?? 1;
	if (!Number.isSafeInteger(fromPart) || fromPart < 1 || fromPart > plan.parts.length) {
		throw new RangeError(`fromPart must be between 1 and ${plan.parts.length}, got ${String(fromPart)}`);
	}
	const sourceStart = options.sourceStart ?? 0;
	if (!Number.isSafeInteger(sourceStart) || sourceStart < 0 || sourceStart > plan.parts[fromPart - 1].inputStart) {
		throw new RangeError(`sourceStart must be between 0 and part ${fromPart}'s start, got ${String(sourceStart)}`);
	}
	const reader = new PartReader(source, plan, plan.parts[fromPart - 1], sourceStart);
	try {
		await reader.skipTo(plan.parts[fromPart - 1].inputStart);
		for (const planned of plan.parts.slice(fromPart - 1)) {
			// An object, not a let: TypeScript cannot see the closure below change it.
			const progress: { state: 'unread' | 'reading' | 'done' } = { state: 'unread' };
			const part: Part = {
				...planned,
				contentType: plan.contentType,
				replayable: false,
				stream: () => {
					if (progress.state !== 'unread') throw new Error(`Part ${planned.index} can be streamed only once`);
					progress.state = 'reading';
					return (async function* () {
						yield* reader.content(planned);
						progress.state = 'done';
					})();
				},
			};
			yield part;
			if (progress.state !== 'done') throw partNotReadError(planned.index);
		}
	} finally {
		await reader.close();
	}
}
