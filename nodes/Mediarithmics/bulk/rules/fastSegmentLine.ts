/**
 * A fast verdict for USER_SEGMENT lines, read straight from the bytes: a line
 * whose shape (segmentLineShape.ts: the class of each field's value) is that
 * of a line the full rules already found valid is valid too, as the rules
 * judge a line by those classes. The full check (checkLine.ts: UTF-8 decode,
 * JSON.parse, lineRules.ts) judges the first line of each shape, and every
 * line without a shape; so this path holds no rule of its own and follows the
 * rules whatever they become, and it never changes a verdict or a message.
 *
 * test/unit/bulk/fastSegmentLine.property.test.ts checks, on varied,
 * generated and mutated lines, that a line taken here is one the full check
 * accepts, and that the lines of real files are taken.
 */
import { readSegmentShape, shape, SHAPE_SLOTS } from './segmentLineShape';
import { forgetTemplate, learnTemplate, matchesTemplate } from './segmentLineTemplate';

/** Shapes of lines the full rules found valid, by hash; a hash's first shape only. */
const validShapes = new Map<number, Int32Array>();
/** Enough for the shapes of any file written by a few programs; past it, new shapes are judged line by line. */
const MAX_SHAPES = 4096;

/** The shape last read, when it had one and was not yet known valid: rememberValidSegmentShape keeps it. */
let pendingHash = 0;
let pending = false;

function shapeHash(): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < SHAPE_SLOTS; index++) hash = Math.imul(hash ^ shape[index], 0x01000193);
	// 30 bits: a small integer to V8, which a module variable and a Map key hold without allocating.
	return hash >>> 2;
}

function sameShape(known: Int32Array): boolean {
	for (let index = 0; index < SHAPE_SLOTS; index++) if (known[index] !== shape[index]) return false;
	return true;
}

/**
 * True when bytes[from, to) has the shape of a line the full rules found
 * valid. False means "run the full check"; when the full check then finds
 * this same line valid, call rememberValidSegmentShape so that the next lines
 * of its shape are taken here.
 */
export function isKnownValidSegmentLine(bytes: Buffer, from: number, to: number): boolean {
	pending = false;
	if (templateTurns === 0 && templatePause === 0) {
		// A window of turns is over: another one if the learnt text took half its lines, else a pause.
		if (templateHits * 2 >= TEMPLATE_TURNS) templateTurns = TEMPLATE_TURNS;
		else templatePause = TEMPLATE_PAUSE;
		templateHits = 0;
	}
	if (templateTurns > 0) {
		templateTurns--;
		if (matchesTemplate(bytes, from, to)) {
			templateHits++;
			return true;
		}
	} else if (--templatePause === 0) {
		templateTurns = TEMPLATE_TURNS;
	}
	if (!readSegmentShape(bytes, from, to)) return false;
	const hash = shapeHash();
	if (inRecentShapes(hash) || knownValid(hash)) {
		// Lines written alike come in runs: the text of this one is learnt, unless the learnt one is doing well.
		// At most one line in 8 is learnt, so that lines of many shapes taking turns cost little.
		if (templateTurns > 0 && templateTurns % 8 === 0 && templateHits * 2 <= TEMPLATE_TURNS - templateTurns) learnTemplate(bytes, from, to);
		return true;
	}
	pending = !validShapes.has(hash) && validShapes.size < MAX_SHAPES;
	pendingHash = hash;
	return false;
}

/** Known-valid shapes by the low bits of their hash, one per slot: most lines find theirs here, without the Map. */
const RECENT_SLOTS = 1024;
const recentHashes = new Int32Array(RECENT_SLOTS).fill(-1);
const recentShapes = new Int32Array(RECENT_SLOTS * SHAPE_SLOTS);

function inRecentShapes(hash: number): boolean {
	const slot = hash & (RECENT_SLOTS - 1);
	if (recentHashes[slot] !== hash) return false;
	const base = slot * SHAPE_SLOTS;
	for (let index = 0; index < SHAPE_SLOTS; index++) if (recentShapes[base + index] !== shape[index]) return false;
	return true;
}

/** Whether the shape just read is known valid (the Map); if so it takes its slot among the recent ones. */
function knownValid(hash: number): boolean {
	const known = validShapes.get(hash);
	if (known === undefined || !sameShape(known)) return false;
	const slot = hash & (RECENT_SLOTS - 1);
	recentHashes[slot] = hash;
	recentShapes.set(known, slot * SHAPE_SLOTS);
	return true;
}

/**
 * The learnt text (segmentLineTemplate.ts) is tried on TEMPLATE_TURNS lines
 * in a row, then left alone for TEMPLATE_PAUSE lines when it took fewer than
 * half of them: on a file of many shapes it costs little, on a file of one
 * shape it takes nearly every line.
 */
const TEMPLATE_TURNS = 256;
const TEMPLATE_PAUSE = 4096;
let templateTurns = TEMPLATE_TURNS;
let templateHits = 0;
let templatePause = 0;

function resetTemplateTurns(): void {
	templateTurns = TEMPLATE_TURNS;
	templateHits = 0;
	templatePause = 0;
}

/** The line last given to isKnownValidSegmentLine was found valid by the full rules: its shape is valid. */
export function rememberValidSegmentShape(): void {
	if (!pending) return;
	validShapes.set(pendingHash, Int32Array.from(shape));
	pending = false;
}

/** Forgets the shapes found valid (tests). */
export function forgetValidSegmentShapes(): void {
	validShapes.clear();
	recentHashes.fill(-1);
	forgetTemplate();
	resetTemplateTurns();
	pending = false;
}

/** How many shapes are known valid (tests). */
export function validSegmentShapeCount(): number {
	return validShapes.size;
}
