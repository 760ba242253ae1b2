/**
 * A member of a mirrored segment: one identifier in one segment. Its key is kept in the form a line
 * sends it (an email only as its hash), so that a member who left the list can be sent a DELETE; the
 * key digest (SHA-256 of the key, 16 bytes) orders and matches members, the line digest (8 bytes)
 * tells a changed line (data bag, other fields) from an unchanged one.
 */
import * as crypto from 'crypto';

import { BulkInputError } from '../errors';
import { ByteReader, ByteWriter } from './bytes';

export type IdentifierField = 'email_hash' | 'user_account_id' | 'user_agent_id';
export type SegmentBy = 'segment_id' | 'segment_technical_name';

export interface MemberKey {
	identifier: IdentifierField;
	value: string;
	compartmentId?: string;
	segmentBy: SegmentBy;
	segment: string;
}

/** Identifier kinds in the encoded key (3 bits). */
const EMAIL_BYTES = 0;
const EMAIL_TEXT = 1;
const ACCOUNT = 2;
const ACCOUNT_IN_COMPARTMENT = 3;
const AGENT = 4;

const SHA256_HEX = /^[0-9a-f]{64}$/;

// One-shot hashing (Node 20.12 and later) costs a third of a Hash object: a list of millions hashes
// each member's key and line.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Uint8Array | string, outputEncoding: 'buffer') => Buffer }).hash;

function sha256(data: Uint8Array | string): Uint8Array {
	if (oneShotHash) return oneShotHash('sha256', data, 'buffer');
	return crypto.createHash('sha256').update(data).digest();
}

/** The identifier as bytes: kind, then the value (a lower-case hex SHA-256 as its 32 bytes). */
export function encodeIdentifier(key: Pick<MemberKey, 'identifier' | 'value' | 'compartmentId'>): Uint8Array {
	if (key.identifier === 'email_hash' && SHA256_HEX.test(key.value)) {
		const bytes = Buffer.allocUnsafe(33);
		bytes[0] = EMAIL_BYTES;
		bytes.write(key.value, 1, 'hex');
		return bytes;
	}
	const out = new ByteWriter(48);
	if (key.identifier === 'email_hash') {
		out.byte(EMAIL_TEXT);
		out.text(key.value);
	} else if (key.identifier === 'user_account_id') {
		out.byte(key.compartmentId ? ACCOUNT_IN_COMPARTMENT : ACCOUNT);
		out.text(key.value);
		if (key.compartmentId) out.text(key.compartmentId);
	} else {
		out.byte(AGENT);
		out.text(key.value);
	}
	return out.view().slice();
}

/** Reads one encoded identifier at the reader's offset (throws TruncatedError when cut short, RangeError on an unknown kind). */
export function readIdentifier(reader: ByteReader, kind: number): Pick<MemberKey, 'identifier' | 'value' | 'compartmentId'> {
	switch (kind) {
		case EMAIL_BYTES:
			return { identifier: 'email_hash', value: Buffer.from(reader.raw(32)).toString('hex') };
		case EMAIL_TEXT:
			return { identifier: 'email_hash', value: reader.text() };
		case ACCOUNT:
			return { identifier: 'user_account_id', value: reader.text() };
		case ACCOUNT_IN_COMPARTMENT: {
			const value = reader.text();
			return { identifier: 'user_account_id', value, compartmentId: reader.text() };
		}
		case AGENT:
			return { identifier: 'user_agent_id', value: reader.text() };
		default:
			throw new RangeError(`unknown identifier kind ${kind}`);
	}
}

/** Skips one encoded identifier (kind byte included) and returns its length in bytes. */
export function identifierLength(bytes: Uint8Array, offset: number): number {
	const reader = new ByteReader(bytes);
	reader.offset = offset + 1;
	readIdentifier(reader, bytes[offset]);
	return reader.offset - offset;
}

export function decodeIdentifier(bytes: Uint8Array): Pick<MemberKey, 'identifier' | 'value' | 'compartmentId'> {
	const reader = new ByteReader(bytes);
	return readIdentifier(reader, reader.byte());
}

