/**
 * The sync state's binary format (docs/mirror.md, The state): a header, a journal of executions,
 * a segment table, the members sorted by key digest, and a SHA-256 of it all. Reading it checks
 * everything, so a corrupt, cut or foreign file is a clear error and never a wrong diff.
 */
import { createHash } from 'crypto';

import { BulkInputError } from '../errors';
import { ByteReader, ByteWriter, TruncatedError } from './bytes';
import { keyDigest, LINE_DIGEST_BYTES, readIdentifier } from './memberKey';
import { compareDigests, REMOVED, UNCERTAIN, type MemberTable } from './memberTable';

const MAGIC = Buffer.from('MICSMIRR', 'latin1');
export const STATE_VERSION = 2;
/** Bytes of line digest a member takes in each version read: version 1 wrote 8 (read as its first 6). */
const LINE_DIGEST_BYTES_OF: Record<number, number> = { 1: 8, 2: LINE_DIGEST_BYTES };
const CHECKSUM_BYTES = 32;
const SEGMENT_INLINE_LIMIT = 7;

export interface JournalExecution {
	id: string;
	/** True once known to have ended SUCCEEDED with no failed line; false: its lines are still a question. */
	settled: boolean;
}

export interface MirrorJournal {
	/** Creation time (ms) of the newest execution of the import the state knows of. */
	knownThrough: number;
	executions: JournalExecution[];
}

export interface MirrorState {
	datamartId: string;
	importId: string;
	createdAt: number;
	journal: MirrorJournal;
	members: MemberTable;
}

/** A state that cannot be used: the message names the field and the fix. */
export class MirrorStateError extends BulkInputError {
	constructor(message: string, description: string) {
		super(message, description);
		this.name = 'MirrorStateError';
	}
}

/**
 * Writes a state whose members are handed over one by one in ascending key digest order, straight
 * into the file's bytes (no table of the next state is built: nextState.ts merges into it).
 */
export class StateWriter {
	private readonly out: ByteWriter;

	/** `identifierBytes`: the encoded identifiers' total length, to size the file once. */
	constructor(meta: Omit<MirrorState, 'members'>, segments: readonly string[], count: number, identifierBytes: number) {
		const out = (this.out = new ByteWriter(256 + segments.length * 16 + meta.journal.executions.length * 16 + identifierBytes + count * (1 + LINE_DIGEST_BYTES) + CHECKSUM_BYTES));
		out.raw(MAGIC);
		out.byte(STATE_VERSION);
		out.text(meta.datamartId);
		out.text(meta.importId);
		out.float64(meta.createdAt);
		out.float64(meta.journal.knownThrough);
		out.varint(meta.journal.executions.length);
		for (const execution of meta.journal.executions) {
			out.text(execution.id);
			out.byte(execution.settled ? 1 : 0);
		}
		out.varint(segments.length);
		for (const text of segments) {
			out.byte(text.startsWith('i:') ? 0 : 1);
			out.text(text.slice(2));
		}
		out.varint(count);
	}

	/** Member `index` of `table`, with these flags, in segment `segment` of the writer's segment table. */
	member(table: MemberTable, index: number, flags: number, segment: number): void {
		const out = this.out;
		const start = table.identifierStart[index];
		const inline = Math.min(segment, SEGMENT_INLINE_LIMIT);
		out.byte(table.identifiers[start] | ((flags & (UNCERTAIN | REMOVED)) << 3) | (inline << 5));
		if (inline === SEGMENT_INLINE_LIMIT) out.varint(segment);
		out.raw(table.identifiers.subarray(start + 1, table.identifierStart[index + 1]));
		out.raw(table.lineDigests.subarray(index * 8, index * 8 + LINE_DIGEST_BYTES));
	}

	/** The file: what was written, then its SHA-256. */
	finish(): Uint8Array {
		this.out.raw(createHash('sha256').update(this.out.view()).digest());
		return this.out.view();
	}
}

export function encodeState(state: MirrorState): Uint8Array {
	const { members } = state;
	const writer = new StateWriter(state, members.segments, members.count, members.identifierStart[members.count]);
	for (let index = 0; index < members.count; index++) writer.member(members, index, members.flags[index], members.segment[index]);
	return writer.finish();
}

const START_AFRESH = 'To start afresh, run without the state (remove its binary field): the whole list is sent, and members the list lacks are not removed.';

