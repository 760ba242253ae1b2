import { createHash } from 'crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { planParts } from '../../nodes/Mediarithmics/bulk';
import { startSimulator, type Simulator } from '../simulator';
import { EXAMPLES, N8n, nodeOutput, simulatorCredential } from './n8n';
import { writeSegmentFile } from './segmentFile';

jest.setTimeout(30 * 60 * 1000);

/** Size of the generated file; several hundred MB by default, smaller with E2E_FILE_MB. */
const FILE_MB = Number(process.env.E2E_FILE_MB ?? 300);
const PART_MB = Math.max(1, Math.round(FILE_MB / 7));

let sim: Simulator;
let n8n: N8n;
let workDir: string;

beforeAll(async () => {
	sim = await startSimulator();
	workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-e2e-files-'));
	n8n = await N8n.create({
		env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_RESTRICT_FILE_ACCESS_TO: workDir },
	});
	await n8n.importCredentials([simulatorCredential(sim.url, sim.token)]);
});

afterAll(async () => {
	await sim?.stop();
	n8n?.remove();
	rmSync(workDir, { recursive: true, force: true });
});

test('CRM rows become segment commands, are uploaded and waited for: the simulator received every row', async () => {
	await n8n.importWorkflow(path.join(EXAMPLES, 'crm-rows-to-segment.json'));
	const run = await n8n.execute('mdxCrmToSegment');
	expect(run.data.resultData.error).toBeUndefined();
	const [execution] = nodeOutput(run, 'Upload segment commands');
	expect(execution).toMatchObject({ status: 'SUCCEEDED', part: 1, parts: 1, lines: 5, document_import_created: true });
	expect(execution.summary).toMatchObject({ total_success: 5, total_failure: 0 });

	const received = sim.receivedFile(String(execution.id)).toString('utf8').trim().split('\n').map((line) => JSON.parse(line));
	const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
	expect(received[0]).toEqual({
		operation: 'UPDATE',
		email_hash: sha256('ada.lovelace@example.com'),
		segment_technical_name: 'newsletter_gold',
		expiration_duration: 0,
	});
	expect(received.map((line) => line.operation)).toEqual(['UPDATE', 'UPDATE', 'DELETE', 'UPDATE', 'DELETE']);
});

test.each([
	['checked, then streamed (two passes)', true],
	['streamed and cut as it goes, without validation (one pass, chunked)', false],
])(`a ${FILE_MB} MB file read from disk is uploaded in parts of ${PART_MB} MB, byte for byte, parts 2 and the last cut mid-body and sent again: %s`, async (_name, validate) => {
	const file = path.join(workDir, 'segments.ndjson');
	const { bytes, lines } = await writeSegmentFile(file, FILE_MB * 1000 * 1000);
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'file-to-segment.json'), 'utf8'));
	workflow.id = validate ? 'mdxFileToSegment' : 'mdxFileToSegmentOnePass';
	for (const node of workflow.nodes) {
		if (node.name === 'Read segment file') node.parameters.fileSelector = file;
		if (node.name === 'Upload file') Object.assign(node.parameters.uploadOptions, { maxPartMegabytes: PART_MB, validate });
	}
	const workflowFile = path.join(workDir, `${workflow.id}.json`);
	writeFileSync(workflowFile, JSON.stringify(workflow));
	await n8n.importWorkflow(workflowFile);

	const postsBefore = sim.requests.length;
	// How many parts the node will make (the same either way), to aim a fault at the last one.
	const partCount = (await planParts(createReadStream(file, { highWaterMark: 1024 * 1024 }), {
		maxPartBytes: PART_MB * 1000 * 1000, documentType: 'USER_SEGMENT', format: 'ndjson', validate: false, invalidLines: 'stop',
	})).parts.length;
	// The connection of part 2 is cut as soon as its headers arrive: its body is read again from n8n's store.
	// Then (faults take turns) the same for the last part: sent again, and the run ends there.
	const executionsPath = /^\/v1\/datamarts\/1509\/document_imports\/\d+\/executions$/;
	sim.faults.inject({ method: 'POST', path: executionsPath, after: 1, drop: 'before-body' });
	sim.faults.inject({ method: 'POST', path: executionsPath, after: partCount - 2, drop: 'before-body' });
	const run = await n8n.execute(workflow.id);
	expect(run.data.resultData.error).toBeUndefined();
	expect(sim.faults.list()).toHaveLength(0);
	const parts = nodeOutput(run, 'Upload file');
	expect(parts).toHaveLength(partCount);
	expect(parts.map((part) => part.uploadOutcome)).toEqual(parts.map((_part, index) => (index === 1 || index === partCount - 1 ? 're-uploaded' : 'created')));
	// Nothing doubled: the import holds one execution per part.
	expect(sim.state.executions.filter((execution) => String((execution.parameters as { document_import_id: number }).document_import_id) === String(parts[0].document_import_id))).toHaveLength(parts.length);
	// A part cut while sent has no size beforehand: it goes chunked; a planned part declares its length.
	const uploads = sim.requests.slice(postsBefore).filter((request) => request.method === 'POST' && request.path.endsWith('/executions'));
	expect(uploads).toHaveLength(parts.length + 2);
	for (const request of uploads) {
		expect(request.headers['transfer-encoding']).toBe(validate ? undefined : 'chunked');
		expect(request.headers['content-length'] === undefined).toBe(!validate);
	}
	// Parts are filled greedily up to whole lines: at most one more part than a byte-exact cut would give.
	const fewestParts = Math.ceil(bytes / (PART_MB * 1000 * 1000));
	expect(parts.length).toBeGreaterThanOrEqual(fewestParts);
	expect(parts.length).toBeLessThanOrEqual(fewestParts + 1);
	expect(parts.every((part) => Number(part.bytes) <= PART_MB * 1000 * 1000)).toBe(true);

	// The parts, in order, are the file: compare digests rather than 300 MB strings.
	const input = createHash('sha256').update(readFileSync(file)).digest('hex');
	const uploaded = createHash('sha256');
	for (const part of parts) uploaded.update(sim.receivedFile(String(part.id)));
	expect(uploaded.digest('hex')).toBe(input);
	expect(parts.reduce((sum, part) => sum + Number(part.lines), 0)).toBe(lines);
	expect(parts.map((part) => part.firstLine)).toEqual(
		parts.map((_part, index) => 1 + parts.slice(0, index).reduce((sum, previous) => sum + Number(previous.lines), 0)),
	);
});
