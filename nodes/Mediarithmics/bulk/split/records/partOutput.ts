/**
 * Pass 2's writing of one part from records' lines (recordParts.ts): the
 * lines gathered as text, written into chunks (or one buffer of the part's
 * planned size), a part growing past its plan refused as a changed input.
 */
/** A part's bytes leave in chunks of about this size. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Lines are gathered as text up to this many UTF-16 units, then written into
 * the chunk at once: one write per batch, not per line. A batch of ASCII
 * characters only is copied as Latin-1 (the same bytes as UTF-8 for them,
 * without the encoder's work).
 */
const BATCH_UNITS = 64 * 1024;

/**
 * The output of one part: chunks ready to leave, the one being written, and
 * the lines not yet written into it. Whole: the part is written into one
 * buffer of its planned size and leaves at its end, for a part sent from
 * memory as one buffer (send/partBody.ts), which its chunks would otherwise
 * be copied into.
 */
export class PartOutput {
	readonly ready: Buffer[] = [];
	/** Bytes written so far (lines still in `pending` not counted). */
	bytes = 0;
	/** The digest of the input up to the part's last record, once that record is written. */
	prefixSha256: string | undefined;
	private chunk: Buffer;
	private used = 0;
	private pending = '';
	/** Every line in `pending` is ASCII. */
	private pendingAscii = true;

	constructor(
		prefix: Buffer | undefined,
		/** The part's planned size: written bytes beyond it mean the input changed. */
		private readonly limit: number,
		private readonly tooLarge: () => Error,
		private readonly whole: boolean,
	) {
		this.chunk = Buffer.allocUnsafe(whole ? limit : CHUNK_BYTES);
		if (prefix) this.add(prefix.toString('utf8'));
	}

	/** A line; `ascii`: it holds ASCII characters only (false when unknown). */
	add(text: string, ascii = false): void {
		this.pending += text;
		if (!ascii) this.pendingAscii = false;
		if (this.pending.length >= BATCH_UNITS) this.flush();
	}

	/** The chunks ready to leave, and with `all` the one being written. */
	take(all: boolean): Buffer[] {
		this.flush();
		const taken = this.ready.splice(0);
		if (all && this.used > 0) {
			taken.push(this.chunk.subarray(0, this.used));
			this.used = 0;
		}
		return taken;
	}

	private flush(): void {
		const text = this.pending;
		if (text === '') return;
		this.pending = '';
		if (this.whole) {
			// The one buffer holds the planned bytes: more is the input changed.
			if (this.used + (this.pendingAscii ? text.length : Buffer.byteLength(text)) > this.chunk.length) throw this.tooLarge();
		} else if (this.used + text.length * 3 > this.chunk.length) {
			// (UTF-8 takes at most 3 bytes per UTF-16 unit.)
			if (this.used > 0) this.ready.push(this.chunk.subarray(0, this.used));
			this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
			this.used = 0;
		}
		const written = this.chunk.write(text, this.used, this.pendingAscii ? 'latin1' : 'utf8');
		this.pendingAscii = true;
		this.used += written;
		this.bytes += written;
		if (this.bytes > this.limit) throw this.tooLarge();
	}
}
