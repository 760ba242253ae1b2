/**
 * A fast verdict for the lines of every document type but USER_SEGMENT
 * (fastSegmentLine.ts), read straight from the bytes: a line whose shape
 * (lineShape.ts: each value reduced to the class the rules judge it by) is
 * that of a line the full rules already found valid, for the same document
 * type, is valid too. The full check (checkLine.ts) judges the first line of
 * each shape and every line without one, so this path holds no rule of its
 * own and never changes a verdict or a message.
 *
 * test/unit/bulk/fastLine.property.test.ts and fastLine.rulesChange.test.ts
 * check it against the full check on varied and mutated lines of every type.
 */
import { forgetHashedTexts } from './hashedTexts';
import { readLineShape, tokenCount, tokens } from './lineShape';

/** Shapes the full rules found valid, per document type and by hash; a hash's first shape only. */
const validShapes = new Map<string, Map<number, Int32Array>>();
/** Enough for the shapes of any file written by a few programs; past it, new shapes are judged line by line. */
const MAX_SHAPES = 4096;

/** The shape last read, when it had one and was not yet known valid: rememberValidLineShape keeps it. */
let pending: { shapes: Map<number, Int32Array>; hash: number } | undefined;

function shapeHash(): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < tokenCount; index++) hash = Math.imul(hash ^ tokens[index], 0x01000193);
	// 30 bits: a small integer to V8, which a Map key holds without allocating.
	return hash >>> 2;
}

function sameShape(known: Int32Array): boolean {
	if (known.length !== tokenCount) return false;
	for (let index = 0; index < tokenCount; index++) if (known[index] !== tokens[index]) return false;
	return true;
}

let lastType = '';
let lastShapes = new Map<number, Int32Array>();

function shapesOf(documentType: string): Map<number, Int32Array> {
	if (documentType === lastType) return lastShapes;
	let shapes = validShapes.get(documentType);
	if (shapes === undefined) validShapes.set(documentType, (shapes = new Map()));
	lastType = documentType;
	lastShapes = shapes;
	return shapes;
}

/**
 * True when bytes[from, to) has the shape of a line of `documentType` the
 * full rules found valid. False means "run the full check"; when the full
 * check then finds this same line valid, call rememberValidLineShape so that
 * the next lines of its shape are taken here.
 */
export function isKnownValidLine(documentType: string, bytes: Buffer, from: number, to: number): boolean {
	pending = undefined;
	if (!readLineShape(bytes, from, to)) return false;
	const shapes = shapesOf(documentType);
	const hash = shapeHash();
	const known = shapes.get(hash);
	if (known !== undefined && sameShape(known)) return true;
	if (known === undefined && shapes.size < MAX_SHAPES) pending = { shapes, hash };
	return false;
}

/** The line last given to isKnownValidLine was found valid by the full rules: its shape is valid. */
export function rememberValidLineShape(): void {
	if (pending === undefined) return;
	pending.shapes.set(pending.hash, tokens.slice(0, tokenCount));
	pending = undefined;
}

/** Forgets the shapes found valid (tests). */
export function forgetValidLineShapes(): void {
	validShapes.clear();
	forgetHashedTexts();
	lastType = '';
	lastShapes = new Map();
	pending = undefined;
}

/** How many shapes of `documentType` are known valid (tests). */
export function validLineShapeCount(documentType: string): number {
	return validShapes.get(documentType)?.size ?? 0;
}
