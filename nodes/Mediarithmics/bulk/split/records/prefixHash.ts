/**
 * The SHA-256 of an input from its first byte up to a given offset, for the
 * records of a file mapped to lines (recordParts.ts). Pass 1 takes it at the
 * end of each part's last record; pass 2, reading the file again from its
 * start, takes it at the same place and compares before the part's last
 * bytes leave. Equal prefixes hold the same records at the same positions,
 * and the mapping is a function of the records (one mapper for both passes:
 * a value n8n evaluated once is the same in each), so every line of the part
 * is the one pass 1 checked. Hashing the input, not the lines, lets pass 1
 * plan without writing its lines for real (the email hashes among them,
 * recordLines.ts) and costs one digest update per chunk instead of one per line.
 */
import { createHash, type Hash } from 'crypto';

export class PrefixHasher {
	private readonly hash: Hash = createHash('sha256');
	/** Chunks from `hashedTo` on, not hashed yet: a digest may still be asked for inside them. */
	private held: Buffer[] = [];
	private hashedTo = 0;
	private addedTo = 0;
	/** The hash as it was at `markedAt`, kept by mark(). */
	private marked: Hash | undefined;
	private markedAt = -1;

	/** The next chunk of the input, in order. */
	add(chunk: Buffer): void {
		if (chunk.length === 0) return;
		this.held.push(chunk);
		this.addedTo += chunk.length;
	}

	/**
	 * Between two chunks: from now on a digest is asked for only at `offset`
	 * or past everything added so far. So the hash at `offset` is kept and
	 * the rest hashed at once: nothing is held across chunks, even inside a
	 * record that runs on for many of them.
	 */
	mark(offset: number): void {
		if (offset !== this.markedAt) {
			this.settle(offset);
			this.marked = this.hash.copy();
			this.markedAt = offset;
		}
		this.settle(this.addedTo);
	}

	/** The SHA-256 (hex) of the input's bytes [0, offset); offsets asked for never go down. */
	digestTo(offset: number): string {
		if (offset === this.markedAt && this.marked !== undefined) return this.marked.copy().digest('hex');
		this.settle(offset);
		return this.hash.copy().digest('hex');
	}

	/** Hashes the input before `offset`. */
	private settle(offset: number): void {
		if (offset < this.hashedTo || offset > this.addedTo) throw new RangeError(`cannot hash the input up to byte ${offset} (hashed to ${this.hashedTo}, read to ${this.addedTo})`);
		while (this.hashedTo < offset) {
			const chunk = this.held[0];
			const take = Math.min(chunk.length, offset - this.hashedTo);
			this.hash.update(take === chunk.length ? chunk : chunk.subarray(0, take));
			this.hashedTo += take;
			if (take === chunk.length) this.held.shift();
			else this.held[0] = chunk.subarray(take);
		}
	}
}
