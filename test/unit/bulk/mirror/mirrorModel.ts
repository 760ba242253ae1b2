/**
 * A model of mirror runs for the property test: the platform's membership table (applying
 * USER_SEGMENT lines as the docs describe: UPDATE inserts or updates, DELETE removes), the import's
 * executions as the journal, and faults per part. The runs use only the domain code of bulk/mirror,
 * the way the node stage does: read the state, mark what the journal cannot vouch for, diff, send,
 * write the next state.
 */
import {
	canonicalJson,
	decodeState,
	deleteLine,
	diffMembers,
	encodeState,
	keysOfSentLine,
	ListBuilder,
	markTouched,
	memberKeyAt,
	membersOfLine,
	nextMembers,
	UNCERTAIN,
	updateLine,
	type MemberTable,
	type SendOutcome,
} from '../../../../nodes/Mediarithmics/bulk/mirror';
import { emailHash } from './helpers';

export interface Row {
	who: number;
	segments: string[];
	bag: number;
	flagged: boolean;
}

/** What becomes of one part: applied and confirmed, some lines failed (the error file), refused, created but unconfirmed, lost. */
export type PartFault = 'ok' | 'lineFailures' | 'refused' | 'unknownApplied' | 'unknownLost';

export interface RunFaults {
	/** Which saved state the workflow hands back: the latest, or an older one (index from the end). */
	stateAge: number;
	partSize: number;
	parts: PartFault[];
	/** Lines that fail in a 'lineFailures' part, by position modulo. */
	failEvery: number;
	/** The run is killed after this many parts (no state output); -1: not killed. */
	killAfter: number;
	saved: boolean;
}

export const CLEAN: RunFaults = { stateAge: 0, partSize: 1000, parts: [], failEvery: 1, killAfter: -1, saved: true };

export function lineOf(row: Row): Record<string, unknown> {
	const who = row.who;
	const identity = who % 3 === 0 ? { email_hash: emailHash(`p${who}`) } : who % 3 === 1 ? { user_account_id: `u${who}`, compartment_id: '7' } : { user_agent_id: `vec:${who}` };
	const line: Record<string, unknown> = { operation: row.flagged ? 'DELETE' : 'UPDATE', ...identity };
	const ids = row.segments.filter((segment) => /^\d+$/.test(segment));
	const names = row.segments.filter((segment) => !/^\d+$/.test(segment));
	if (ids.length === 1) line.segment_id = ids[0];
	if (ids.length > 1) line.segment_ids = ids;
	if (names.length === 1) line.segment_technical_name = names[0];
	if (names.length > 1) line.segment_technical_names = names;
	line.expiration_duration = 0;
	if (row.bag > 0) line.data_bag = JSON.stringify({ tier: row.bag });
	return line;
}

const keyText = (line: Record<string, unknown>) => keysOfSentLine(line, 'model').map((key) => canonicalJson(key));

/** The membership a list asks for: member key -> canonical rest of its line, the later row winning. */
export function membershipOf(rows: Row[]): Map<string, string> {
	const wanted = new Map<string, string>();
	for (const row of rows) {
		const line = lineOf(row);
		const members = membersOfLine(line, 1);
		if (!members) continue;
		for (const key of members.keys) wanted.set(canonicalJson(key), canonicalJson(members.rest));
	}
	return wanted;
}

interface Execution {
	id: number;
	lines: Array<Record<string, unknown>>;
	clean: boolean;
}

export interface RunRecord {
	/** Member keys of every line sent. */
	sent: string[];
	/** Keys that differed between the platform and the list when the run started. */
	differences: Set<string>;
	/** Keys the state (after the journal) held as uncertain. */
	uncertain: Set<string>;
}

export class MirrorWorld {
	readonly platform = new Map<string, string>();
	readonly journal: Execution[] = [];
	readonly savedStates: Uint8Array[] = [];

