/**
 * Cuts a byte stream into records (NDJSON lines, or CSV records that may span
 * several physical lines inside quoted fields) without copying the input:
 * a record that lies inside one chunk is handed out as offsets into that
 * chunk; only a record that straddles chunks is joined into a new buffer.
 *
 * It is synchronous and push-based so the hot loop stays free of promises:
 * Buffer#indexOf (memchr) finds line feeds and quotes, no per-byte JS loop.
 *
 * Conventions, shared by every pass so that they agree byte for byte:
 * - a record ends at LF; a CR right before that LF belongs to the line ending;
 * - a UTF-8 BOM at the very start of the input is not part of any record;
 * - the last record may lack its LF;
 * - a record holding only spaces and tabs is blank (never uploaded);
 * - in quoted mode (CSV, RFC 4180) an LF inside a quoted field does not end
 *   the record. Quote state is the parity of '"' bytes since the record
 *   began, which RFC 4180's doubled quotes ("") keep intact.
 */

import { startInsideRecordError } from '../planErrors';
import { RecordCarry } from './recordCarry';
import type { RecordScannerOptions, RecordSink, ScannedRecord } from './scannedRecord';

export type { RecordScannerOptions, RecordSink, ScannedRecord } from './scannedRecord';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = [0xef, 0xbb, 0xbf];

const EMPTY = Buffer.alloc(0);


export class RecordScanner {
	private readonly quoted: boolean;
	private readonly maxRecordBytes: number;
	private readonly startLine: number;
	/** A CSV header is still to come: the first non-blank record is kept even before startLine. */
	private headerToKeep: boolean;
	/** Input offset of the next chunk's first byte. */
	private offset: number;
	/** Physical line number at the scan position. */
	private line: number;
	private recordLine: number;
	private recordStart: number;
	private inQuotes = false;
	/** The current record's bytes seen in earlier chunks. */
	private readonly carry: RecordCarry;
	/** Bytes held back at the very start until we know whether they begin with a BOM. */
	private bomProbe: Buffer | undefined;
	private readonly record: ScannedRecord = {
		buffer: EMPTY,
		from: 0,
		to: 0,
		size: 0,
		lfFollows: false,
		number: 0,
		lineCount: 0,
		start: 0,
		end: 0,
		blank: false,
		oversize: false,
		unclosedQuote: false,
	};

	constructor(options: RecordScannerOptions) {
		this.quoted = options.quoted;
		this.maxRecordBytes = options.maxRecordBytes;
		this.carry = new RecordCarry(options.maxRecordBytes);
		this.startLine = options.startLine ?? 1;
		// Resuming at a record boundary: the header, if any, is behind.
		this.headerToKeep = options.headerFirst === true && options.resumeAt === undefined;
		this.offset = options.resumeAt?.offset ?? 0;
		this.line = options.resumeAt?.line ?? 1;
		this.recordLine = this.line;
		this.recordStart = this.offset;
		this.bomProbe = options.resumeAt === undefined ? EMPTY : undefined;
	}

	/** Input bytes consumed so far. */
	get bytesRead(): number {
		return this.offset + (this.bomProbe?.length ?? 0);
	}

	/** Input offset where the record being scanned begins (every record still to come begins here or later). */
	get pendingRecordStart(): number {
		return this.recordStart;
	}

	/** Physical lines seen so far (a last line without LF counts once end() ran). */
	get linesSeen(): number {
		return this.line - 1;
	}

	/** The 1-based number of the next line to begin. */
	get nextLine(): number {
		return this.line;
	}

	/** The BOM is settled (the input's start is behind) and no quoted field is open. */
	get pastStart(): boolean {
		return this.bomProbe === undefined && !this.inQuotes;
	}

	/** True between two records: none begun in an earlier chunk, past the start. */
	get betweenRecords(): boolean {
		return this.carry.bytes === 0 && this.pastStart;
	}

	/**
	 * Steps over `bytes` bytes of input holding `lines` whole records, each
	 * ending in its LF, that the caller has read itself (a fast path that needs
	 * no record one by one). Only between records (betweenRecords).
	 */
	skipRecords(bytes: number, lines: number): void {
		if (!this.betweenRecords) throw new Error('skipRecords needs the scanner between records');
		this.offset += bytes;
		this.line += lines;
		this.recordLine = this.line;
		this.recordStart = this.offset;
	}

	push(chunk: Buffer, sink: RecordSink): void {
		if (chunk.length === 0) return;
		let position = 0;
		if (this.bomProbe !== undefined) {
			// The BOM may arrive split over tiny chunks: hold bytes until 3 are known.
			const probe = this.bomProbe.length === 0 ? chunk : Buffer.concat([this.bomProbe, chunk]);
			if (probe.length < BOM.length && probe.every((byte, index) => byte === BOM[index])) {
				this.bomProbe = probe;
				return;
			}
			this.bomProbe = undefined;
			chunk = probe;
			if (probe[0] === BOM[0] && probe[1] === BOM[1] && probe[2] === BOM[2]) {
				position = BOM.length;
				this.recordStart = BOM.length;
			}
		}
		this.scan(chunk, position, sink);
	}

