/**
 * In a real n8n: Upload (Skip and Report) -> Wait for Completion -> Get Error
 * File -> Cancel, every execution operation on its defaults
 * (`{{ $json.datamart_id }}`, `{{ $json.document_import_id }}`, `{{ $json.id }}`),
 * with the skipped-lines report travelling along untouched. Cancel (Continue
 * On Fail) meets a finished execution: its error item proves it found the
 * execution, and carries the platform's status, error code and error id.
 */
import path from 'path';

import { startSimulator, type Simulator } from '../simulator';
import { N8n, nodeOutput, simulatorCredential, type N8nRun } from './n8n';

jest.setTimeout(30 * 60 * 1000);

let sim: Simulator;
let n8n: N8n;
let run: N8nRun;

beforeAll(async () => {
	// The platform reads the file a moment after the upload: parameters null in the create answer, then filled.
	sim = await startSimulator({ fileReadMs: 500 });
	n8n = await N8n.create();
	await n8n.importCredentials([simulatorCredential(sim.url, sim.token)]);
	await n8n.importWorkflow(path.join(__dirname, 'workflows', 'execution-chain-on-defaults.json'));
	run = await n8n.execute('mdxTestExecutionChain');
});

afterAll(async () => {
	await sim?.stop();
	n8n?.remove();
});

test('the chain runs to its end without error', () => {
	expect(run.data.resultData.error).toBeUndefined();
});

test('each node after Upload finds the execution from the item before it, and passes the skipped-lines report on untouched', () => {
	const [execution, report] = nodeOutput(run, 'Upload');
	const importId = String(execution.document_import_id);
	expect(report).toMatchObject({ skipped_line_count: 1, skipped_lines: [expect.objectContaining({ line: 2 })] });
	expect(sim.receivedFile(String(execution.id)).toString('utf8').trim().split('\n')).toHaveLength(2);

	const waited = nodeOutput(run, 'Wait for Completion');
	expect(waited).toEqual([
		expect.objectContaining({ id: execution.id, datamart_id: '1509', document_import_id: importId, summary: expect.objectContaining({ status: 'SUCCEEDED', total_success: 2 }) }),
		report,
	]);
	const errorFiles = nodeOutput(run, 'Get Error File');
	expect(errorFiles).toEqual([expect.objectContaining({ id: execution.id, datamart_id: '1509', document_import_id: importId, total_failure: 0 }), report]);
	const canceled = nodeOutput(run, 'Cancel');
	expect(canceled).toEqual([
		expect.objectContaining({
			error: `Execution ${String(execution.id)} cannot be canceled: its status is SUCCEEDED`,
			http_status: 400,
			error_code: 'EXECUTION_NOT_CANCELABLE',
			error_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
		}),
		report,
	]);
	expect(sim.state.execution(String(execution.id))?.status).toBe('SUCCEEDED');
});
