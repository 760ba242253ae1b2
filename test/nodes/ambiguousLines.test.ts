/**
 * Through the whole node: a file whose lines end with CR alone, and a line
 * with a key written twice, are refused before anything is sent, with the
 * line and the reason.
 */
import { fileItem } from './nodeInputs';
import { useSimulator } from './simulatorFixture';

const { sim, createImport, upload } = useSimulator();

const line = (id: string) => JSON.stringify({ operation: 'UPDATE', user_account_id: id, segment_id: '42', expiration_duration: 0 });

test('an NDJSON file with CR line ends: the error says what the line ends are, nothing uploaded', async () => {
	const importId = await createImport();
	const run = upload(importId, { inputMode: 'binary' }, [fileItem(`${line('a')}\r${line('b')}\r${line('c')}\r`)]);
	await expect(run).rejects.toThrow(/line 1: .*carriage returns \(CR\)/);
	expect(sim().state.executions).toHaveLength(0);
});

test('a line with two operation keys is refused as ambiguous, nothing uploaded', async () => {
	const importId = await createImport();
	const twice = line('b').replace('{', '{"operation":"DELETE",');
	const run = upload(importId, { inputMode: 'binary' }, [fileItem(`${line('a')}\n${twice}\n`)]);
	await expect(run).rejects.toThrow(/line 2: the key "operation" appears twice/);
	expect(sim().state.executions).toHaveLength(0);
});
