/**
 * A fast path for the one-pass split (onePassSplit.ts): a run of NDJSON
 * lines that each end in a bare LF, none blank, is sent as it is in the
 * input. Such a run needs no record-by-record work, only its line count: a
 * few memchr-speed searches over the whole run instead of a callback, a
 * blank test and a batcher call per line (about half the split's time on a
 * file of 124-byte lines). Anything else (a CR, an empty line, a line that
 * starts with a space or a tab and so may be blank) is left to the record
 * scanner, which gives the same parts byte for byte.
 */

const LF = 0x0a;
const CR = 0x0d;
const EMPTY_LINE = Buffer.from('\n\n');
const SPACE_START = Buffer.from('\n ');
const TAB_START = Buffer.from('\n\t');

/**
 * The number of lines in chunk[from, to), or -1 when the run is not plain.
 * chunk[from - 1] must be the LF that ends the line before (so that every
 * line's first byte is looked at) and chunk[to - 1] an LF.
 */
export function plainLineCount(chunk: Buffer, from: number, to: number): number {
	const run = chunk.subarray(from - 1, to);
	if (run.indexOf(CR) !== -1 || run.indexOf(EMPTY_LINE) !== -1 || run.indexOf(SPACE_START) !== -1 || run.indexOf(TAB_START) !== -1) return -1;
	let lines = 0;
	for (let lf = chunk.indexOf(LF, from); lf !== -1 && lf < to; lf = chunk.indexOf(LF, lf + 1)) lines++;
	return lines;
}
