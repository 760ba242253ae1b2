import { listSearch, runNode } from './harness';
import { byId, useSimulator } from './simulatorFixture';

// Small pages so that Return All has to follow the pagination.
const { sim, connection } = useSimulator({ maxPageSize: 3 });

const create = (name: string, extra: Record<string, unknown> = {}) =>
	runNode(connection(), {
		parameters: {
			resource: 'documentImport',
			operation: 'create',
			datamart: byId('1509'),
			name,
			documentType: 'USER_PROFILE',
			mimeType: 'APPLICATION_X_NDJSON',
			...extra,
		},
	});

describe('Document Import: Create', () => {
	test('creates the import with every documented field and outputs what the platform answered', async () => {
		const [item] = await create('Profiles from CRM - 2026-11-22', {
			options: { priority: 'LOW', use_processing_pipeline: true, shuffle_lines: false, encoding: 'utf-8' },
		});
		const stored = sim().state.documentImport(String(item.json.id));
		expect(stored).toMatchObject({
			name: 'Profiles from CRM - 2026-11-22',
			document_type: 'USER_PROFILE',
			mime_type: 'APPLICATION_X_NDJSON',
			encoding: 'utf-8',
			priority: 'LOW',
			use_processing_pipeline: true,
			shuffle_lines: false,
		});
		expect(item.json).toMatchObject({ id: stored!.id, datamart_id: '1509', datafarm_key: stored!.datafarm_key });
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('refuses CSV for a type other than User Segment before sending any request', async () => {
		await expect(create('Activities', { documentType: 'USER_ACTIVITY', mimeType: 'TEXT_CSV' })).rejects.toThrow(
			/CSV.*USER_SEGMENT|USER_SEGMENT.*CSV/i,
		);
		expect(sim().requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	});

	test('accepts CSV for User Segment', async () => {
		const [item] = await create('Segment from CSV', { documentType: 'USER_SEGMENT', mimeType: 'TEXT_CSV' });
		expect(sim().state.documentImport(String(item.json.id))?.mime_type).toBe('TEXT_CSV');
	});

	test('creates one import per input item, each paired with its item', async () => {
		const output = await runNode(connection(), {
			parameters: {
				resource: 'documentImport',
				operation: 'create',
				datamart: byId('1509'),
				name: '={{ $json.batch }}',
				documentType: 'USER_SEGMENT',
				mimeType: 'APPLICATION_X_NDJSON',
			},
			items: [{ batch: 'night 1' }, { batch: 'night 2' }],
		});
		expect(output.map((item) => item.json.name)).toEqual(['night 1', 'night 2']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sim().state.documentImports).toHaveLength(2);
	});
});

describe('Document Import: Get, Update, Delete', () => {
	test('Get returns the stored import', async () => {
		const [created] = await create('To read');
		const [item] = await runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId(String(created.json.id)) },
		});
		expect(item.json).toMatchObject({ id: created.json.id, name: 'To read' });
	});

	test('Update changes only the given fields and keeps the others', async () => {
		const [created] = await create('Old name', { options: { priority: 'HIGH', shuffle_lines: false } });
		const [item] = await runNode(connection(), {
			parameters: {
				resource: 'documentImport',
				operation: 'update',
				datamart: byId('1509'),
				documentImport: byId(String(created.json.id)),
				updateFields: { name: 'New name' },
			},
		});
		expect(item.json).toMatchObject({ name: 'New name', priority: 'HIGH', shuffle_lines: false });
		expect(sim().state.documentImport(String(created.json.id))).toMatchObject({ name: 'New name', priority: 'HIGH', shuffle_lines: false });
	});

	test('Update refuses to switch a non-segment import to CSV', async () => {
		const [created] = await create('Profiles');
		await expect(
			runNode(connection(), {
				parameters: {
					resource: 'documentImport',
					operation: 'update',
					datamart: byId('1509'),
					documentImport: byId(String(created.json.id)),
					updateFields: { mime_type: 'TEXT_CSV' },
				},
			}),
		).rejects.toThrow(/CSV/);
		expect(sim().requests.filter((request) => request.method === 'PUT')).toHaveLength(0);
	});

	test('Delete removes the import', async () => {
		const [created] = await create('To delete');
		const [item] = await runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'delete', datamart: byId('1509'), documentImport: byId(String(created.json.id)) },
		});
		expect(item.json).toEqual({ id: created.json.id, datamart_id: '1509', deleted: true });
		expect(sim().state.documentImport(String(created.json.id))).toBeUndefined();
	});

	test('Delete takes an answer without a body (204) as done: the docs show no answer for it', async () => {
		const [created] = await create('To delete');
		const path = `/v1/datamarts/1509/document_imports/${String(created.json.id)}`;
		sim().faults.inject({ method: 'DELETE', path, status: 204 });
		const [item] = await runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'delete', datamart: byId('1509'), documentImport: byId(String(created.json.id)) },
		});
		expect(item.json).toEqual({ id: created.json.id, datamart_id: '1509', deleted: true });
		expect(sim().requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
	});

	test('an unknown import gives the platform message and error id, and Continue On Fail outputs it instead', async () => {
		const parameters = { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId('999999') };
		const error = await runNode(connection(), { parameters }).catch((caught) => caught);
		expect(error.message).toMatch(/999999/);
		expect(error.description).toMatch(/HTTP 404/);
		expect(error.description).toMatch(/error id: [0-9a-f-]{36}/);
		const [item] = await runNode(connection(), { parameters, continueOnFail: true });
		expect(String(item.json.error)).toMatch(/999999/);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('a wrong token says to check the credential and never shows the token', async () => {
		const error = await runNode(
			{ url: sim().url, token: 'wrong-token-123' },
			{ parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId('1') } },
		).catch((caught) => caught);
		expect(error.message).toMatch(/check the API token/);
		expect(error.description).toMatch(/HTTP 401/);
		expect(JSON.stringify({ message: error.message, description: error.description, context: error.context })).not.toContain('wrong-token-123');
	});

	test('an http:// API URL other than loopback is refused before any request', async () => {
		const error = await runNode(
			{ url: 'http://api.example.com', token: sim().token },
			{ parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId('1') } },
		).catch((caught) => caught);
		expect(error.message).toMatch(/must start with https:\/\//);
	});
});

