/**
 * A fast path for the one-pass split (onePassSplit.ts): a run of NDJSON
 * lines that each end in a bare LF, none blank, is sent as it is in the
 * input. Such a run needs no record-by-record work, only its line count:
 * instead of a callback, a blank test and a batcher call per line, one
 * memchr per line and a look at its first byte. Anything else (a CR, an empty line, a line that
 * starts with a space or a tab and so may be blank) is left to the record
 * scanner, which gives the same parts byte for byte.
 */

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * The number of lines in chunk[from, to), or -1 when the run is not plain.
 * chunk[from - 1] must be the LF that ends the line before (so that every
 * line's first byte is looked at) and chunk[to - 1] an LF. One memchr for a
 * CR, one per line for its LF, and a look at each line's first byte (an
 * empty line, or one that starts with a space or a tab, may be blank).
 * (Buffer#indexOf with a two-byte needle, tried first, was three times as slow.)
 */
export function plainLineCount(chunk: Buffer, from: number, to: number): number {
	const cr = chunk.indexOf(CR, from);
	if (cr !== -1 && cr < to) return -1;
	let lines = 0;
	for (let start = from; start < to; lines++) {
		const first = chunk[start];
		if (first === LF || first === SPACE || first === TAB) return -1;
		start = chunk.indexOf(LF, start) + 1;
	}
	return lines;
}
