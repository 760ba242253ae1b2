/**
 * Upload's Mirror option inside a real n8n: the crm-mirror-to-segment example, run with `n8n execute`
 * against the simulator, keeps the sync state on disk between runs with n8n's own Read/Write Files from
 * Disk. Runs in order on one import: a full refresh, a run that sends only the difference, a run handed
 * an older state, the Max Removals guard and n8n's Retry On Fail with Continue On Fail, and the run that
 * repairs what the failed one left. The simulator's segment membership must equal each list.
 */
import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { startSimulator, type Simulator } from '../simulator';
import { createImport } from '../simulator/testClient';
import { EXAMPLES, N8n, nodeOutput, simulatorCredential, type N8nRun } from './n8n';

jest.setTimeout(20 * 60 * 1000);

const UPLOAD = 'Mirror the list to the segment';
const SEGMENT = 'segment_technical_name:newsletter';

interface Row {
	email: string;
	tier: string;
}

let sim: Simulator;
let n8n: N8n;
let workDir: string;
let stateFile: string;
let importId: string;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const row = (index: number, tier = 'gold'): Row => ({ email: `Member.${index}@Example.com `, tier });
const hashOf = (member: Row) => sha256(member.email.trim().toLowerCase());

// The lists of the runs, each from the one before: 20 members; one removed, one changed, one added;
// handed the older state: run 2's addition removed again, one more changed, one more added; 5 of 20
// removed (the guard); one added.
const list1 = Array.from({ length: 20 }, (_unused, index) => row(index));
const list2 = [...list1.slice(2), row(1, 'platinum'), row(20)];
const list3 = [...list2.filter((member) => ![row(2).email, row(20).email].includes(member.email)), row(2, 'silver'), row(21)];
const guardList = list3.slice(5);
const list4 = [...list3, row(22)];

/** The example, reading and writing the state in `stateFile`, mirroring `rows` to `importId`; `uploadSettings` on the Upload node (n8n's node Settings). */
function variant(id: string, rows: Row[], uploadSettings: Record<string, unknown> = {}) {
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'crm-mirror-to-segment.json'), 'utf8'));
	workflow.id = id;
	workflow.name = `${workflow.name} (${id})`;
	for (const node of workflow.nodes) {
		if (node.name === 'CRM export (sample rows)') node.parameters.jsonOutput = JSON.stringify({ rows });
		if (node.name === 'Read sync state') node.parameters.fileSelector = stateFile;
		if (node.name === 'Keep the sync state') node.parameters.fileName = stateFile;
		if (node.name === UPLOAD) {
			node.parameters.documentImport.value = importId;
			Object.assign(node, uploadSettings);
		}
	}
	return workflow;
}

/** What n8n's Settings call Retry On Fail (2 tries, no pause) with On Error: Continue. */
const retryAndContinue = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0, onError: 'continueRegularOutput' };

beforeAll(async () => {
	// Executions stay PENDING 1.5 s: time for a test to end one as FAILED before the node sees it finish.
	sim = await startSimulator({ pendingMs: 1500 });
	workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-e2e-mirror-'));
	stateFile = path.join(workDir, 'mirror-state.bin');
	n8n = await N8n.create({ env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir } });
	await n8n.importCredentials([simulatorCredential(sim.url, sim.token)]);
	importId = String((await createImport(sim, { name: 'Newsletter mirror' })).id);
	// Every run's workflow in one import (one n8n command instead of six).
	const workflows = [
		variant('mdxMirRun1', list1),
		variant('mdxMirRun2', list2),
		variant('mdxMirStale', list3),
		variant('mdxMirGuard', guardList, retryAndContinue),
		variant('mdxMirRetry', list4, retryAndContinue),
		variant('mdxMirRepair', list4),
	];
	const file = path.join(workDir, 'workflows.json');
	writeFileSync(file, JSON.stringify(workflows));
	await n8n.importWorkflow(file);
});

