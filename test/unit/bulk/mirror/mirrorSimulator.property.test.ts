/**
 * The mirror's domain against the simulator over HTTP: each run's lines go up as executions of one
 * USER_SEGMENT import, the journal is read back from the API (the import's executions, their
 * input_file_uri), and the simulator's membership table (segments-import.md, as it reads it) is
 * what must equal the list after a clean run. Faults: a part refused (never sent), an execution
 * that ends FAILED, a part created but unconfirmed, a run killed half way, a state not saved, an
 * older state handed back.
 */
import fc from 'fast-check';

import { canonicalJson, checkJournal, decodeState, deleteLine, diffMembers, encodeState, ListBuilder, markTouched, memberKeyAt, membersOfLine, nextJournal, nextMembers, updateLine, type ImportExecution, type MemberTable, type SendOutcome } from '../../../../nodes/Mediarithmics/bulk/mirror';
import { startSimulator, type Simulator } from '../../../simulator';
import { call, createImport, executionsPath, upload } from '../../../simulator/testClient';
import { lineOf, membershipOf, type Row } from './mirrorModel';

type Fault = 'ok' | 'failedExecution' | 'refused' | 'unconfirmed';
interface Faults {
	stateAge: number;
	partSize: number;
	parts: Fault[];
	killAfter: number;
	saved: boolean;
}
const CLEAN: Faults = { stateAge: 0, partSize: 1000, parts: ['ok'], killAfter: -1, saved: true };

let clock = 1_700_000_000_000;
let sim: Simulator;
beforeAll(async () => {
	// Each request a millisecond later, so creation dates order the executions.
	sim = await startSimulator({ now: () => ++clock });
});
afterAll(() => sim.stop());

interface ListedExecution {
	id: string;
	creation_date: number;
	status: string;
	result: { total_failure: number; input_file_uri: string } | null;
	parameters: { file_uri: string } | null;
}

async function executionsOf(importId: string): Promise<ListedExecution[]> {
	const answer = await call(sim, 'GET', `${executionsPath(importId)}?max_results=1000`);
	return answer.json.data;
}

const asImportExecution = (execution: ListedExecution): ImportExecution => ({ id: execution.id, creationDate: execution.creation_date, status: execution.status, totalFailure: execution.result?.total_failure });

async function linesOf(execution: ListedExecution): Promise<Array<Record<string, unknown>>> {
	const uri = execution.result?.input_file_uri ?? execution.parameters!.file_uri;
	const answer = await call(sim, 'GET', `/v1/data_file/data?uri=${encodeURIComponent(uri)}`);
	return answer.text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
}

class SimulatedMirror {
	readonly saved: Uint8Array[] = [];
	constructor(readonly importId: string) {}

	async run(rows: Row[], faults: Faults): Promise<void> {
		const stateBytes = this.saved[this.saved.length - 1 - Math.min(faults.stateAge, this.saved.length - 1)];
		let state: MemberTable | undefined;
		if (stateBytes) {
			const decoded = decodeState(stateBytes, { datamartId: '1509', importId: this.importId });
			const executions = await executionsOf(this.importId);
			const check = checkJournal(decoded.journal, executions.map(asImportExecution));
			expect(check.running).toEqual([]);
			const touched: Array<Record<string, unknown>> = [];
			for (const execution of executions) if (check.toRead.includes(execution.id)) touched.push(...(await linesOf(execution)));
			state = markTouched(decoded.members, touched);
		}
		const lines = rows.map(lineOf);
		const builder = new ListBuilder();
		lines.forEach((line, row) => builder.addLine(line, row));
		const list = builder.finish().table;
		const diff = diffMembers(list, state);
		const toSend: Array<{ line: Record<string, unknown>; kind: 'update' | 'delete'; position: number }> = [];
		diff.updates.forEach((listed, position) => toSend.push({ line: updateLine(memberKeyAt(list, listed), membersOfLine(lines[list.row[listed]], 1)!.rest), kind: 'update', position }));
		diff.deletes.forEach((kept, position) => toSend.push({ line: deleteLine(memberKeyAt(state!, kept)), kind: 'delete', position }));
		const updateOutcomes: SendOutcome[] = new Array(diff.updates.length).fill('uncertain');
		const deleteOutcomes: SendOutcome[] = new Array(diff.deletes.length).fill('uncertain');
		const created: string[] = [];
		for (let start = 0, part = 0; start < toSend.length; start += faults.partSize, part++) {
			if (part === faults.killAfter) return;
			const chunk = toSend.slice(start, start + faults.partSize);
			const fault = faults.parts[part % faults.parts.length];
			if (fault === 'refused') continue;
			const answer = await upload(sim, this.importId, chunk.map(({ line }) => JSON.stringify(line)).join('\n') + '\n');
			expect(answer.status).toBe(200);
			if (fault === 'unconfirmed') continue;
			if (fault === 'failedExecution') sim.finishExecution(answer.json.data.id, 'FAILED');
			created.push(answer.json.data.id);
			for (const { kind, position } of chunk) (kind === 'update' ? updateOutcomes : deleteOutcomes)[position] = 'accepted';
		}
		if (!faults.saved) return;
		const journal = nextJournal((await executionsOf(this.importId)).map(asImportExecution), created);
		const members = nextMembers(list, state, diff, updateOutcomes, deleteOutcomes);
		this.saved.push(encodeState({ datamartId: '1509', importId: this.importId, createdAt: clock, journal, members }));
	}
}

/** The simulator's membership as member key -> canonical rest, in the shape membershipOf gives. */
function simulatorMembership(): Map<string, string> {
	const found = new Map<string, string>();
	for (const [segment, members] of sim.segmentMembers()) {
		const [segmentBy, ...name] = segment.split(':');
		for (const member of members) {
			const line = { operation: 'UPDATE', ...member.identifier, [segmentBy]: name.join(':'), expiration_duration: 0, ...(member.data_bag ? { data_bag: member.data_bag } : {}) };
			const parsed = membersOfLine(line, 1)!;
			found.set(canonicalJson(parsed.keys[0]), canonicalJson(parsed.rest));
		}
	}
	return found;
}

const row: fc.Arbitrary<Row> = fc.record({
	who: fc.integer({ min: 0, max: 8 }),
	segments: fc.subarray(['a', 'b', '9'], { minLength: 1 }),
	bag: fc.integer({ min: 0, max: 2 }),
	flagged: fc.boolean(),
});
const list = fc.array(row, { maxLength: 12 });
const faults: fc.Arbitrary<Faults> = fc.record({
	stateAge: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
	partSize: fc.integer({ min: 1, max: 4 }),
	parts: fc.array(fc.constantFrom<Fault>('ok', 'ok', 'failedExecution', 'refused', 'unconfirmed'), { minLength: 1, maxLength: 4 }),
	killAfter: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }),
	saved: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

describe('segment mirror against the simulator (membership table, journal over HTTP)', () => {
	it('after faulty runs, a clean run leaves the simulator segment equal to the list', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(list, faults), { maxLength: 4 }), list, fc.integer({ min: 0, max: 2 }), async (runs, last, lastStateAge) => {
				sim.reset();
				const documentImport = await createImport(sim);
				const mirror = new SimulatedMirror(documentImport.id);
				await mirror.run(runs[0]?.[0] ?? [], CLEAN);
				for (const [rows, runFaults] of runs) await mirror.run(rows, runFaults);
				await mirror.run(last, { ...CLEAN, stateAge: lastStateAge });
				expect(new Map([...simulatorMembership()].sort())).toEqual(new Map([...membershipOf(last)].sort()));
			}),
			{ numRuns: 100 },
		);
	}, 240_000);
});