/** Reads a state; `expected` (this run's datamart and import) refuses a state of another mirror. */
export function decodeState(bytes: Uint8Array, expected?: { datamartId: string; importId: string }): MirrorState {
	if (bytes.length < MAGIC.length + 1 || !Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC)) {
		throw new MirrorStateError('The sync state is not a mirror state', `Its first bytes are not those of a state this node writes. Hand back the binary file a previous mirror run output. ${START_AFRESH}`);
	}
	const version = bytes[MAGIC.length];
	if (LINE_DIGEST_BYTES_OF[version] === undefined) {
		throw new MirrorStateError(`The sync state has format version ${version}; this node reads versions 1 to ${STATE_VERSION}`, `It was written by ${version > STATE_VERSION ? 'a newer' : 'another'} version of the node: update the node, or ${START_AFRESH.charAt(0).toLowerCase()}${START_AFRESH.slice(1)}`);
	}
	const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
	const checksum = bytes.subarray(bytes.length - CHECKSUM_BYTES);
	if (bytes.length < MAGIC.length + 1 + CHECKSUM_BYTES || !createHash('sha256').update(body).digest().equals(checksum)) {
		throw new MirrorStateError('The sync state is corrupt or cut short (its checksum does not match)', `The file changed after the mirror wrote it, or was stored only in part. Hand back the whole file the last run output. ${START_AFRESH}`);
	}
	// The error is built outside the catch: the node layer turns a BulkInputError into n8n's error.
	let failure: unknown;
	try {
		return readBody(new ByteReader(body), LINE_DIGEST_BYTES_OF[version], expected);
	} catch (error) {
		failure = error;
	}
	throw unreadable(failure);
}

function unreadable(error: unknown): unknown {
	if (!(error instanceof TruncatedError || error instanceof RangeError)) return error;
	return new MirrorStateError(`The sync state cannot be read: ${error.message}`, `Its checksum matches, so it was written this way: report it with the file's size. ${START_AFRESH}`);
}

function readBody(reader: ByteReader, digestBytes: number, expected?: { datamartId: string; importId: string }): MirrorState {
	reader.offset = MAGIC.length + 1;
	const datamartId = reader.text();
	const importId = reader.text();
	if (expected && (expected.datamartId !== datamartId || expected.importId !== importId)) {
		throw new MirrorStateError(
			`The sync state belongs to document import ${importId} of datamart ${datamartId}, not to this upload's import ${expected.importId} of datamart ${expected.datamartId}`,
			`Each mirror keeps its own state: hand back the state this mirror output, or set Upload To to the import of that state. ${START_AFRESH}`,
		);
	}
	const createdAt = reader.float64();
	const knownThrough = reader.float64();
	const executions: JournalExecution[] = [];
	for (let count = reader.varint(); count > 0; count--) {
		const id = reader.text();
		executions.push({ id, settled: reader.byte() === 1 });
	}
	const segments: string[] = [];
	for (let count = reader.varint(); count > 0; count--) {
		const kind = reader.byte();
		segments.push((kind === 0 ? 'i:' : 't:') + reader.text());
	}
	const count = reader.varint();
	// Each member takes at least a head byte, an identifier of 1 byte and its line digest: a count beyond that is not this file's.
	if (count * (2 + digestBytes) > reader.bytes.length - reader.offset) throw new TruncatedError(`it lists ${count} members in ${reader.bytes.length} bytes`);
	const members: MemberTable = {
		count,
		segments,
		keyDigests: new Uint8Array(count * 16),
		lineDigests: new Uint8Array(count * 8),
		flags: new Uint8Array(count),
		segment: new Uint32Array(count),
		identifierStart: new Uint32Array(count + 1),
		identifiers: new Uint8Array(reader.bytes.length - reader.offset),
		row: new Uint32Array(0),
	};
	let identifierEnd = 0;
	for (let index = 0; index < count; index++) {
		const head = reader.byte();
		const kind = head & 7;
		members.flags[index] = (head >> 3) & (UNCERTAIN | REMOVED);
		let segment = head >> 5;
		if (segment === SEGMENT_INLINE_LIMIT) segment = reader.varint();
		if (segment >= segments.length) throw new RangeError(`member ${index + 1} names segment ${segment} of ${segments.length}`);
		members.segment[index] = segment;
		const payloadStart = reader.offset;
		readIdentifier(reader, kind);
		members.identifiers[identifierEnd] = kind;
		members.identifiers.set(reader.bytes.subarray(payloadStart, reader.offset), identifierEnd + 1);
		const identifier = members.identifiers.subarray(identifierEnd, identifierEnd + 1 + reader.offset - payloadStart);
		identifierEnd += identifier.length;
		members.identifierStart[index + 1] = identifierEnd;
		members.lineDigests.set(reader.raw(digestBytes).subarray(0, LINE_DIGEST_BYTES), index * 8);
		members.keyDigests.set(keyDigest(identifier, segments[segment]), index * 16);
		if (index > 0 && compareDigests(members.keyDigests, index - 1, members.keyDigests, index) >= 0) {
			throw new RangeError(`members ${index} and ${index + 1} are out of order`);
		}
	}
	if (reader.offset !== reader.bytes.length) throw new RangeError(`${reader.bytes.length - reader.offset} bytes after the last member`);
	members.identifiers = members.identifiers.subarray(0, identifierEnd);
	return { datamartId, importId, createdAt, journal: { knownThrough, executions }, members };
}
