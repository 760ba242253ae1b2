import type { ItemEncoder } from './itemParts';

/** Distinct lines whose size and verdict are kept; past that many, lines are measured one by one. */
const MAX_KNOWN_LINES = 1024;

/**
 * A line's size in bytes and its verdict (check, with validation), as pass 1
 * needs them. Both are functions of the line's text alone, so a line whose
 * kind and key were met before is not written and checked again: with the email
 * digests left out (recordLines.ts), the rows of a CRM export write a
 * handful of distinct lines (an operation and a segment each), and the key
 * (the segment, a few characters; the kind is the operation) is looked up for much less than the line's
 * text would be (hashing a concatenated string flattens it first) or a
 * write plus a check. Keys past MAX_KNOWN_LINES distinct ones are measured
 * line by line.
 */
export class LineMeasure {
	size = 0;
	reason: string | undefined;
	private buffer = Buffer.allocUnsafe(64 * 1024);
	/** By kind, then key. */
	private readonly known = [new Map<string, { size: number; reason: string | undefined }>(), new Map<string, { size: number; reason: string | undefined }>()];
	private knownCount = 0;

	constructor(
		private readonly encoder: ItemEncoder,
		private readonly validate: boolean,
		private readonly tooLarge: (size: number) => void,
	) {}

	/** Sets size and reason for the line of `kind` (0 or 1) and `key` (equal kinds and keys, equal lines), written by `line` when they are new. */
	measureKeyed(kind: number, key: string, line: () => string): void {
		const known = this.known[kind].get(key);
		if (known !== undefined) {
			this.size = known.size;
			this.reason = known.reason;
			return;
		}
		this.measure(line());
		if (this.knownCount < MAX_KNOWN_LINES) {
			this.known[kind].set(key, { size: this.size, reason: this.reason });
			this.knownCount++;
		}
	}

	/** Sets size and reason for `text`, a line with its LF. */
	measure(text: string): void {
		// UTF-8 takes at most 3 bytes per UTF-16 unit.
		if (text.length * 3 > this.buffer.length) this.buffer = Buffer.allocUnsafe(text.length * 3);
		this.size = this.buffer.write(text, 0, 'utf8');
		this.tooLarge(this.size);
		this.reason = this.validate ? this.encoder.checkAt(this.buffer, this.size) : undefined;
	}
}
