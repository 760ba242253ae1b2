/**
 * Gathers a part's output from byte ranges of the input. Adjacent ranges of
 * the same input chunk merge into one run, handed out as a view of that
 * chunk (no copy): an LF-terminated NDJSON file passes through almost
 * untouched. Small runs (CRLF lines, lines joined across chunks, the CSV
 * header) are gathered and copied together into one buffer of their size,
 * so the consumer gets few, reasonably large chunks rather than one per
 * line. A small run is copied only once another small one follows it: alone
 * between two large ones (the line joined across two chunks of a plain
 * file, once per chunk), it goes out as it is.
 *
 * The copy is sized to what it holds, not a fixed staging buffer: a line
 * joined across chunks and its LF come once per input chunk, and a fresh
 * staging buffer each time would allocate as much as the input itself
 * (bench/README.md, "Where the time went").
 */
import type { ScannedRecord } from './scan/scannedRecord';

const LF = Buffer.from('\n');
const SMALL_RUN = 16 * 1024;
/** Small runs gathered up to this many bytes are copied and handed out. */
const STAGING_SIZE = 64 * 1024;

export class OutputBatcher {
	private ready: Buffer[] = [];
	private runBuffer: Buffer | undefined;
	private runFrom = 0;
	private runTo = 0;
	/** Small runs gathered, not copied yet (views: the buffers must not change until handed out). */
	private staged: Buffer[] = [];
	private stagingLength = 0;
	/** A small run not copied yet (see above). */
	private held: Buffer | undefined;

	/** Append buffer[from, to). The buffer must not change until it has been handed out. */
	add(buffer: Buffer, from: number, to: number): void {
		if (buffer === this.runBuffer && from === this.runTo) {
			this.runTo = to;
			return;
		}
		this.flushRun();
		this.runBuffer = buffer;
		this.runFrom = from;
		this.runTo = to;
	}

	/** A record's content and its LF: its own when it has one, else a shared one. */
	addRecord(record: ScannedRecord): void {
		if (record.lfFollows) {
			this.add(record.buffer, record.from, record.to + 1);
		} else {
			this.add(record.buffer, record.from, record.to);
			this.add(LF, 0, 1);
		}
	}

	/** Output completed so far, except what is still staged (it waits to fill up). */
	take(): Buffer[] {
		this.flushRun();
		return this.handOut();
	}

	/** Everything, at the end of a part. */
	takeAll(): Buffer[] {
		this.flushRun();
		this.flushHeld();
		this.flushStaging();
		return this.handOut();
	}

	private handOut(): Buffer[] {
		const out = this.ready;
		this.ready = [];
		return out;
	}

	private flushRun(): void {
		const buffer = this.runBuffer;
		if (buffer === undefined) return;
		this.runBuffer = undefined;
		const from = this.runFrom;
		const to = this.runTo;
		if (to - from >= SMALL_RUN) {
			this.flushHeld();
			this.flushStaging();
			this.ready.push(buffer.subarray(from, to));
			return;
		}
		if (this.held === undefined && this.stagingLength === 0) {
			this.held = buffer.subarray(from, to);
			return;
		}
		if (this.held !== undefined) {
			const held = this.held;
			this.held = undefined;
			this.stage(held, 0, held.length);
		}
		this.stage(buffer, from, to);
	}

	/** The held run as it is: no small run came after it. */
	private flushHeld(): void {
		if (this.held === undefined) return;
		this.ready.push(this.held);
		this.held = undefined;
	}

	private stage(buffer: Buffer, from: number, to: number): void {
		while (from < to) {
			const end = Math.min(to, from + STAGING_SIZE - this.stagingLength);
			this.staged.push(from === 0 && end === buffer.length ? buffer : buffer.subarray(from, end));
			this.stagingLength += end - from;
			from = end;
			if (this.stagingLength === STAGING_SIZE) this.flushStaging();
		}
	}

	private flushStaging(): void {
		if (this.stagingLength === 0) return;
		// A fresh buffer each time (the consumer may still hold the previous one), of the gathered size.
		this.ready.push(Buffer.concat(this.staged, this.stagingLength));
		this.staged = [];
		this.stagingLength = 0;
	}
}
