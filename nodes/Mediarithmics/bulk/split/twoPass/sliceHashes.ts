/**
 * The SHA-256 of each part's slice of the input. Pass 1 computes them as it
 * plans (a part's end is known only when the record after it is seen, so the
 * bytes since the last record's end are held until then); pass 2 compares
 * each part's slice before the part's last bytes leave, so a second read
 * that differs inside a part (same length, same line count) sends no part
 * whose lines were not the ones checked.
 */
import { createHash, type Hash } from 'crypto';

export class SliceHasher {
	readonly digests: string[] = [];
	private hash: Hash = createHash('sha256');
	/** Bytes from `hashedTo` on, not yet hashed (their part is not known yet). */
	private readonly held: Buffer[] = [];
	private hashedTo = 0;

	add(chunk: Buffer): void {
		if (chunk.length > 0) this.held.push(chunk);
	}

	/**
	 * Hash the bytes before `offset`: no part can start before it any more.
	 * `starts` are the parts' input starts so far, in order (part 1's first).
	 */
	settle(offset: number, starts: readonly number[]): void {
		while (this.hashedTo < offset) {
			const next = starts[this.digests.length + 1];
			const end = next !== undefined && next <= offset ? next : offset;
			this.feed(end);
			if (end !== next) break;
			this.digests.push(this.hash.digest('hex'));
			this.hash = createHash('sha256');
		}
	}

	finish(inputEnd: number, starts: readonly number[]): string[] {
		this.settle(inputEnd, starts);
		this.digests.push(this.hash.digest('hex'));
		return this.digests;
	}

	private feed(end: number): void {
		while (this.held.length > 0 && this.hashedTo < end) {
			const chunk = this.held[0];
			const take = Math.min(chunk.length, end - this.hashedTo);
			this.hash.update(take === chunk.length ? chunk : chunk.subarray(0, take));
			this.hashedTo += take;
			if (take === chunk.length) this.held.shift();
			else this.held[0] = chunk.subarray(take);
		}
	}
}

/** Pass 2: one part's slice, hashed as it is read. */
export function sliceHash(): Hash {
	return createHash('sha256');
}
