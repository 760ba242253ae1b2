/**
 * Every chunk read from an input, as bytes. The record conventions (line
 * endings, BOM, CSV quotes) are recordScanner.ts's.
 */
import { paceYoungGeneration } from './youngGenerationPacer';

/**
 * A chunk as a Buffer, without copying. Strings are refused: a stream with an
 * encoding set has already decoded (and possibly damaged) the bytes. Every
 * chunk read from an input passes here, so here the chunk's bytes are counted
 * towards the next minor collection (youngGenerationPacer.ts: why).
 */
export function asBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) {
		paceYoungGeneration(chunk.length);
		return chunk;
	}
	if (chunk instanceof Uint8Array) {
		paceYoungGeneration(chunk.byteLength);
		return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	}
	throw new TypeError(
		`The input stream must yield bytes (Buffer or Uint8Array), got ${typeof chunk}: do not set an encoding on it`,
	);
}