/** A segment as the segment table holds it: "i:<id>" or "t:<technical name>". */
export function segmentText(segmentBy: SegmentBy, segment: string): string {
	return (segmentBy === 'segment_id' ? 'i:' : 't:') + segment;
}

export function segmentOf(text: string): { segmentBy: SegmentBy; segment: string } {
	return { segmentBy: text.startsWith('i:') ? 'segment_id' : 'segment_technical_name', segment: text.slice(2) };
}

/** The first 16 bytes of SHA-256 over the encoded identifier, a 0 byte and the segment's text. */
export function keyDigest(identifier: Uint8Array, segment: string): Uint8Array {
	const segmentBytes = Buffer.byteLength(segment, 'utf8');
	const input = Buffer.allocUnsafe(identifier.length + 1 + segmentBytes);
	input.set(identifier, 0);
	input[identifier.length] = 0;
	input.write(segment, identifier.length + 1, 'utf8');
	return sha256(input).subarray(0, 16);
}

const IDENTIFIER_FIELDS = ['email_hash', 'user_account_id', 'compartment_id', 'user_agent_id'];
const SEGMENT_FIELDS = ['segment_id', 'segment_ids', 'segment_technical_name', 'segment_technical_names'];
const KEY_FIELDS = new Set(['operation', ...IDENTIFIER_FIELDS, ...SEGMENT_FIELDS]);

/** The members a USER_SEGMENT line lists, and the part of the line that is not the key. */
export interface LineMembers {
	keys: MemberKey[];
	/** The line without operation, identifier and segment fields: what an UPDATE sends besides the key. */
	rest: Record<string, unknown>;
	/** First LINE_DIGEST_BYTES bytes of SHA-256 of the rest's canonical JSON (keys sorted), in 8 bytes. */
	lineDigest: Uint8Array;
}

function mirrorLineError(lineNumber: number, message: string, description: string): BulkInputError {
	return new BulkInputError(`Line ${lineNumber}: ${message}`, description, [{ line: lineNumber, reason: message }]);
}

/** A canonical JSON text: object keys sorted at every level, so that field order never reads as a change. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.sort()
			.filter((name) => (value as Record<string, unknown>)[name] !== undefined)
			.map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value);
}

function isZero(value: unknown): boolean {
	return value === 0 || value === '0';
}

/**
 * The members of one list line. A DELETE line (a row flagged by Remove When a Field Is True) lists
 * no member: it is left out of the list, and removed if the state holds it. Finite expirations are
 * refused (docs/mirror.md, Expirations).
 */
