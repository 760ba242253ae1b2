/**
 * Keys and words that the line shapes (lineShape.ts) name by two 32-bit
 * hashes of their text. Two texts of the same hashes would make two lines of
 * different keys or words look alike, and the fast check could then take a
 * line the rules refuse. So the first text met for each pair of hashes is
 * kept, and a later text with the same pair must be the same bytes: if not
 * (or once the table is full), the line has no shape and goes to the full
 * check. A pair therefore stands for one text, and shapes that compare pairs
 * compare texts.
 */

const SLOTS = 1 << 14;
/** Past this many texts, new ones are not kept (their lines go to the full check). */
const MAX_TEXTS = SLOTS >> 1;
const ARENA_BYTES = 256 * 1024;

const firstHashes = new Int32Array(SLOTS);
const secondHashes = new Int32Array(SLOTS);
/** Where each slot's text is in `arena`, or -1 for a free slot. */
const starts = new Int32Array(SLOTS).fill(-1);
const lengths = new Int32Array(SLOTS);
const arena = Buffer.alloc(ARENA_BYTES);
let arenaUsed = 0;
let textCount = 0;

/**
 * True when bytes[from, to) is the text kept for this pair of hashes, or is
 * kept now as the first one of its pair; false when another text has that
 * pair, or when no more texts can be kept.
 */
export function isTextOfHashes(bytes: Buffer, from: number, to: number, first: number, second: number): boolean {
	const length = to - from;
	for (let slot = first & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
		const start = starts[slot];
		if (start === -1) {
			if (textCount === MAX_TEXTS || arenaUsed + length > ARENA_BYTES) return false;
			bytes.copy(arena, arenaUsed, from, to);
			firstHashes[slot] = first;
			secondHashes[slot] = second;
			starts[slot] = arenaUsed;
			lengths[slot] = length;
			arenaUsed += length;
			textCount++;
			return true;
		}
		if (firstHashes[slot] === first && secondHashes[slot] === second) {
			if (lengths[slot] !== length) return false;
			for (let offset = 0; offset < length; offset++) if (arena[start + offset] !== bytes[from + offset]) return false;
			return true;
		}
	}
}

/** Forgets the texts (only together with every shape that names them: lineShape.ts's users). */
export function forgetHashedTexts(): void {
	starts.fill(-1);
	arenaUsed = 0;
	textCount = 0;
}