	/** Flush the last record when the input does not end with LF. */
	end(sink: RecordSink): void {
		if (this.bomProbe !== undefined && this.bomProbe.length > 0) {
			// Fewer than 3 bytes in all, all a prefix of the BOM: they are content.
			const probe = this.bomProbe;
			this.bomProbe = undefined;
			this.scan(probe, 0, sink);
		}
		this.bomProbe = undefined;
		const carry = this.carry;
		if (carry.bytes === 0) return;
		let size = carry.bytes;
		if (carry.lastByte === CR) size--;
		const record = this.record;
		if (carry.dropped) this.fillDropped(size);
		else this.fill(carry.joined(), 0, size, false);
		// A record cut short by the end of input inside quotes may end with LF:
		// that LF starts no further line.
		if (carry.lastByte === LF) record.lineCount--;
		record.end = this.offset;
		record.unclosedQuote = this.inQuotes;
		this.applyStart(record);
		carry.reset();
		this.line++;
		sink(record);
	}

	private scan(chunk: Buffer, position: number, sink: RecordSink): void {
		const length = chunk.length;
		let recordFrom = position;
		let nextQuote = this.quoted ? chunk.indexOf(QUOTE, position) : -1;
		for (;;) {
			const lf = chunk.indexOf(LF, position);
			if (lf === -1) break;
			if (this.quoted) {
				while (nextQuote !== -1 && nextQuote < lf) {
					this.inQuotes = !this.inQuotes;
					nextQuote = chunk.indexOf(QUOTE, nextQuote + 1);
				}
				if (this.inQuotes) {
					// A newline inside a quoted field: the record goes on.
					this.line++;
					position = lf + 1;
					continue;
				}
			}
			this.emit(chunk, recordFrom, lf, sink);
			this.line++;
			position = lf + 1;
			recordFrom = position;
			this.recordLine = this.line;
			this.recordStart = this.offset + position;
		}
		while (nextQuote !== -1) {
			this.inQuotes = !this.inQuotes;
			nextQuote = chunk.indexOf(QUOTE, nextQuote + 1);
		}
		if (recordFrom < length) this.carry.add(chunk, recordFrom, length);
		this.offset += length;
	}

	/** The record made of the carry plus chunk[from, lf). */
	private emit(chunk: Buffer, from: number, lf: number, sink: RecordSink): void {
		const record = this.record;
		const carry = this.carry;
		if (carry.bytes === 0) {
			const to = lf > from && chunk[lf - 1] === CR ? lf - 1 : lf;
			this.fill(chunk, from, to, to === lf);
		} else {
			const lastByte = lf > from ? chunk[lf - 1] : carry.lastByte;
			const crLength = lastByte === CR ? 1 : 0;
			const total = carry.bytes + (lf - from);
			if (carry.dropped || total > this.maxRecordBytes) {
				this.fillDropped(total - crLength);
			} else {
				carry.add(chunk, from, lf);
				this.fill(carry.joined(), 0, total - crLength, false);
			}
			carry.reset();
		}
		record.end = this.offset + lf + 1;
		record.unclosedQuote = false;
		this.applyStart(record);
		sink(record);
	}

	private fill(buffer: Buffer, from: number, to: number, lfFollows: boolean): void {
		const record = this.record;
		record.buffer = buffer;
		record.from = from;
		record.to = to;
		record.size = to - from;
		record.lfFollows = lfFollows;
		record.oversize = false;
		record.blank = isBlank(buffer, from, to);
		this.fillPosition();
	}

	private fillDropped(size: number): void {
		const record = this.record;
		record.buffer = EMPTY;
		record.from = 0;
		record.to = 0;
		record.size = size;
		record.lfFollows = false;
		record.oversize = true;
		record.blank = false;
		this.fillPosition();
	}

	private fillPosition(): void {
		const record = this.record;
		record.number = this.recordLine;
		record.lineCount = this.line - this.recordLine + 1;
		record.start = this.recordStart;
	}

	/**
	 * Start From Input Line, once the record's lines are known: a record
	 * before it is blank to every reader, but for a CSV header (kept wherever
	 * it is). One that begins before it and goes on to it or past it (a quoted
	 * field with line breaks) is an error: dropped, it would be left out
	 * without a word (planErrors.ts says why that is a mistake).
	 */
	private applyStart(record: ScannedRecord): void {
		if (record.number >= this.startLine) return;
		if (this.headerToKeep && !record.blank) {
			this.headerToKeep = false;
			return;
		}
		if (record.number + record.lineCount > this.startLine) throw startInsideRecordError(this.startLine, record);
		record.blank = true;
	}
}

/** Only spaces and tabs (or nothing). Stops at the first other byte, so O(1) for real lines. */
function isBlank(buffer: Buffer, from: number, to: number): boolean {
	for (let index = from; index < to; index++) {
		const byte = buffer[index];
		if (byte !== SPACE && byte !== TAB) return false;
	}
	return true;
}
