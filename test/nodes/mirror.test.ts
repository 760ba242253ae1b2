// Upload's Mirror option (docs/mirror.md) over real HTTP against the simulator: the sync state in and
// out as binary data, only the difference sent, the guard, the dry run, and the simulator's membership
// table equal to the list after each run.
import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { description } from '../../nodes/Mediarithmics/actions/execution/upload/description';

import { useSimulator } from './simulatorFixture';

const { sim, createImport, upload } = useSimulator();

const fields = {
	inputMode: 'fields',
	lineDocumentType: 'USER_SEGMENT',
	identifierType: 'user_account_id',
	identifier: '={{ $json.id }}',
	segmentBy: 'segment_id',
	segment: '={{ $json.segment }}',
	expirationDuration: 0,
};
const wait = { waitForCompletion: true, pollIntervalSeconds: 0.05 };
const rows = (ids: number[], segment = '42') => ids.map((id) => ({ id: `user-${id}`, segment }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_value, index) => from + index);

/** The list's rows, the first carrying the state (when given) as Read Files From Disk + Merge would. */
const withState = (items: object[], state: INodeExecutionData['binary'] | undefined) => (state ? [{ json: items[0], binary: state }, ...items.slice(1).map((json) => ({ json }))] : items);

const mirrorRun = (importId: string, items: object[], state?: INodeExecutionData['binary'], mirror: object = {}, options: object = wait) =>
	upload(importId, { ...fields, uploadOptions: { ...options, mirror: { settings: { ...mirror } } } }, withState(items, state));

const stateOf = (output: INodeExecutionData[]) => {
	const item = output.find((candidate) => candidate.json.mirror === true);
	expect(item?.binary?.mirrorState).toBeDefined();
	return item!;
};

const membersOf = (segment = 'segment_id:42') => (sim().segmentMembers().get(segment) ?? []).map((member) => member.identifier.user_account_id).sort();
const expected = (ids: number[]) => ids.map((id) => `user-${id}`).sort();
const sentLines = () => sim().state.executions.flatMap((execution) => sim().receivedFile(String(execution.id)).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));
const executionPosts = () => sim().requests.filter((request) => request.method === 'POST' && /executions/.test(request.path));

