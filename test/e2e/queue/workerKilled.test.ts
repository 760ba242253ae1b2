/**
 * A queue-mode worker killed (SIGKILL) in the middle of an upload, and the
 * documented way to finish that upload without sending a part twice
 * (docs/queue-mode.md, "A worker that dies during an upload"): the example
 * resume-upload.json matches Execution > Get Many's line counts against a
 * Dry Run's parts and uploads the rest with Start From Input Line.
 */
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';

import { writeSegmentFile } from '../segmentFile';
import type { PublicExecution } from './queueStack';
import { createImport, output, until, useQueueStack } from './scenario';
import { example, node, onWebhook } from './workflows';

jest.setTimeout(15 * 60 * 1000);

// An execution whose worker died is marked failed once its Bull job's lock has expired (60 s by default)
// and another worker's stalled-job check (every 30 s) has failed the job; main's queue recovery, which
// can mark it "crashed" instead, runs every 180 minutes by default. All shorter here, so that the test
// sees the outcome within minutes.
const crashDetection = { N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1', QUEUE_WORKER_LOCK_DURATION: '30000', QUEUE_WORKER_STALLED_INTERVAL: '10000' };
const stack = useQueueStack({ workers: 2, concurrency: 2, env: crashDetection });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const getExecution = (id: string) => stack().api<PublicExecution>('GET', `/executions/${id}?includeData=true`);

test('a worker killed after 3 parts of an upload were accepted, with part 4 in flight: n8n shows the run running, then error or crashed; resume-upload.json finds where to go on (part 4 included, once it shows) and the import ends up with every line once', async () => {
	const importId = await createImport(stack().sim, 'Segment file - killed worker');
	const executionsPath = `/v1/datamarts/1509/document_imports/${importId}/executions`;
	const inImport = () => stack().sim.state.executions.filter((execution) => String((execution.parameters as { document_import_id: number }).document_import_id) === importId);
	const file = path.join(stack().filesFolder, 'killed-upload.ndjson');
	const { lines } = await writeSegmentFile(file, 3_000_000);
	const maxPartMegabytes = 0.5;

	// The upload: file-to-segment, into an existing import (a resume goes to the same one).
	const upload = onWebhook(example('file-to-segment.json'), 'qKilledUpload', 'killed-upload');
	node(upload, 'Read segment file').parameters.fileSelector = file;
	Object.assign(node(upload, 'Upload file').parameters, {
		target: 'existing',
		documentImport: { __rl: true, mode: 'id', value: importId },
		uploadOptions: { maxPartMegabytes },
		retryOptions: { timeoutSeconds: 60 },
	});
	// The documented way to finish it, with this import, file and the upload's options.
	const resume = onWebhook(example('resume-upload.json'), 'qResumeUpload', 'resume-upload');
	node(resume, 'Upload to resume').parameters.jsonOutput = JSON.stringify({ datamart_id: '1509', document_import_id: importId, file });
	for (const name of ['Plan the parts (Dry Run)', 'Upload the rest']) {
		Object.assign(node(resume, name).parameters.uploadOptions as object, { maxPartMegabytes });
		node(resume, name).parameters.retryOptions = { timeoutSeconds: 60 };
	}
	await stack().publishWorkflows([upload, resume]);

	// The platform slowed at part 4: it takes the whole body, answers 20 s later and creates the execution
	// then, whether the client is still there or not (the simulator's finishLate fault).
	const accepted = 3;
	stack().sim.faults.inject({ method: 'POST', path: executionsPath, after: accepted, delayMs: 20_000, finishLate: true });
	await stack().callWebhook('killed-upload');
	await until('part 4 to reach the platform', () => stack().sim.requests.find((request) => request.path === executionsPath && request.fault !== undefined), 180_000);
	// Its body is all there within moments (0.5 MB over loopback); the platform holds its answer.
	await sleep(2000);
	expect(inImport()).toHaveLength(accepted);

	const running = await until('the upload to be running', async () => {
		// The public API lists running executions only when asked for them.
		const page = await stack().api<{ data: PublicExecution[] }>('GET', '/executions?workflowId=qKilledUpload&status=running');
		return page.data.find((execution) => execution.status === 'running');
	}, 30_000);
	const workerIndex = stack().workerThatRan(running.id);
	expect(workerIndex).toBeGreaterThanOrEqual(0);
	await stack().stopWorker(stack().workers[workerIndex], 'SIGKILL');
	const killedAt = Date.now();

	// What the user sees in n8n: the run stays "running" (nothing tells main the worker died)…
	await sleep(5000);
	expect((await getExecution(running.id)).status).toBe('running');
	// …until its Bull job's lock expires and another worker's stalled-job check fails the job (n8n sets
	// maxStalledCount 0: it is never run again). Then either main, which queued the job, marks the run
	// "error" ("This execution failed to be processed too many times and will no longer retry…", after a
	// 30 s grace window), or main's queue recovery check, finding no job for a running execution, marks it
	// "crashed", whichever comes first (both were seen). No output of the Upload node either way: which
	// parts went up is known only to the platform.
	const ended = await until('n8n to mark the run failed', async () => {
		const execution = await getExecution(running.id);
		return ['error', 'crashed'].includes(execution.status) ? execution : undefined;
	}, 8 * 60_000).catch((error: Error) => {
		const lines = (log: string) => log.split('\n').filter((text) => /recover|dangling|crash|stall|job/i.test(text)).slice(-20).join('\n');
		throw new Error(`${error.message}\nmain:\n${lines(stack().mainProcess.log())}\nworkers:\n${stack().workers.map((worker) => lines(worker.log())).join('\n--\n')}`);
	});
	expect(ended.data?.resultData?.runData?.['Upload file']).toBeUndefined();
	// Part 4 was in flight: its outcome was unknown at the kill, and the platform finished it afterwards.
	expect(inImport()).toHaveLength(accepted + 1);
	const lateCreation = Number(inImport()[accepted].creation_date);
	expect(lateCreation).toBeGreaterThan(killedAt);
	console.log(`killed worker: n8n showed "${ended.status}" (${ended.data?.resultData?.error?.message ?? 'no error message'}) ${((Date.now() - killedAt) / 1000).toFixed(0)} s after the kill (at most 1 s late); part 4 appeared in the import ${((lateCreation - killedAt) / 1000).toFixed(1)} s after it`);

	// The procedure waits for n8n to show the run failed and at least the upload's Request Timeout (60 s here) since the
	// worker died: a part in flight then shows in the import, or never will.
	await sleep(Math.max(0, killedAt + 60_000 - Date.now()));
	const postsBefore = stack().sim.requests.filter((request) => request.method === 'POST' && request.path === executionsPath).length;
	await stack().callWebhook('resume-upload');
	const [resumed] = await stack().finishedExecutions('qResumeUpload', 1);
	expect(resumed.data?.resultData.error).toBeUndefined();
	expect(resumed.status).toBe('success');
	const [plan] = output(resumed, 'Plan the parts (Dry Run)');
	const parts = plan.parts as Array<{ lines: number; firstLine: number; lastLine: number }>;
	expect(parts.length).toBeGreaterThan(accepted + 2);
	const [line] = output(resumed, 'Resume line');
	expect(line).toMatchObject({ parts_uploaded: accepted + 1, parts: parts.length, start_from_line: parts[accepted + 1].firstLine });
	const rest = output(resumed, 'Upload the rest');
	expect(rest.map((part) => [part.firstLine, part.lastLine])).toEqual(parts.slice(accepted + 1).map((part) => [part.firstLine, part.lastLine]));

	// The import holds every part once, in order: the file byte for byte, each line once, no part sent twice.
	const executions = inImport();
	expect(executions.map((execution) => (execution.parameters as { number_of_lines: number }).number_of_lines)).toEqual(parts.map((part) => part.lines));
	expect(sha256(Buffer.concat(executions.map((execution) => stack().sim.receivedFile(String(execution.id)))))).toBe(sha256(readFileSync(file)));
	expect(parts.reduce((sum, part) => sum + part.lines, 0)).toBe(lines);
	const posts = stack().sim.requests.filter((request) => request.method === 'POST' && request.path === executionsPath);
	expect(posts).toHaveLength(parts.length);
	expect(posts.length - postsBefore).toBe(parts.length - accepted - 1);
});