export function membersOfLine(line: Record<string, unknown>, lineNumber: number): LineMembers | undefined {
	if (line.operation === 'DELETE') return undefined;
	if (line.operation !== 'UPDATE') {
		throw mirrorLineError(lineNumber, `operation must be UPDATE or DELETE, got ${JSON.stringify(line.operation)}`, 'A mirror builds USER_SEGMENT lines: set Operation to Add to Segment (UPDATE) or Remove When a Field Is True.');
	}
	if (!isZero(line.expiration_duration) || (line.expiration_ts !== undefined && line.expiration_ts !== null && !isZero(line.expiration_ts))) {
		const value = isZero(line.expiration_duration) ? `expiration_ts ${JSON.stringify(line.expiration_ts)}` : `expiration_duration ${JSON.stringify(line.expiration_duration)}`;
		throw mirrorLineError(
			lineNumber,
			`a mirror cannot keep a member with a finite expiration (${value})`,
			'A mirror keeps a member as long as the list holds it, and sends unchanged members nothing, so an expiration would drop them silently. Set Expiration Duration to 0 and leave Expiration Timestamp empty; to make members leave the segment, leave them out of the list.',
		);
	}
	const identifiers = (['email_hash', 'user_account_id', 'user_agent_id'] as const).filter((field) => line[field] !== undefined && line[field] !== null);
	if (identifiers.length !== 1 || typeof line[identifiers[0]] !== 'string' || (line[identifiers[0]] as string).trim() === '') {
		throw mirrorLineError(lineNumber, 'the line needs exactly one identifier (email_hash, user_account_id or user_agent_id) as text', 'Set Identifier Type and map Identifier to a field every row has.');
	}
	const identifier = identifiers[0];
	// The state keeps identifiers as lines send them: a raw address must never get there (nor into the error).
	if (identifier === 'email_hash' && (line.email_hash as string).includes('@')) {
		throw mirrorLineError(lineNumber, 'email_hash holds "@": it looks like a raw email address, not a hash', 'A mirror keeps its members in the sync state as the lines send them: set Identifier Type to "Email (Hashed by the Node)", or hash the address before this node.');
	}
	const compartment = identifier === 'user_account_id' && typeof line.compartment_id === 'string' && line.compartment_id !== '' ? line.compartment_id : undefined;
	const segments: Array<{ segmentBy: SegmentBy; segment: string }> = [];
	const add = (segmentBy: SegmentBy, value: unknown) => {
		if (typeof value === 'string' && value.trim() !== '') segments.push({ segmentBy, segment: value });
		else if (value !== undefined && value !== null) throw mirrorLineError(lineNumber, `${segmentBy} ${JSON.stringify(value)} is not a segment`, 'Map Segment to a field that holds a segment ID or technical name.');
	};
	add('segment_id', line.segment_id);
	add('segment_technical_name', line.segment_technical_name);
	for (const [field, segmentBy] of [['segment_ids', 'segment_id'], ['segment_technical_names', 'segment_technical_name']] as const) {
		const list = line[field];
		if (list === undefined || list === null) continue;
		if (!Array.isArray(list)) throw mirrorLineError(lineNumber, `${field} must be a list`, 'Map Segment to a list, or to a JSON array text.');
		for (const value of list) add(segmentBy, value);
	}
	if (segments.length === 0) throw mirrorLineError(lineNumber, 'the line names no segment', 'Map Segment to a field every row has, or filter out the rows without one.');
	const value = line[identifier] as string;
	const keys = segments.map(({ segmentBy, segment }) => {
		const key: MemberKey = { identifier, value, segmentBy, segment };
		if (compartment !== undefined) key.compartmentId = compartment;
		return key;
	});
	const rest: Record<string, unknown> = {};
	for (const name of Object.keys(line)) if (!KEY_FIELDS.has(name)) rest[name] = line[name];
	return { keys, rest, lineDigest: lineDigestOf(rest) };
}

/**
 * Significant bytes of a line digest (48 bits; docs/mirror.md, The state, says why that is enough).
 * Tables keep 8 bytes a member, the last two 0, so a state of any version compares alike.
 */
export const LINE_DIGEST_BYTES = 6;

// Most rows of a list share their rest ({"expiration_duration":0}, a few data bags): the digests of
// the last texts seen are kept, up to a bound, so those rows cost no hashing.
const recentLineDigests = new Map<string, Uint8Array>();
const RECENT_LINE_DIGESTS = 1024;

export function lineDigestOf(rest: Record<string, unknown>): Uint8Array {
	const text = canonicalJson(rest);
	let digest = recentLineDigests.get(text);
	if (digest === undefined) {
		digest = new Uint8Array(8);
		digest.set(sha256(text).subarray(0, LINE_DIGEST_BYTES));
		if (recentLineDigests.size >= RECENT_LINE_DIGESTS) recentLineDigests.clear();
		recentLineDigests.set(text, digest);
	}
	return digest;
}

function keyFields(key: MemberKey): Record<string, unknown> {
	const line: Record<string, unknown> = { [key.identifier]: key.value };
	if (key.compartmentId !== undefined) line.compartment_id = key.compartmentId;
	line[key.segmentBy] = key.segment;
	return line;
}

/** The UPDATE line a member is sent: its key, then the rest of its list line. */
export function updateLine(key: MemberKey, rest: Record<string, unknown>): Record<string, unknown> {
	return { operation: 'UPDATE', ...keyFields(key), ...rest };
}

/** The DELETE line for a member who left the list. */
export function deleteLine(key: MemberKey): Record<string, unknown> {
	return { operation: 'DELETE', ...keyFields(key), expiration_duration: 0 };
}