	private apply(line: Record<string, unknown>): void {
		const keys = keyText(line);
		if (line.operation === 'DELETE') for (const key of keys) this.platform.delete(key);
		else {
			const rest = membersOfLine(line, 1)!.rest;
			for (const key of keys) this.platform.set(key, canonicalJson(rest));
		}
	}

	run(rows: Row[], faults: RunFaults): RunRecord {
		const stateBytes = this.savedStates[this.savedStates.length - 1 - Math.min(faults.stateAge, this.savedStates.length - 1)];
		let state: MemberTable | undefined;
		let knownThrough = 0;
		if (stateBytes) {
			const decoded = decodeState(stateBytes, { datamartId: '1', importId: '2' });
			knownThrough = decoded.journal.knownThrough;
			const pending = new Set(decoded.journal.executions.filter((execution) => !execution.settled).map((execution) => Number(execution.id)));
			// The journal: executions the state does not know, and its own that did not end cleanly.
			const touched = this.journal.filter((execution) => execution.id >= knownThrough || (pending.has(execution.id) && !execution.clean)).flatMap((execution) => execution.lines);
			state = markTouched(decoded.members, touched);
		}
		const listBuilder = new ListBuilder();
		const lines = rows.map(lineOf);
		lines.forEach((line, row) => listBuilder.addLine(line, row));
		const list = listBuilder.finish().table;
		const diff = diffMembers(list, state);

		const wanted = membershipOf(rows);
		const differences = new Set<string>();
		for (const key of new Set([...wanted.keys(), ...this.platform.keys()])) if (wanted.get(key) !== this.platform.get(key)) differences.add(key);
		const uncertain = new Set<string>();
		for (let index = 0; state && index < state.count; index++) if (state.flags[index] & UNCERTAIN) uncertain.add(canonicalJson(memberKeyAt(state, index)));

		const toSend: Array<{ line: Record<string, unknown>; kind: 'update' | 'delete'; position: number }> = [];
		diff.updates.forEach((listed, position) => {
			const rest = membersOfLine(lines[list.row[listed]], list.row[listed] + 1)!.rest;
			toSend.push({ line: updateLine(memberKeyAt(list, listed), rest), kind: 'update', position });
		});
		diff.deletes.forEach((kept, position) => toSend.push({ line: deleteLine(memberKeyAt(state!, kept)), kind: 'delete', position }));
		const updateOutcomes: SendOutcome[] = new Array(diff.updates.length).fill('uncertain');
		const deleteOutcomes: SendOutcome[] = new Array(diff.deletes.length).fill('uncertain');
		const created: string[] = [];
		const sent: string[] = [];
		let killed = false;
		for (let start = 0, part = 0; start < toSend.length; start += faults.partSize, part++) {
			if (part === faults.killAfter) {
				killed = true;
				break;
			}
			const chunk = toSend.slice(start, start + faults.partSize);
			const fault = faults.parts[part % Math.max(1, faults.parts.length)] ?? 'ok';
			if (fault === 'refused' || fault === 'unknownLost') continue;
			const id = this.journal.length;
			const failed = (index: number) => fault === 'lineFailures' && index % faults.failEvery === 0;
			chunk.forEach(({ line }, index) => {
				sent.push(...keyText(line));
				if (!failed(index)) this.apply(line);
			});
			this.journal.push({ id, lines: chunk.map(({ line }) => line), clean: fault !== 'lineFailures' });
			if (fault === 'unknownApplied') continue;
			created.push(String(id));
			for (const { kind, position } of chunk) (kind === 'update' ? updateOutcomes : deleteOutcomes)[position] = 'accepted';
		}
		if (!killed && faults.saved) {
			const members = nextMembers(list, state, diff, updateOutcomes, deleteOutcomes);
			this.savedStates.push(
				encodeState({
					datamartId: '1',
					importId: '2',
					createdAt: 0,
					journal: { knownThrough: this.journal.length, executions: created.map((id) => ({ id, settled: false })) },
					members,
				}),
			);
		}
		return { sent, differences, uncertain };
	}
}