describe('Upload: Mirror', () => {
	test('no state: a full refresh, and a state out; with that state: only the difference, and the segment equals the list', async () => {
		const importId = await createImport();
		const first = await mirrorRun(importId, rows(range(1, 30)));
		const firstState = stateOf(first);
		expect(firstState.json).toMatchObject({ sent_updates: 30, sent_deletes: 0, confirmed: true });
		expect(sentLines()).toHaveLength(30);
		expect(membersOf()).toEqual(expected(range(1, 30)));

		// user-1 and user-2 left, user-31 joined; 28 unchanged.
		const secondList = range(3, 31);
		const before = sentLines().length;
		const second = await mirrorRun(importId, rows(secondList), firstState.binary);
		const sent = sentLines().slice(before);
		expect(sent).toEqual(
			expect.arrayContaining([
				{ operation: 'UPDATE', user_account_id: 'user-31', segment_id: '42', expiration_duration: 0 },
				{ operation: 'DELETE', user_account_id: 'user-1', segment_id: '42', expiration_duration: 0 },
				{ operation: 'DELETE', user_account_id: 'user-2', segment_id: '42', expiration_duration: 0 },
			]),
		);
		expect(sent).toHaveLength(3);
		expect(stateOf(second).json).toMatchObject({ sent_updates: 1, sent_deletes: 2, unchanged: 28, confirmed: true });
		expect(membersOf()).toEqual(expected(secondList));

		// The same list again: nothing to send.
		const posts = executionPosts().length;
		const third = await mirrorRun(importId, rows(secondList), stateOf(second).binary);
		expect(executionPosts()).toHaveLength(posts);
		expect(stateOf(third).json).toMatchObject({ sent_updates: 0, sent_deletes: 0, unchanged: 29 });
	});

	test('a changed line (data bag) is sent again, and a row in two segments is two members', async () => {
		const importId = await createImport();
		const tagged = { ...fields, segmentBy: 'segment_technical_names', segment: '={{ $json.segments }}', dataBag: '={{ JSON.stringify({ tier: $json.tier }) }}' };
		const list = (goldTier: string) => [
			{ id: 'user-1', segments: ['a', 'b'], tier: 'silver' },
			{ id: 'user-2', segments: ['a'], tier: goldTier },
		];
		const run = (items: object[], state?: INodeExecutionData['binary']) => upload(importId, { ...tagged, uploadOptions: { ...wait, mirror: {} } }, withState(items, state));
		const first = stateOf(await run(list('gold')));
		expect(first.json).toMatchObject({ sent_updates: 3, segments: { a: { added: 2 }, b: { added: 1 } } });
		const before = sentLines().length;
		const second = stateOf(await run(list('platinum'), first.binary));
		expect(sentLines().slice(before)).toEqual([{ operation: 'UPDATE', user_account_id: 'user-2', segment_technical_name: 'a', expiration_duration: 0, data_bag: '{"tier":"platinum"}' }]);
		expect(second.json).toMatchObject({ sent_updates: 1, sent_deletes: 0, unchanged: 2, segments: { a: { changed: 1, unchanged: 1 }, b: { unchanged: 1 } } });
		expect(membersOf('segment_technical_name:a')).toEqual(['user-1', 'user-2']);
		expect(membersOf('segment_technical_name:b')).toEqual(['user-1']);
	});

	test('without Wait for Completion the lines sent stay uncertain, and the next run sends them again', async () => {
		const importId = await createImport();
		const first = await mirrorRun(importId, rows(range(1, 5)), undefined, {}, {});
		expect(stateOf(first).json).toMatchObject({ sent_updates: 5, confirmed: false });
		const before = sentLines().length;
		const second = await mirrorRun(importId, rows(range(1, 5)), stateOf(first).binary);
		expect(sentLines().slice(before)).toHaveLength(5);
		expect(stateOf(second).json).toMatchObject({ sent_updates: 5, segments: { '42': { resent: 5 } } });
	});

	test('a run that fails part way outputs no state; the next run with the older state removes the members the failed run added (the import as journal)', async () => {
		const importId = await createImport();
		const stateA = stateOf(await mirrorRun(importId, rows(range(1, 3))));
		// Run 2 adds user-31..50 in parts of at most 1,000 bytes; part 2 is refused, so the node fails after part 1 went in.
		sim().faults.inject({ method: 'POST', path: new RegExp(`/document_imports/${importId}/executions$`), after: 1, status: 400 });
		await expect(mirrorRun(importId, rows([...range(1, 3), ...range(31, 50)]), stateA.binary, {}, { ...wait, maxPartMegabytes: 0.001 })).rejects.toThrow();
		sim().faults.clear();
		expect(membersOf()).toEqual(expect.arrayContaining(['user-31']));
		// Run 3: state A handed back (run 2 output none), a list without the new members.
		const third = await mirrorRun(importId, rows(range(1, 3)), stateA.binary);
		expect(membersOf()).toEqual(expected(range(1, 3)));
		expect(stateOf(third).json).toMatchObject({ confirmed: true });
	});

	test('a run that fails part way tells the user to run the mirror again, never to resume from an input line (which a mirror refuses)', async () => {
		const importId = await createImport();
		const stateA = stateOf(await mirrorRun(importId, rows(range(1, 3))));
		const failPart2 = () => sim().faults.inject({ method: 'POST', path: new RegExp(`/document_imports/${importId}/executions$`), after: 1, status: 400 });
		const bigger = rows([...range(1, 3), ...range(31, 50)]);
		const small = { ...wait, maxPartMegabytes: 0.001 };
		failPart2();
		const thrown = await mirrorRun(importId, bigger, stateA.binary, {}, small).then(
			() => undefined,
			(error: { description?: string }) => error,
		);
		expect(thrown?.description).toMatch(/Run the mirror again/);
		expect(thrown?.description).not.toMatch(/Start From Input Line/);
		// Continue On Fail: the failure item the same, with no line to resume from.
		sim().faults.clear();
		failPart2();
		const output = await upload(importId, { ...fields, uploadOptions: { ...small, mirror: { settings: {} } } }, withState(bigger, stateA.binary), true);
		sim().faults.clear();
		const failure = output.find((item) => typeof item.json.error === 'string');
		expect(failure?.json).toMatchObject({ resume_from_line: null, description: expect.stringMatching(/Run the mirror again/) });
		expect(String(failure?.json.description)).not.toMatch(/Start From Input Line/);
		// And the state it outputs leaves the unsent members uncertain: the next run gets the segment right.
		await mirrorRun(importId, bigger, stateOf(output).binary);
		expect(membersOf()).toEqual(expected([...range(1, 3), ...range(31, 50)]));
	});

	test('an execution of the mirror import still running stops the run before anything is sent', async () => {
		const importId = await createImport();
		const first = stateOf(await mirrorRun(importId, rows(range(1, 3)), undefined, {}, {}));
		const [running] = sim().state.executions.slice(-1);
		sim().setExecutionStatus(String(running.id), 'RUNNING');
		const posts = executionPosts().length;
		await expect(mirrorRun(importId, rows(range(1, 4)), first.binary)).rejects.toThrow(new RegExp(`Execution ${running.id} of document import ${importId} is still RUNNING`));
		expect(executionPosts()).toHaveLength(posts);
	});

	test('the guard: more removals than Max Removals stop before anything is sent', async () => {
		const importId = await createImport();
		const first = await mirrorRun(importId, rows(range(1, 20)));
		const posts = executionPosts().length;
		await expect(mirrorRun(importId, rows(range(1, 15)), stateOf(first).binary)).rejects.toThrow(/would remove 5 of 20 members \(25\.0%\), more than Max Removals \(10%\)/);
		expect(executionPosts()).toHaveLength(posts);
		expect(membersOf()).toEqual(expected(range(1, 20)));
		// Raised for this run: sent.
		await mirrorRun(importId, rows(range(1, 15)), stateOf(first).binary, { maxRemovalsPercent: 30 });
		expect(membersOf()).toEqual(expected(range(1, 15)));
	});

	test('Dry Run: counts per segment and samples, nothing sent, the guard reported not thrown', async () => {
		const importId = await createImport();
		const first = await mirrorRun(importId, rows(range(1, 10)));
		const posts = executionPosts().length;
		const [plan] = await mirrorRun(importId, [...rows(range(3, 11)), ...rows([1], '43')], stateOf(first).binary, {}, { dryRun: true });
		expect(executionPosts()).toHaveLength(posts);
		expect(plan.json).toMatchObject({
			dry_run: true,
			would_send: false,
			would_send_updates: 2,
			would_send_deletes: 2,
			segments: { '42': { added: 1, removed: 2, unchanged: 8 }, '43': { added: 1 } },
		});
		expect(plan.json.guard_refusal).toMatch(/Max Removals/);
		expect(plan.binary).toBeUndefined();
	});

	test('refused before anything is sent: a finite expiration, a state of another import', async () => {
		const importId = await createImport();
		const other = await createImport();
		const first = await mirrorRun(importId, rows(range(1, 3)));
		const posts = executionPosts().length;
		await expect(upload(importId, { ...fields, expirationDuration: 60, uploadOptions: { mirror: { settings: {} } } }, rows([1]))).rejects.toThrow(/finite expiration/);
		await expect(mirrorRun(other, rows(range(1, 3)), stateOf(first).binary)).rejects.toThrow(/import|document/i);
		await expect(upload(importId, { ...fields, uploadOptions: { startFromLine: 2, mirror: { settings: {} } } }, rows([1, 2]))).rejects.toThrow(/Start From Input Line must be 1/);
		expect(executionPosts()).toHaveLength(posts);
	});

	test('without the option (as every workflow saved before it), Build Lines From Fields uploads every line and outputs no state', async () => {
		const importId = await createImport();
		const output = await upload(importId, { ...fields, uploadOptions: wait }, rows(range(1, 4)));
		expect(output.map((item) => item.json.mirror)).toEqual([undefined]);
		expect(output.every((item) => item.binary === undefined)).toBe(true);
		expect(sentLines()).toHaveLength(4);
	});

	test('the option is shown only for User Segment lines built from fields', () => {
		const options = description.find((property) => property.name === 'uploadOptions')?.options as INodeProperties[];
		expect(options.find((option) => option.name === 'mirror')?.displayOptions?.show).toEqual({ '/inputMode': ['fields'], '/lineDocumentType': ['USER_SEGMENT'] });
	});
});
