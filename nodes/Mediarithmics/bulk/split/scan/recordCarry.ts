/**
 * The bytes of a record that straddles chunks (recordScanner.ts): the pieces
 * seen in earlier chunks, joined into one buffer only when the record ends.
 * Bounded: past maxRecordBytes only the size is counted and the bytes are
 * dropped, so a runaway record (an unclosed quote, a file without line
 * feeds) keeps memory flat.
 */
export class RecordCarry {
	private pieces: Buffer[] = [];
	/** Bytes of the record so far, kept or not. */
	bytes = 0;
	/** The record outgrew maxRecordBytes: its bytes are gone, `bytes` is still exact. */
	dropped = false;
	/** The last byte added (-1 when empty): a CR there may belong to the line ending. */
	lastByte = -1;

	constructor(private readonly maxRecordBytes: number) {}

	add(chunk: Buffer, from: number, to: number): void {
		this.bytes += to - from;
		if (to > from) this.lastByte = chunk[to - 1];
		if (this.dropped) return;
		if (this.bytes > this.maxRecordBytes) {
			this.pieces = [];
			this.dropped = true;
			return;
		}
		this.pieces.push(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
	}

	/** The kept bytes as one buffer (not dropped). */
	joined(): Buffer {
		return this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces, this.bytes);
	}

	reset(): void {
		this.pieces = [];
		this.bytes = 0;
		this.dropped = false;
		this.lastByte = -1;
	}
}