afterAll(async () => {
	await sim?.stop();
	n8n?.remove();
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The mirror's executions so far (oldest first). */
const mirrorExecutions = () => sim.state.executions.filter((execution) => String((execution.parameters as { document_import_id?: unknown } | null)?.document_import_id) === importId);
const executionPosts = () => sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/document_imports/${importId}/executions`)).length;

/** Runs a workflow; returns the run and the lines the simulator received from it. */
async function mirrorRun(workflowId: string) {
	const before = mirrorExecutions().length;
	const run = await n8n.execute(workflowId);
	const sent = mirrorExecutions()
		.slice(before)
		.flatMap((execution) => sim.receivedFile(String(execution.id)).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));
	return { run, sent };
}

/** The segment's members as the simulator applied the lines: email hash -> data bag. */
const membership = () => new Map((sim.segmentMembers().get(SEGMENT) ?? []).map((member) => [member.identifier.email_hash, member.data_bag]));
const expectedMembership = (rows: Row[]) => new Map(rows.map((member) => [hashOf(member), JSON.stringify({ tier: member.tier })]));

const stateItem = (run: N8nRun) => nodeOutput(run, UPLOAD).find((item) => item.mirror === true);
const update = (member: Row) => ({ operation: 'UPDATE', email_hash: hashOf(member), segment_technical_name: 'newsletter', expiration_duration: 0, data_bag: JSON.stringify({ tier: member.tier }) });
const remove = (member: Row) => ({ operation: 'DELETE', email_hash: hashOf(member), segment_technical_name: 'newsletter', expiration_duration: 0 });
const sortLines = (lines: object[]) => lines.map((line) => JSON.stringify(line)).sort();

let state1: Buffer;

test('run 1, no state on disk: a full refresh, the state written by Write Files to Disk once the executions succeeded', async () => {
	expect(existsSync(stateFile)).toBe(false);
	const { run, sent } = await mirrorRun('mdxMirRun1');
	expect(run.data.resultData.error).toBeUndefined();
	expect(sortLines(sent)).toEqual(sortLines(list1.map(update)));
	expect(stateItem(run)).toMatchObject({ sent_updates: 20, sent_deletes: 0, confirmed: true });
	expect(nodeOutput(run, 'Notify: segment in step')).toEqual([expect.objectContaining({ state_kept: true, text: expect.stringContaining('20 added or changed, 0 removed') })]);
	expect(membership()).toEqual(expectedMembership(list1));
	state1 = readFileSync(stateFile);
	expect(state1.length).toBeGreaterThan(0);
});

test('run 2 reads the state from disk and sends only the difference: one added, one changed (data bag), one removed', async () => {
	const { run, sent } = await mirrorRun('mdxMirRun2');
	expect(run.data.resultData.error).toBeUndefined();
	expect(sortLines(sent)).toEqual(sortLines([update(row(20)), update(row(1, 'platinum')), remove(row(0))]));
	expect(stateItem(run)).toMatchObject({ sent_updates: 2, sent_deletes: 1, unchanged: 18, confirmed: true });
	expect(membership()).toEqual(expectedMembership(list2));
	expect(readFileSync(stateFile).equals(state1)).toBe(false);
});

test('a run handed the older state (run 1\'s) still leaves the segment equal to its list', async () => {
	writeFileSync(stateFile, state1);
	const { run, sent } = await mirrorRun('mdxMirStale');
	expect(run.data.resultData.error).toBeUndefined();
	expect(membership()).toEqual(expectedMembership(list3));
	// Its own changes, and what run 2 sent (read back from the import's executions: the older state knows
	// nothing of it) sent again in the list's direction: run 2's addition, no longer listed, removed.
	expect(sortLines(sent)).toEqual(sortLines([update(row(21)), update(row(2, 'silver')), remove(row(20)), remove(row(0)), update(row(1, 'platinum'))]));
	expect(stateItem(run)).toMatchObject({ confirmed: true });
});

test('Max Removals with Continue On Fail (and Retry On Fail): an error item says how many would go and what to do; nothing sent, state kept as it was', async () => {
	const stateBefore = readFileSync(stateFile);
	const posts = executionPosts();
	const { run } = await mirrorRun('mdxMirGuard');
	expect(run.data.resultData.error).toBeUndefined();
	const [first] = nodeOutput(run, UPLOAD);
	expect(first.error).toMatch(/would remove 5 of 20 members \(25\.0%\), more than Max Removals \(10%\), so nothing was sent/);
	expect(first.description).toMatch(/raise Max Removals to at least 25% for this run/);
	expect(executionPosts()).toBe(posts);
	expect(membership()).toEqual(expectedMembership(list3));
	expect(readFileSync(stateFile).equals(stateBefore)).toBe(true);
	// The error items carry no state: nothing after the mirror ran.
	expect(run.data.resultData.runData['Keep the sync state']).toBeUndefined();
});

test('Retry On Fail with Continue On Fail: an execution that FAILED makes n8n run the node again, which sends nothing again and outputs the same state (not kept: not confirmed)', async () => {
	const stateBefore = readFileSync(stateFile);
	const posts = executionPosts();
	// The platform fails the run's execution while it is PENDING.
	const known = new Set(mirrorExecutions().map((execution) => String(execution.id)));
	const failer = setInterval(() => {
		for (const execution of mirrorExecutions()) {
			if (known.has(String(execution.id))) continue;
			known.add(String(execution.id));
			sim.finishExecution(String(execution.id), { status: 'FAILED', errorMessage: 'The import failed (test)' });
		}
	}, 20);
	let result: Awaited<ReturnType<typeof mirrorRun>>;
	try {
		result = await mirrorRun('mdxMirRetry');
	} finally {
		clearInterval(failer);
	}
	const { run, sent } = result;
	expect(run.data.resultData.error).toBeUndefined();
	expect(executionPosts()).toBe(posts + 1);
	expect(sent).toEqual([update(row(22))]);
	const output = nodeOutput(run, UPLOAD);
	// The item n8n retried on, replayed with the note (a later try ran and sent nothing).
	expect(output[0]).toMatchObject({ status: 'FAILED', sent_again: false, description: expect.stringContaining("n8n's Retry On Fail ran this Upload again") });
	expect(stateItem(run)).toMatchObject({ sent_updates: 1, sent_deletes: 0, confirmed: false });
	expect(run.data.resultData.runData[UPLOAD][0].data?.main[0].find((item) => item.json.mirror === true)).toHaveProperty('binary.mirrorState');
	// The example keeps a state only once the executions succeeded.
	expect(nodeOutput(run, 'Notify: state not kept')).toEqual([expect.objectContaining({ state_kept: false })]);
	expect(readFileSync(stateFile).equals(stateBefore)).toBe(true);
	expect(membership().has(hashOf(row(22)))).toBe(false);
});

test('the next clean run, handed the state from before the failed one, repairs it: the segment equals the list', async () => {
	const { run, sent } = await mirrorRun('mdxMirRepair');
	expect(run.data.resultData.error).toBeUndefined();
	expect(sent).toEqual([update(row(22))]);
	expect(stateItem(run)).toMatchObject({ confirmed: true });
	expect(membership()).toEqual(expectedMembership(list4));
});