describe('Document Import: Get Many', () => {
	beforeEach(async () => {
		for (let index = 1; index <= 7; index++) await create(`Import ${index}`);
		await create('CSV segments', { documentType: 'USER_SEGMENT', mimeType: 'TEXT_CSV' });
	});

	const getMany = (extra: Record<string, unknown>) =>
		runNode(connection(), { parameters: { resource: 'documentImport', operation: 'getAll', datamart: byId('1509'), ...extra } });

	test('Limit returns that many', async () => {
		expect(await getMany({ returnAll: false, limit: 3 })).toHaveLength(3);
	});

	test('Return All follows first_result/max_results until total, with no import lost or doubled', async () => {
		const before = sim().requests.length;
		const output = await getMany({ returnAll: true });
		expect(output).toHaveLength(8);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(8);
		const pages = sim().requests.slice(before).filter((request) => request.method === 'GET');
		expect(pages.map((request) => request.query.first_result)).toEqual(['0', '3', '6']);
	});

	test('filters are sent as the documented query parameters', async () => {
		const output = await getMany({
			returnAll: true,
			filters: { keywords: 'CSV', mimeType: 'TEXT_CSV', documentTypes: ['USER_SEGMENT'], orderBy: 'name' },
		});
		expect(output.map((item) => item.json.name)).toEqual(['CSV segments']);
		const query = sim().requests.filter((request) => request.method === 'GET').pop()!.query;
		expect(query).toMatchObject({ keywords: 'CSV', mime_type: 'TEXT_CSV', document_types: 'USER_SEGMENT', order_by: 'name' });
	});
});

describe('pickers', () => {
	test('the datamart picker lists the datamarts of the connected user', async () => {
		const result = await listSearch(connection(), 'searchDatamarts', {});
		expect(result.results.map((item: { value: string }) => item.value)).toEqual(['1509', '1600']);
	});

	test('the document import picker lists the imports of the chosen datamart, filtered by name', async () => {
		await create('Nightly profiles');
		await create('Weekly segments', { documentType: 'USER_SEGMENT' });
		const result = await listSearch(connection(), 'searchDocumentImports', { datamart: byId('1509') }, 'Nightly');
		expect(result.results).toHaveLength(1);
		expect(result.results[0].name).toContain('Nightly profiles');
	});
});
