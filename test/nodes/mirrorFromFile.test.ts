// Upload's Mirror option over the records of a binary file and of a File URL (docs/mirror.md), over
// real HTTP against the simulator: only the difference sent, a row gone becomes a DELETE, the guard,
// the dry run, line numbers of the file in errors, and the simulator's membership table equal to the
// file's rows after each run.
import type { INodeExecutionData } from 'n8n-workflow';

import { fileItem } from './nodeInputs';
import { useFileServer, useSimulator } from './simulatorFixture';

const { sim, createImport, upload } = useSimulator();
const files = useFileServer();

const fields = {
	inputMode: 'fields',
	recordsFrom: 'binaryFile',
	recordsFormat: 'csv',
	lineDocumentType: 'USER_SEGMENT',
	identifierType: 'user_account_id',
	identifier: '={{ $json.id }}',
	segmentBy: 'segment_id',
	segment: '={{ $json.segment }}',
	dataBag: '={{ $json.bag }}',
	expirationDuration: 0,
};
const wait = { waitForCompletion: true, pollIntervalSeconds: 0.05 };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_value, index) => from + index);
/** A CRM export: one row per contact, user-N in segment 42, tier silver unless listed gold. */
const csv = (ids: number[], gold: number[] = []) => `id,segment,bag\n${ids.map((id) => `user-${id},42,"{""tier"":""${gold.includes(id) ? 'gold' : 'silver'}""}"`).join('\n')}\n`;

/** The export on the one input item, with the state (when given) in its binary field, as Read Files From Disk + Merge by position would. */
const exportItem = (text: string, state?: INodeExecutionData['binary']) => {
	const item = fileItem(text, 'crm.csv', 'text/csv');
	return { ...item, binary: { ...item.binary, ...state } };
};
const mirrorRun = (importId: string, text: string, state?: INodeExecutionData['binary'], mirror: object = {}, options: object = wait) =>
	upload(importId, { ...fields, uploadOptions: { ...options, mirror: { settings: { ...mirror } } } }, [exportItem(text, state)]);

const stateOf = (output: INodeExecutionData[]) => {
	const item = output.find((candidate) => candidate.json.mirror === true);
	expect(item?.binary?.mirrorState).toBeDefined();
	return item!;
};
const members = () => (sim().segmentMembers().get('segment_id:42') ?? []).map((member) => member.identifier.user_account_id).sort();
const expected = (ids: number[]) => ids.map((id) => `user-${id}`).sort();
const sentLines = () => sim().state.executions.flatMap((execution) => sim().receivedFile(String(execution.id)).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));
const executionPosts = () => sim().requests.filter((request) => request.method === 'POST' && /executions/.test(request.path));
const update = (id: number, tier = 'silver') => ({ operation: 'UPDATE', user_account_id: `user-${id}`, segment_id: '42', expiration_duration: 0, data_bag: JSON.stringify({ tier }) });
const remove = (id: number) => ({ operation: 'DELETE', user_account_id: `user-${id}`, segment_id: '42', expiration_duration: 0 });

