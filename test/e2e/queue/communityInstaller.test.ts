/**
 * The package in queue mode installed as people who run queue mode install
 * community packages: by n8n's own installer, on every main and worker, from
 * a package registry (here Verdaccio on loopback with only this package:
 * localRegistry.ts). Each process starts with an empty user folder and the
 * settings of the README's queue-mode part (N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV,
 * N8N_COMMUNITY_PACKAGES, N8N_REINSTALL_MISSING_PACKAGES); then an upload runs
 * on a worker and the trigger on main. Last, a worker without the package.
 */
import { existsSync, readFileSync } from 'fs';
import path from 'path';

import { segmentLine } from '../../simulator/testClient';
import type { N8nProcess } from '../n8nProcess';
import { createImport, executionListReads, output, until, uploadLines, useChatReceiver, useQueueStack } from './scenario';
import { example, notifyOnFinish, onWebhook } from './workflows';

jest.setTimeout(15 * 60 * 1000);

const { name: NAME, version: VERSION } = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };

// Platform executions take 5 s to finish; workers of 2 slots.
const stack = useQueueStack({ workers: 2, concurrency: 2, installer: 'n8n', simulator: { pendingMs: 5000 } });
const { messages, url: chatUrl } = useChatReceiver();

/** The version of the package in a process's own user folder (where n8n's installer puts it), if any. */
function installedVersion(process: N8nProcess): string | undefined {
	const file = path.join(process.n8n.userFolder, '.n8n', 'nodes', 'node_modules', NAME, 'package.json');
	return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

test('main installs the package from the registry because N8N_COMMUNITY_PACKAGES names it, and each worker installs it itself when it starts', async () => {
	const processes = [stack().mainProcess, ...stack().workers];
	for (const process of processes) expect(installedVersion(process)).toBe(VERSION);
	expect(stack().mainProcess.log()).toContain(`Installed community package '${NAME}@${VERSION}' from env`);
	// Workers do not read N8N_COMMUNITY_PACKAGES: they install what n8n's database lists and their folder lacks.
	for (const worker of stack().workers) expect(worker.log()).toContain('Attempting to reinstall missing packages');
	// Each process fetched it from the registry itself.
	expect(stack().registry?.downloads(NAME, VERSION)).toBe(processes.length);
	expect(await stack().sql(`SELECT "installedVersion" FROM installed_packages WHERE "packageName" = '${NAME}'`)).toBe(VERSION);
});

test('with the package n8n installed, an upload runs on a worker and the trigger on main', async () => {
	await stack().publishWorkflows([onWebhook(example('crm-rows-to-segment.json'), 'qInstalledCrmRows', 'installed-crm-rows')]);
	await stack().callWebhook('installed-crm-rows');
	const [upload] = await stack().finishedExecutions('qInstalledCrmRows', 1);
	expect(upload.data?.resultData.error).toBeUndefined();
	expect(upload.status).toBe('success');
	expect(stack().workerThatRan(upload.id)).toBeGreaterThanOrEqual(0);
	expect(output(upload, 'Upload segment commands')[0]).toMatchObject({ status: 'SUCCEEDED', lines: 5 });

	const importId = await createImport(stack().sim, 'CRM segments - installed by n8n');
	const readsBefore = executionListReads(stack().sim);
	await stack().publishWorkflows([notifyOnFinish(chatUrl())]);
	await until('the activation poll', () => executionListReads(stack().sim) > readsBefore, 60_000);
	const finished = await uploadLines(stack().sim, importId, `${segmentLine({ user_account_id: 'installed-1' })}\n`);
	// Main's trigger sees it finish (its next poll, within a minute) and a worker posts the message.
	await until('its chat message', () => messages.some((message) => message.execution_id === finished), 150_000);
	expect(stack().mainProcess.log()).not.toMatch(/Unrecognized node type/);
	const runs = await stack().finishedExecutions('mdxNotifyFinish', 1);
	expect(runs.every((run) => run.status === 'success' && stack().workerThatRan(run.id) >= 0)).toBe(true);
});

test('a worker started without N8N_REINSTALL_MISSING_PACKAGES lacks the package: it warns at start and fails every run of the package\'s nodes it takes', async () => {
	for (const worker of [...stack().workers]) await stack().stopWorker(worker);
	const bare = await stack().startWorker({ N8N_REINSTALL_MISSING_PACKAGES: 'false' });
	expect(installedVersion(bare)).toBeUndefined();
	expect(bare.log()).toContain('n8n detected that some packages are missing');

	await stack().publishWorkflows([onWebhook(example('crm-rows-to-segment.json'), 'qBareWorker', 'bare-worker')]);
	const postsBefore = stack().sim.requests.filter((request) => request.method === 'POST').length;
	await stack().callWebhook('bare-worker');
	const [run] = await stack().finishedExecutions('qBareWorker', 1);
	expect(stack().workerThatRan(run.id)).toBe(0);
	expect(run.status).toBe('error');
	console.log(`a worker without the package: execution ${run.id} ${run.status}: ${JSON.stringify(run.data?.resultData.error ?? {}).slice(0, 600)}`);
	expect(JSON.stringify(run.data?.resultData.error)).toMatch(new RegExp(`Unrecognized node type: ${NAME}\\.mediarithmics`));
	// Nothing reached the platform.
	expect(stack().sim.requests.filter((request) => request.method === 'POST').length).toBe(postsBefore);
});
