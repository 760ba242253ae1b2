/**
 * Reliability and secrecy inside a real n8n: a file streamed from n8n's
 * filesystem binary store is uploaded in parts while the simulator cuts
 * connections, answers 503 and stalls past the timeout (and finishes the
 * stalled upload anyway, after the node gave up on it). Each faulted part is
 * re-read from the store, none is lost or doubled, every retry is in n8n's
 * debug log; and the API token appears nowhere in what n8n printed (debug
 * log level) or in the run data, for a successful run and a failing one.
 */
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { startSimulator, type Simulator } from '../simulator';
import { EXAMPLES, N8n, nodeOutput, simulatorCredential } from './n8n';

jest.setTimeout(15 * 60 * 1000);

const TOKEN = 'tok-E2E-SECRET-7d3a1b-never-printed';
const EXECUTIONS = /^\/v1\/datamarts\/1509\/document_imports\/\d+\/executions$/;

let sim: Simulator;
let n8n: N8n;
let workDir: string;

beforeAll(async () => {
	sim = await startSimulator({ token: TOKEN });
	workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-e2e-reliability-'));
	n8n = await N8n.create({
		env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_RESTRICT_FILE_ACCESS_TO: workDir, N8N_LOG_LEVEL: 'debug' },
	});
	await n8n.importCredentials([simulatorCredential(sim.url, TOKEN)]);
});

afterAll(async () => {
	await sim?.stop();
	n8n?.remove();
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The file-to-segment example, reading `file`, in small parts, with a short request timeout. */
function fileWorkflow(file: string, id: string, validate = true): string {
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'file-to-segment.json'), 'utf8'));
	workflow.id = id;
	for (const node of workflow.nodes) {
		if (node.name === 'Read segment file') node.parameters.fileSelector = file;
		if (node.name === 'Upload file') {
			node.parameters.uploadOptions.maxPartMegabytes = 0.02;
			node.parameters.uploadOptions.validate = validate;
			node.parameters.retryOptions = { timeoutSeconds: 1 };
		}
	}
	const workflowFile = path.join(workDir, `${id}.json`);
	writeFileSync(workflowFile, JSON.stringify(workflow));
	return workflowFile;
}

test.each([
	['checked first (two passes)', true],
	['without validation (one pass, parts cut while sent)', false],
])('a streamed upload under cut connections, 503s and stalls, %s: every part once, byte for byte, token never printed', async (_name, validate) => {
	const file = path.join(workDir, 'segments.ndjson');
	const lines = Array.from({ length: 2000 }, (_v, index) =>
		JSON.stringify({ operation: 'UPDATE', user_account_id: `crm-${index}`, segment_id: String(1000 + (index % 7)), expiration_duration: 0 }),
	);
	writeFileSync(file, `${lines.join('\n')}\n`);
	const workflowId = validate ? 'mdxReliabilityFile' : 'mdxReliabilityFileOnePass';
	await n8n.importWorkflow(fileWorkflow(file, workflowId, validate));
	const executionsBefore = sim.state.executions.length;
	// Faults take turns: each starts counting once the one before it is used up.
	sim.faults.inject({ method: 'POST', path: EXECUTIONS, after: 1, drop: 'after-body' });
	sim.faults.inject({ method: 'POST', path: EXECUTIONS, after: 1, status: 503, times: 2 });
	sim.faults.inject({ method: 'POST', path: EXECUTIONS, after: 1, drop: 'before-body' });
	// A stall past the 1 s timeout that the platform finishes anyway, before the check that follows the timeout (1 s later).
	sim.faults.inject({ method: 'POST', path: EXECUTIONS, after: 1, delayMs: 1500, finishLate: true });
	sim.faults.inject({ method: 'POST', path: EXECUTIONS, after: 1, status: 429, retryAfter: '1' });

	const { run, stdout, stderr } = await n8n.executeWithOutput(workflowId);
	expect(run.data.resultData.error).toBeUndefined();
	expect(sim.faults.list()).toHaveLength(0);
	const parts = nodeOutput(run, 'Upload file');
	expect(parts.length).toBeGreaterThan(8);

	const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');
	expect(digest(Buffer.concat(parts.map((part) => sim.receivedFile(String(part.id)))))).toBe(digest(readFileSync(file)));
	expect(sim.state.executions).toHaveLength(executionsBefore + parts.length);
	expect(new Set(parts.map((part) => part.uploadOutcome))).toEqual(new Set(['created', 'recovered', 're-uploaded']));

	expect(stdout).toMatch(/mediarithmics: POST \/v1\/datamarts\/1509\/document_imports\/\d+\/executions attempt 1 failed \(HTTP 429\); retrying in 1000 ms \(Retry-After\)/);
	expect(stdout).toMatch(/attempt 1 had been done \(found \d+\); not sent again/);
	for (const text of [stdout, stderr, JSON.stringify(run)]) expect(text.includes(TOKEN)).toBe(false);
});

test('a failing call (HTTP 500 after retries of 503s): the error is shown, the token is not', async () => {
	await n8n.importWorkflow(path.join(EXAMPLES, 'document-imports.json'));
	sim.faults.inject({ method: 'POST', path: '/v1/datamarts/1509/document_imports', status: 503 });
	sim.faults.inject({ method: 'POST', path: '/v1/datamarts/1509/document_imports', status: 500, times: 5 });
	const { run, stdout, stderr } = await n8n.executeWithOutput('mdxDocImports');
	expect(JSON.stringify(run.data.resultData.error ?? run)).toMatch(/HTTP 500/);
	expect(stdout).toMatch(/attempt 1 failed \(HTTP 503, outcome unknown\)/);
	for (const text of [stdout, stderr, JSON.stringify(run)]) expect(text.includes(TOKEN)).toBe(false);
});
