import { hashEmail, jsonString, type EmailHashOptions } from '../../../../../bulk';
import { flagOf } from './flag';
import { VARIES, type RecordMapper } from './recordMapping';
import { templateChunks } from './simpleMapping';

/**
 * The NDJSON line of a CSV record written straight from its cells, for the
 * USER_SEGMENT mappings a user drags in (Identifier `{{ $json.email }}`,
 * Segment `newsletter_{{ $json.tier }}`, the operation constant or Remove
 * When a Field Is True, constants elsewhere): the very text that buildLine
 * then stringifyFaithfully give for the record as an object, without the
 * object, the line object, the context's parameter look-ups or the JSON
 * walk (test/unit/mapping/recordLines.differential.test.ts compares the two
 * over generated records and mappings). A record the general way would
 * refuse or could write otherwise (an empty identifier, a flag neither true
 * nor false) gets undefined, and is mapped the general way.
 *
 * Pass 1 only checks and measures the lines, so it need not hash the emails:
 * with `hashEmails` false the digest is written as that many "0"s. A digest
 * is always the same number of lower-case hex digits for an algorithm
 * (hashEmail: `digest('hex')`), which JSON writes as they are, and the checks
 * of email_hash (lineRules.ts: a non-empty string; fastSegmentLine.ts: a
 * plain ASCII string) accept any of them: the line has pass 2's length and
 * pass 2's verdict, and pass 2, which hashes, writes the line that is sent.
 */
export interface RecordLineWriter {
	/** The record's line, with its LF; undefined: the record goes the general way. */
	line(cells: readonly string[], hashEmails: boolean): string | undefined;
	/**
	 * With the email hashed: what decides pass 1's line, the operation (0
	 * UPDATE, 1 DELETE: keyKind, set by each call) and what decides the
	 * segment's text (returned: the segment's cell, or the text itself):
	 * equal kinds and keys, equal `line(cells, false)`; undefined
	 * exactly when that line is. Pass 1 measures and checks a line once per
	 * key (bulk/split/items/lineMeasure.ts).
	 */
	key?: (cells: readonly string[]) => string | undefined;
	keyKind: number;
	/** Set by each call of `line`: the line holds ASCII characters only (false when not known). */
	ascii: boolean;
	/** The cells it reads (the others need not be read out of the record). */
	readonly reads: readonly number[];
}

/** Literal text, or the index of a cell. */
type TextSource = ReadonlyArray<string | number>;

const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha1: 40, md5: 32 };
const NORMALISATIONS = new Set(['trim-lowercase', 'none']);
const SEGMENT_KEYS = new Set(['segment_id', 'segment_technical_name']);
const IDENTIFIER_KEYS = new Set(['email', 'user_account_id', 'user_agent_id']);

