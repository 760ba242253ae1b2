/**
 * Settling an unknown upload outcome does not depend on the order of the
 * executions list: with a platform that lists oldest first and more than a
 * page of older executions, the execution the cut attempt created is still
 * found (not uploaded twice).
 */
import { runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

let clockOffsetMs = 0;
const { sim, connection } = useSimulator({ executionListOrder: 'oldest-first', now: () => Date.now() + clockOffsetMs });

const post = async (path: string, body: string, contentType: string) =>
	((await (await fetch(`${sim().url}${path}`, { method: 'POST', headers: { Authorization: sim().token, 'Content-Type': contentType }, body })).json()) as {
		data: { id: string };
	}).data.id;

const line = (index: number) => JSON.stringify({ operation: 'UPDATE', user_account_id: `u-${index}`, segment_id: '42', expiration_duration: 0 });

test('a cut upload is found among 150 older executions listed oldest first', async () => {
	const importId = await post(
		'/v1/datamarts/1509/document_imports',
		JSON.stringify({ document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8', name: 'old' }),
		'application/json',
	);
	const executionsPath = `/v1/datamarts/1509/document_imports/${importId}/executions`;
	clockOffsetMs = -60 * 60 * 1000; // an hour ago: outside any attempt's window
	for (let index = 0; index < 150; index++) await post(executionsPath, `${line(index)}\n`, 'application/x-ndjson');
	clockOffsetMs = 0;

	sim().faults.inject({ method: 'POST', path: executionsPath, drop: 'after-body' });
	const output = await runNode(connection(), {
		parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), inputMode: 'items' },
		items: [JSON.parse(line(1000)), JSON.parse(line(1001))],
	});
	expect(output.map((item) => item.json.uploadOutcome)).toEqual(['recovered']);
	expect(sim().state.executions).toHaveLength(151);
	expect(sim().receivedFile(String(output[0].json.id)).toString('utf8')).toBe(`${line(1000)}\n${line(1001)}\n`);
});
