import path from 'path';

import { startSimulator, type Simulator } from '../simulator';
import { EXAMPLES, N8n, nodeOutput, simulatorCredential, type N8nRun } from './n8n';

jest.setTimeout(30 * 60 * 1000);

let sim: Simulator;
let n8n: N8n;
let run: N8nRun;

beforeAll(async () => {
	sim = await startSimulator();
	n8n = await N8n.create();
	await n8n.importCredentials([simulatorCredential(sim.url, sim.token)]);
	await n8n.importWorkflow(path.join(EXAMPLES, 'document-imports.json'));
	run = await n8n.execute('mdxDocImports');
});

afterAll(async () => {
	await sim?.stop();
	n8n?.remove();
});

test('the example workflow runs without error in a real n8n', () => {
	expect(run.data.resultData.error).toBeUndefined();
});

test('Create stores the document import on the platform with the fields set in the node', () => {
	const created = nodeOutput(run, 'Create document import');
	expect(created).toHaveLength(1);
	const stored = sim.state.documentImports.find((item) => item.id === created[0].id);
	expect(stored).toMatchObject({
		datamart_id: '1509',
		document_type: 'USER_SEGMENT',
		mime_type: 'APPLICATION_X_NDJSON',
		priority: 'HIGH',
		shuffle_lines: false,
	});
	expect(String(stored?.name)).toMatch(/^CRM segments - \d{4}-\d{2}-\d{2}$/);
});

test('Get Many lists the import just created, read from the list envelope', () => {
	const listed = nodeOutput(run, 'List user segment imports');
	const created = nodeOutput(run, 'Create document import')[0];
	expect(listed.map((item) => item.id)).toContain(created.id);
	expect(listed.every((item) => item.document_type === 'USER_SEGMENT')).toBe(true);
});

test('every request n8n sent carried the API token and reached a documented path', () => {
	const apiRequests = sim.requests.filter((request) => request.path.startsWith('/v1/'));
	expect(apiRequests.length).toBeGreaterThanOrEqual(2);
	expect(apiRequests.every((request) => request.authorization === 'valid')).toBe(true);
	expect(apiRequests.map((request) => `${request.method} ${request.path}`)).toEqual(
		expect.arrayContaining(['POST /v1/datamarts/1509/document_imports', 'GET /v1/datamarts/1509/document_imports']),
	);
	expect(apiRequests.every((request) => request.status === 200)).toBe(true);
});