describe('Upload: Mirror of a file\'s records', () => {
	test('no state: a full refresh in several parts; then only the difference (a new row, a changed row, a row gone as DELETE), and the segment equals the file', async () => {
		const importId = await createImport();
		const first = stateOf(await mirrorRun(importId, csv(range(1, 40)), undefined, {}, { ...wait, maxPartMegabytes: 0.001 }));
		expect(first.json).toMatchObject({ sent_updates: 40, sent_deletes: 0, confirmed: true });
		expect(sim().state.executions.length).toBeGreaterThan(1);
		expect(sentLines()).toEqual(range(1, 40).map((id) => update(id)));
		expect(members()).toEqual(expected(range(1, 40)));

		// user-1 and user-2 left, user-41 joined, user-7 became gold; 37 unchanged.
		const before = sentLines().length;
		const secondList = range(3, 41);
		const second = stateOf(await mirrorRun(importId, csv(secondList, [7]), first.binary));
		const sent = sentLines().slice(before);
		expect(sent.slice(0, 2)).toEqual([update(7, 'gold'), update(41)]);
		expect(sent.slice(2)).toEqual(expect.arrayContaining([remove(1), remove(2)]));
		expect(sent).toHaveLength(4);
		expect(second.json).toMatchObject({ sent_updates: 2, sent_deletes: 2, unchanged: 37, confirmed: true, segments: { '42': { added: 1, changed: 1, removed: 2, unchanged: 37 } } });
		expect(members()).toEqual(expected(secondList));

		// The same export again: nothing sent.
		const posts = executionPosts().length;
		const third = stateOf(await mirrorRun(importId, csv(secondList, [7]), second.binary));
		expect(executionPosts()).toHaveLength(posts);
		expect(third.json).toMatchObject({ sent_updates: 0, sent_deletes: 0, unchanged: 39 });
	});

	test('a contact listed twice: its later row is the one sent', async () => {
		const importId = await createImport();
		const text = csv([1, 2]) + csv([1], [1]).split('\n')[1] + '\n';
		stateOf(await mirrorRun(importId, text));
		expect(sentLines()).toEqual([update(2), update(1, 'gold')]);
	});

	test('records at a File URL (NDJSON): a full refresh, then only the difference', async () => {
		const importId = await createImport();
		const ndjson = (ids: number[]) => ids.map((id) => `${JSON.stringify({ id: `user-${id}`, segment: '42', bag: '{"tier":"silver"}' })}\n`).join('');
		const parameters = { ...fields, recordsFrom: 'url', recordsFormat: 'ndjson', fileUrl: `${files().url}/crm.ndjson` };
		const run = (state?: INodeExecutionData['binary']) => upload(importId, { ...parameters, uploadOptions: { ...wait, mirror: {} } }, [state ? { json: {}, binary: state } : { json: {} }]);
		files().serve('/crm.ndjson', { body: Buffer.from(ndjson(range(1, 12))) });
		const first = stateOf(await run());
		expect(first.json).toMatchObject({ sent_updates: 12, confirmed: true });
		files().serve('/crm.ndjson', { body: Buffer.from(ndjson(range(2, 13))) });
		const before = sentLines().length;
		const second = stateOf(await run(first.binary));
		expect(sentLines().slice(before)).toEqual([update(13), remove(1)]);
		expect(second.json).toMatchObject({ sent_updates: 1, sent_deletes: 1, unchanged: 11 });
		expect(members()).toEqual(expected(range(2, 13)));
	});

	test('the guard: a truncated export stops before anything is sent, naming the count', async () => {
		const importId = await createImport();
		const first = stateOf(await mirrorRun(importId, csv(range(1, 20))));
		const posts = executionPosts().length;
		await expect(mirrorRun(importId, csv(range(1, 15)), first.binary)).rejects.toThrow(/would remove 5 of 20 members \(25\.0%\), more than Max Removals \(10%\)/);
		expect(executionPosts()).toHaveLength(posts);
		expect(members()).toEqual(expected(range(1, 20)));
	});

	test('an empty export (the header alone) removes nothing unless Allow Empty List is on', async () => {
		const importId = await createImport();
		const first = stateOf(await mirrorRun(importId, csv(range(1, 4))));
		const posts = executionPosts().length;
		await expect(mirrorRun(importId, 'id,segment,bag\n', first.binary)).rejects.toThrow(/The list is empty: the mirror would remove all 4 members/);
		expect(executionPosts()).toHaveLength(posts);
		const emptied = stateOf(await mirrorRun(importId, 'id,segment,bag\n', first.binary, { allowEmptyList: true }));
		expect(emptied.json).toMatchObject({ sent_updates: 0, sent_deletes: 4, confirmed: true });
		expect(members()).toEqual([]);
	});

	test('Dry Run: counts and sample lines from the file, nothing sent', async () => {
		const importId = await createImport();
		const first = stateOf(await mirrorRun(importId, csv(range(1, 30))));
		const posts = executionPosts().length;
		const [plan] = await mirrorRun(importId, csv(range(2, 33), [20]), first.binary, {}, { dryRun: true });
		expect(executionPosts()).toHaveLength(posts);
		expect(plan.json).toMatchObject({ dry_run: true, would_send: true, would_send_updates: 4, would_send_deletes: 1, segments: { '42': { added: 3, changed: 1, removed: 1, unchanged: 28 } } });
		expect(plan.json.sample_updates).toEqual([update(20, 'gold'), update(31), update(32)]);
		expect(plan.json.sample_deletes).toEqual([remove(1)]);
	});

	test('without Wait for Completion the lines sent stay uncertain, and the next run sends them again', async () => {
		const importId = await createImport();
		const first = stateOf(await mirrorRun(importId, csv(range(1, 5)), undefined, {}, {}));
		expect(first.json).toMatchObject({ sent_updates: 5, confirmed: false });
		const before = sentLines().length;
		const second = stateOf(await mirrorRun(importId, csv(range(1, 5)), first.binary));
		expect(sentLines().slice(before)).toHaveLength(5);
		expect(second.json).toMatchObject({ segments: { '42': { resent: 5 } }, confirmed: true });
	});

	test('a run that fails part way outputs no state; the next run with the older state removes what it added (the import as journal)', async () => {
		const importId = await createImport();
		const stateA = stateOf(await mirrorRun(importId, csv(range(1, 3))));
		// Run 2 adds user-31..50 in parts of at most 1,000 bytes; part 2 is refused, so the node fails after part 1 went in.
		sim().faults.inject({ method: 'POST', path: new RegExp(`/document_imports/${importId}/executions$`), after: 1, status: 400 });
		await expect(mirrorRun(importId, csv([...range(1, 3), ...range(31, 50)]), stateA.binary, {}, { ...wait, maxPartMegabytes: 0.001 })).rejects.toThrow();
		sim().faults.clear();
		expect(members()).toEqual(expect.arrayContaining(['user-31']));
		const third = stateOf(await mirrorRun(importId, csv(range(1, 3)), stateA.binary));
		expect(members()).toEqual(expected(range(1, 3)));
		expect(third.json).toMatchObject({ confirmed: true });
	});

	test('refused before anything is sent: a row without an identifier (its line in the file), a finite expiration, two input items', async () => {
		const importId = await createImport();
		const badRow = mirrorRun(importId, `${csv([1])},42,{}\n`);
		await expect(badRow).rejects.toThrow(/line 3: the record has an empty identifier/);
		// A mirror refuses Invalid Lines = Skip, so the refusal must not advise it.
		await expect(badRow).rejects.toThrow(/Fix them and run again \(a mirror cannot skip a line/);
		await expect(badRow).rejects.not.toThrow(/Invalid Lines to Skip/);
		await badRow.catch((error: { description?: string }) => expect(error.description).not.toMatch(/Skip/));
		await expect(upload(importId, { ...fields, expirationDuration: 60, uploadOptions: { mirror: {} } }, [exportItem(csv([1, 2]))])).rejects.toThrow(/Line 2: a mirror cannot keep a member with a finite expiration/);
		await expect(upload(importId, { ...fields, uploadOptions: { mirror: {} } }, [exportItem(csv([1])), exportItem(csv([2]))])).rejects.toThrow(/the list is one file, but the node got 2 input items/);
		expect(executionPosts()).toHaveLength(0);
	});
});
