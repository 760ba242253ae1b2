/**
 * Every ID that goes into an API path (datamart, document import, execution)
 * is checked at run time, before any request: an ID from an expression, the
 * input data or a picker's list could otherwise rewrite the path (`..`) or
 * reach the platform as is (`abc def`). The simulator must receive nothing.
 */
import type { INodeParameters } from 'n8n-workflow';

import { listSearch, runNode } from './harness';
import { fileItem } from './nodeInputs';
import { TriggerRunner } from './pollHarness';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection } = useSimulator();

const line = JSON.stringify({ operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 });

/** Each operation with every ID it takes, valid; a case replaces one of them. */
const operations: Array<{ name: string; parameters: INodeParameters; ids: string[] }> = [
	{ name: 'Document Import > Create', parameters: { resource: 'documentImport', operation: 'create', name: 'n', documentType: 'USER_SEGMENT', mimeType: 'APPLICATION_X_NDJSON' }, ids: ['datamart'] },
	{ name: 'Document Import > Get Many', parameters: { resource: 'documentImport', operation: 'getAll' }, ids: ['datamart'] },
	{ name: 'Document Import > Get', parameters: { resource: 'documentImport', operation: 'get' }, ids: ['datamart', 'documentImport'] },
	{ name: 'Document Import > Update', parameters: { resource: 'documentImport', operation: 'update', updateFields: { name: 'renamed' } }, ids: ['datamart', 'documentImport'] },
	{ name: 'Document Import > Delete', parameters: { resource: 'documentImport', operation: 'delete' }, ids: ['datamart', 'documentImport'] },
	{ name: 'Execution > Get Many', parameters: { resource: 'execution', operation: 'getAll' }, ids: ['datamart', 'documentImport'] },
	...['get', 'cancel', 'waitForCompletion', 'getErrorFile'].map((operation) => ({
		name: `Execution > ${operation}`,
		parameters: { resource: 'execution', operation },
		ids: ['datamart', 'documentImport', 'executionId'],
	})),
	{ name: 'Execution > Upload (existing import)', parameters: { resource: 'execution', operation: 'upload', target: 'existing', inputMode: 'binary' }, ids: ['datamart', 'documentImport'] },
	{
		name: 'Execution > Upload (new import)',
		parameters: { resource: 'execution', operation: 'upload', target: 'new', newImportName: 'n', newImportDocumentType: 'USER_SEGMENT', newImportMimeType: 'APPLICATION_X_NDJSON', inputMode: 'binary' },
		ids: ['datamart'],
	},
];

const valid: Record<string, string> = { datamart: '1509', documentImport: '36271', executionId: '11597785' };
const label: Record<string, string> = { datamart: 'datamart', documentImport: 'document import', executionId: 'execution' };

function withIds(ids: string[], bad: string, badValue: string, asExpression: boolean): INodeParameters {
	const parameters: INodeParameters = {};
	for (const id of ids) {
		const value = id === bad ? (asExpression ? '={{ $json.bad }}' : badValue) : valid[id];
		parameters[id] = id === 'executionId' ? value : byId(value);
	}
	return parameters;
}

const cases = operations.flatMap((operation) =>
	operation.ids.flatMap((id) =>
		['..', 'abc def'].flatMap((badValue) =>
			[false, true].map((asExpression) => ({ ...operation, id, badValue, asExpression })),
		),
	),
);

test.each(cases)('$name: $id $badValue (expression: $asExpression) is refused, nothing sent', async ({ parameters, ids, id, badValue, asExpression }) => {
	const run = runNode(connection(), {
		parameters: { ...parameters, ...withIds(ids, id, badValue, asExpression) },
		items: [{ ...fileItem(`${line}\n`), json: { bad: badValue } }],
	});
	await expect(run).rejects.toThrow(`The ${label[id]} ID ${JSON.stringify(badValue)} is not an ID`);
	expect(sim().requests).toHaveLength(0);
});

test('Wait for Completion checks the IDs of every item before the first request', async () => {
	const run = runNode(connection(), {
		parameters: { resource: 'execution', operation: 'waitForCompletion', datamart: byId('1509'), documentImport: byId('36271'), executionId: '={{ $json.id }}' },
		items: [{ id: '11597785' }, { id: '../../1' }],
	});
	await expect(run).rejects.toThrow('The execution ID "../../1" is not an ID');
	expect(sim().requests).toHaveLength(0);
});

test.each(['datamart', 'documentImport'])('Trigger: a %s ID that is not one is refused, nothing sent', async (id) => {
	const parameters: INodeParameters = { scope: 'documentImport', datamart: byId('1509'), documentImport: byId('36271'), [id]: byId('..') };
	const trigger = new TriggerRunner(connection(), parameters).activate();
	await expect(trigger.poll()).rejects.toThrow(`The ${label[id]} ID ".." is not an ID`);
	expect(sim().requests).toHaveLength(0);
});

test('the document import picker of a datamart that is not an ID asks for nothing', async () => {
	await expect(listSearch(connection(), 'searchDocumentImports', { resource: 'documentImport', operation: 'get', datamart: byId('..') })).rejects.toThrow(
		'The datamart ID ".." is not an ID',
	);
	expect(sim().requests).toHaveLength(0);
});