/** The writer for these parameters and CSV columns, or undefined when the mapping is not of that kind. */
export function compileRecordLines(mapper: RecordMapper, columns: readonly string[]): RecordLineWriter | undefined {
	// A mapping compiled here is checked against the header as the general way checks it (an unknown column is a setup error).
	mapper.useColumns(columns);
	const constant = (name: string, fallback?: unknown) => mapper.constantOf(name, fallback);
	if (constant('lineDocumentType') !== 'USER_SEGMENT') return undefined;
	const type = constant('identifierType');
	const identifier = textSource(mapper.rawOf('identifier', undefined), columns);
	const segmentBy = constant('segmentBy');
	const segment = textSource(mapper.rawOf('segment', undefined), columns);
	const operation = constant('lineOperation');
	const expiration = constant('expirationDuration');
	const dataBag = constant('dataBag', '');
	const additional = constant('segmentAdditionalFields', {});
	if (typeof type !== 'string' || !IDENTIFIER_KEYS.has(type) || identifier === undefined || segment === undefined) return undefined;
	if (typeof segmentBy !== 'string' || !SEGMENT_KEYS.has(segmentBy)) return undefined;
	if (typeof expiration !== 'number' || !Number.isFinite(expiration)) return undefined;
	if (dataBag !== '' && dataBag !== undefined && dataBag !== null) return undefined;
	if (typeof additional !== 'object' || additional === null || Object.keys(additional).length > 0) return undefined;

	let hashing: EmailHashOptions | undefined;
	let placeholder = '';
	let identifierTail = '';
	if (type === 'email') {
		const options = constant('emailHashing', {});
		if (typeof options !== 'object' || options === null) return undefined;
		const { algorithm = 'sha256', normalisation = 'trim-lowercase' } = options as { algorithm?: unknown; normalisation?: unknown };
		if (typeof algorithm !== 'string' || DIGEST_LENGTHS[algorithm] === undefined || typeof normalisation !== 'string' || !NORMALISATIONS.has(normalisation)) return undefined;
		hashing = { algorithm, normalisation } as EmailHashOptions;
		placeholder = '0'.repeat(DIGEST_LENGTHS[algorithm]);
	} else if (type === 'user_account_id') {
		const compartment = constant('compartmentId', '');
		if (compartment === VARIES) return undefined;
		const text = String(compartment ?? '').trim();
		if (text !== '') identifierTail = `,"compartment_id":${jsonString(text)}`;
	}

	// After the identifier's parameters, as buildLine reads them: a column the header lacks is then named
	// by the same parameter as in the general way (Remove When Field Is True's is checked here).
	let flagCell = -1;
	if (operation === 'removeWhenTrue') {
		const field = constant('removeWhenField');
		flagCell = field === VARIES ? -1 : columns.indexOf(String(field ?? '').trim());
		if (flagCell === -1) return undefined;
	} else if (operation !== 'UPDATE' && operation !== 'DELETE') {
		return undefined;
	}

	// The line's fixed text, in buildLine's key order: operation, identifier, segment, expiration.
	const key = type === 'email' ? 'email_hash' : type;
	// An email digest needs no escape: its quotes are part of the fixed text around it.
	const open = hashing === undefined ? '' : '"';
	const head = (op: string) => `{"operation":"${op}",${jsonString(key)}:${open}`;
	const update = head('UPDATE');
	const remove = head('DELETE');
	const fixed = operation === 'DELETE' ? remove : update;
	const middle = `${open}${identifierTail},${jsonString(segmentBy)}:`;
	const tail = `,"expiration_duration":${JSON.stringify(expiration)}}\n`;
	const segmentAfter = segmentTail(segment, middle, tail);

	/** The operation's text for the record, or undefined when the general way must say why there is none. */
	const startOf = (cells: readonly string[], value: string): string | undefined => {
		if (value === '') return undefined;
		if (flagCell === -1) return fixed;
		const flag = flagOf(cells[flagCell]);
		return flag === undefined ? undefined : flag ? remove : update;
	};
	const writer: RecordLineWriter = {
		keyKind: 0,
		ascii: false,
		reads: [...identifier, ...segment, flagCell].filter((piece): piece is number => typeof piece === 'number' && piece !== -1),
		line: (cells, hashEmails) => {
			const value = textOf(identifier, cells).trim();
			const start = startOf(cells, value);
			if (start === undefined) return undefined;
			const end = segmentAfter.end(cells);
			if (hashing === undefined) {
				writer.ascii = false;
				return start + jsonString(value) + end.text;
			}
			// The operation's text and a digest are ASCII: the segment's text decides.
			writer.ascii = end.ascii;
			return start + (hashEmails ? hashEmail(value, hashing) : placeholder) + end.text;
		},
	};
	if (hashing !== undefined) {
		writer.key = (cells) => {
			const start = startOf(cells, textOf(identifier, cells).trim());
			if (start === undefined) return undefined;
			writer.keyKind = start === remove ? 1 : 0;
			return segmentAfter.key(cells);
		};
	}
	return writer;
}

/** A parameter read as text from the cells (String(value ?? '') of the mapping's value), or undefined when it is not that simple. */
function textSource(raw: unknown, columns: readonly string[]): TextSource | undefined {
	if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return [String(raw ?? '')];
	if (typeof raw !== 'string') return undefined;
	const chunks = templateChunks(raw);
	if (chunks === undefined) return undefined;
	const pieces: Array<string | number> = [];
	for (const chunk of chunks) {
		if ('text' in chunk) {
			pieces.push(chunk.text);
			continue;
		}
		// A cell is a string: `$json.column` is that string, `$json.column.length` would be another thing.
		const cell = chunk.path.length === 1 ? columns.indexOf(chunk.path[0]) : -1;
		if (cell === -1) return undefined;
		pieces.push(cell);
	}
	return pieces;
}

/** The end of a line from its segment on. */
interface LineEnd {
	text: string;
	/** `text` holds ASCII characters only. */
	ascii: boolean;
}

/** Distinct segments whose end of line is kept; past that many, each line's is written anew. */
const MAX_KNOWN_SEGMENTS = 1024;

/**
 * The end of a line from its segment on (`before`, the segment as JSON text,
 * `after`), kept by what decides it: a CRM export names a handful of
 * segments, so each is trimmed, escaped and joined once instead of once a
 * row. With a single cell in the segment's text that cell alone decides it
 * (the rest is literal), and is the key: no text is built to look it up.
 */
function segmentTail(segment: TextSource, before: string, after: string): { end(cells: readonly string[]): LineEnd; key(cells: readonly string[]): string } {
	const cellPieces = segment.filter((piece) => typeof piece === 'number');
	const keyOf = cellPieces.length === 1 ? (cells: readonly string[]) => cells[cellPieces[0] as number] : (cells: readonly string[]) => textOf(segment, cells);
	const known = new Map<string, LineEnd>();
	return {
		key: keyOf,
		end: (cells) => {
			const key = keyOf(cells);
			let end = known.get(key);
			if (end === undefined) {
				const text = before + jsonString(textOf(segment, cells).trim()) + after;
				end = { text, ascii: ASCII_ONLY.test(text) };
				if (known.size < MAX_KNOWN_SEGMENTS) known.set(key, end);
			}
			return end;
		},
	};
}

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

function textOf(source: TextSource, cells: readonly string[]): string {
	if (source.length === 1) return typeof source[0] === 'string' ? source[0] : cells[source[0]];
	let text = '';
	for (let index = 0; index < source.length; index++) {
		const piece = source[index];
		text += typeof piece === 'string' ? piece : cells[piece];
	}
	return text;
}
