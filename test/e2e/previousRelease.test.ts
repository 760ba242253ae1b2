/**
 * Workflows as users of the previous release (0.1.0) saved them keep running in a real n8n:
 * imported as they are, run with `n8n execute` against the simulator, and what the simulator
 * received is what they asked for. The first is 0.1.0's own CRM example, whose segment Operation
 * is an expression (`{{ $json.unsubscribed ? 'DELETE' : 'UPDATE' }}`): n8n refused the whole run
 * ("No active execution found") once a `required` parameter shown by that Operation existed. The
 * second gives by an expression every value n8n lets a user give so.
 */
import { createHash } from 'crypto';
import path from 'path';

import { startSimulator, type Simulator } from '../simulator';
import { N8n, nodeOutput, simulatorCredential } from './n8n';

jest.setTimeout(20 * 60 * 1000);

const WORKFLOWS = path.join(__dirname, 'workflows', 'previous-release');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let sim: Simulator;
let n8n: N8n;

beforeAll(async () => {
	sim = await startSimulator({ pendingMs: 200, runningMs: 200 });
	n8n = await N8n.create();
	await n8n.importCredentials([simulatorCredential(sim.url, sim.token)]);
});

afterAll(async () => {
	await sim?.stop();
	n8n?.remove();
});

const rows = [
	{ email: 'Ada.Lovelace@example.com ', tier: 'gold', unsubscribed: false },
	{ email: 'grace.hopper@example.com', tier: 'gold', unsubscribed: false },
	{ email: 'alan.turing@example.com', tier: 'silver', unsubscribed: true },
	{ email: 'katherine.johnson@example.com', tier: 'gold', unsubscribed: false },
	{ email: 'edsger.dijkstra@example.com', tier: 'silver', unsubscribed: true },
];

test.each([
	['crm-rows-operation-expression.json', 'mdxPrevCrmRows'],
	['every-value-by-expression.json', 'mdxPrevEveryExpression'],
])('%s runs: one new import, one execution holding a line per row, DELETE for the unsubscribed', async (file, workflowId) => {
	await n8n.importWorkflow(path.join(WORKFLOWS, file));
	const importsBefore = sim.state.documentImports.length;
	const run = await n8n.execute(workflowId);
	expect(run.data.resultData.error).toBeUndefined();
	const [execution] = nodeOutput(run, 'Upload segment commands');
	expect(execution).toMatchObject({ status: 'SUCCEEDED', part: 1, parts: 1, lines: rows.length, document_import_created: true });
	expect(sim.state.documentImports).toHaveLength(importsBefore + 1);
	const received = sim.receivedFile(String(execution.id)).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
	expect(received).toEqual(
		rows.map((row) => ({
			operation: row.unsubscribed ? 'DELETE' : 'UPDATE',
			email_hash: sha256(row.email.trim().toLowerCase()),
			segment_technical_name: `newsletter_${row.tier}`,
			expiration_duration: 0,
		})),
	);
});
