/**
 * The example workflows of the common jobs, imported as a user imports them and
 * run with `n8n execute` against the simulator: each must finish without error,
 * and the platform must have received the lines the README says it sends.
 * (crm-mirror-to-segment runs run after run, its state on disk, in mirror.test.ts.)
 */
import { createHash } from 'crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { startFileServer } from '../fileServer';
import { startSimulator, type Simulator } from '../simulator';
import { EXAMPLES, N8n, nodeOutput, simulatorCredential } from './n8n';

jest.setTimeout(30 * 60 * 1000);

let sim: Simulator;
let n8n: N8n;
/** Where the examples that read a file from disk find it (n8n may read only there). */
let filesDir: string;

beforeAll(async () => {
	sim = await startSimulator();
	filesDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-e2e-examples-'));
	n8n = await N8n.create({ env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } });
	await n8n.importCredentials([simulatorCredential(sim.url, sim.token)]);
});

afterAll(async () => {
	await sim?.stop();
	n8n?.remove();
	if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

async function runExample(file: string, workflowId: string, uploadNode: string, workflowFile = path.join(EXAMPLES, file)) {
	await n8n.importWorkflow(workflowFile);
	const run = await n8n.execute(workflowId);
	expect(run.data.resultData.error).toBeUndefined();
	const [execution] = nodeOutput(run, uploadNode);
	const documentImport = sim.state.documentImport(String(execution.document_import_id));
	const received = sim.receivedFile(String(execution.id)).toString('utf8');
	return { execution, documentImport, received };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('csv-file-to-segment: a CSV file with a header line goes to a new CSV segment import, every row imported', async () => {
	const { execution, documentImport, received } = await runExample('csv-file-to-segment.json', 'mdxCsvToSegment', 'Upload CSV to segment');
	expect(documentImport).toMatchObject({ document_type: 'USER_SEGMENT', mime_type: 'TEXT_CSV' });
	expect(execution).toMatchObject({ status: 'SUCCEEDED', lines: 4 });
	expect(execution.summary).toMatchObject({ total_success: 4, total_failure: 0 });
	const [header, ...rows] = received.trim().split('\n');
	expect(header.split(',')).toEqual(expect.arrayContaining(['operation', 'user_account_id', 'segment_technical_name', 'expiration_duration']));
	expect(rows).toHaveLength(4);
});

test('offline-purchases-to-activities: each purchase becomes a USER_ACTIVITY line with its time and a confirmed transaction event', async () => {
	const { execution, documentImport, received } = await runExample('offline-purchases-to-activities.json', 'mdxPurchases', 'Upload purchases as activities');
	expect(documentImport).toMatchObject({ document_type: 'USER_ACTIVITY', mime_type: 'APPLICATION_X_NDJSON' });
	expect(execution.summary).toMatchObject({ total_success: 3, total_failure: 0 });
	const lines = received.trim().split('\n').map((line) => JSON.parse(line));
	expect(lines[0]).toEqual({
		$type: 'TOUCH',
		$session_status: 'NO_SESSION',
		$ts: Date.parse('2026-11-20T18:42:00Z'),
		$user_account_id: 'crm-1001',
		$compartment_id: '12',
		$events: [
			{
				$event_name: '$transaction_confirmed',
				$ts: Date.parse('2026-11-20T18:42:00Z'),
				$properties: { order_id: 'S-88121', store: 'Paris Opera', amount: 59.9, currency: 'EUR' },
			},
		],
	});
});

test('gdpr-identifier-deletions: each request becomes a USER_EMAIL deletion of the normalised address hash', async () => {
	const { execution, documentImport, received } = await runExample('gdpr-identifier-deletions.json', 'mdxGdprDeletions', 'Delete identifiers');
	expect(documentImport).toMatchObject({ document_type: 'USER_IDENTIFIERS_DELETION' });
	expect(execution.summary).toMatchObject({ total_success: 2, total_failure: 0 });
	expect(received.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
		{ type: 'USER_EMAIL', hash: sha256('ada.lovelace@example.com') },
		{ type: 'USER_EMAIL', hash: sha256('grace.hopper@example.com') },
	]);
});

test('profile-updates: each CRM row becomes a USER_PROFILE upsert of its account with the mapped profile, merged by PARTIAL_UPDATE', async () => {
	const { execution, documentImport, received } = await runExample('profile-updates.json', 'mdxProfiles', 'Upload profile updates');
	expect(documentImport).toMatchObject({ document_type: 'USER_PROFILE', mime_type: 'APPLICATION_X_NDJSON' });
	expect(execution.summary).toMatchObject({ total_success: 3, total_failure: 0 });
	const profile = (user_account_id: string, first_name: string, last_name: string, city: string, loyalty_tier: string) => ({
		operation: 'UPSERT',
		user_account_id,
		compartment_id: '12',
		user_profile: { first_name, last_name, city, loyalty_tier },
		update_strategy: 'PARTIAL_UPDATE',
	});
	expect(received.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
		profile('crm-1001', 'Ada', 'Lovelace', 'Paris', 'gold'),
		profile('crm-1002', 'Grace', 'Hopper', 'Lyon', 'silver'),
		profile('crm-1004', 'Katherine', 'Johnson', 'Nantes', 'gold'),
	]);
});

test('consents-to-user-choices: each consent becomes a USER_CHOICE upsert of the hashed email, with its processing and time', async () => {
	const { execution, documentImport, received } = await runExample('consents-to-user-choices.json', 'mdxConsents', 'Upload consents as user choices');
	expect(documentImport).toMatchObject({ document_type: 'USER_CHOICE', mime_type: 'APPLICATION_X_NDJSON' });
	expect(execution.summary).toMatchObject({ total_success: 3, total_failure: 0 });
	const choice = (email: string, processingId: string, at: string) => ({
		operation: 'UPSERT',
		email_hash: sha256(email),
		user_choice: { $processing_id: processingId, $choice_ts: Date.parse(at) },
	});
	expect(received.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
		choice('ada.lovelace@example.com', '2001', '2026-11-20T09:15:00Z'),
		choice('grace.hopper@example.com', '2001', '2026-11-21T14:02:00Z'),
		choice('katherine.johnson@example.com', '2002', '2026-11-22T20:47:00Z'),
	]);
});

test('identifier-associations: each CRM account becomes a declaration that its hashed email and its user account are one user', async () => {
	const { execution, documentImport, received } = await runExample('identifier-associations.json', 'mdxAssociations', 'Associate emails with accounts');
	expect(documentImport).toMatchObject({ document_type: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', mime_type: 'APPLICATION_X_NDJSON' });
	expect(execution.summary).toMatchObject({ total_success: 2, total_failure: 0 });
	expect(received.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
		{
			identifiers: [
				{ type: 'USER_EMAIL', hash: sha256('ada.lovelace@example.com') },
				{ type: 'USER_ACCOUNT', user_account_id: 'crm-1001', compartment_id: '12' },
			],
		},
		{
			identifiers: [
				{ type: 'USER_EMAIL', hash: sha256('grace.hopper@example.com') },
				{ type: 'USER_ACCOUNT', user_account_id: 'crm-1002', compartment_id: '12' },
			],
		},
	]);
});

test('crm-csv-export-to-segment: a CRM CSV export read from disk becomes segment commands, row by row, and is waited for', async () => {
	// The example as imported, reading the sample export from where this n8n may read files.
	const csv = path.join(filesDir, 'crm-export.csv');
	copyFileSync(path.join(EXAMPLES, '..', 'data', 'crm-export.csv'), csv);
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'crm-csv-export-to-segment.json'), 'utf8'));
	for (const node of workflow.nodes) if (node.name === 'Read CRM export') node.parameters.fileSelector = csv;
	const workflowFile = path.join(filesDir, 'crm-csv-export-to-segment.json');
	writeFileSync(workflowFile, JSON.stringify(workflow));

	const { execution, documentImport, received } = await runExample('', 'mdxCrmCsvExport', 'Upload segment commands from the CSV', workflowFile);
	expect(documentImport).toMatchObject({ document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON' });
	expect(execution).toMatchObject({ status: 'SUCCEEDED', part: 1, parts: 1, lines: 5, firstLine: 2, lastLine: 6 });
	expect(execution.summary).toMatchObject({ total_success: 5, total_failure: 0 });
	const lines = received.trim().split('\n').map((line) => JSON.parse(line));
	expect(lines[0]).toEqual({ operation: 'UPDATE', email_hash: sha256('ada.lovelace@example.com'), segment_technical_name: 'newsletter_gold', expiration_duration: 0 });
	expect(lines.map((line) => line.segment_technical_name)).toEqual(['newsletter_gold', 'newsletter_gold', 'newsletter_silver', 'newsletter_gold', 'newsletter_silver']);
	// The unsubscribed column ("true"/"false" text) decides UPDATE or DELETE.
	expect(lines.map((line) => line.operation)).toEqual(['UPDATE', 'UPDATE', 'DELETE', 'UPDATE', 'DELETE']);
});

test('url-export-to-segment: the export is downloaded from its link (with the header it needs, never the token) and waited for', async () => {
	const files = await startFileServer();
	try {
		const exportFile = path.join(EXAMPLES, '..', 'data', 'segment-export.ndjson');
		// As a file server would send it: compressed on the fly, behind the header the example sends.
		files.serve('/segment-export.ndjson', { body: exportFile, gzip: true, requireHeader: { name: 'X-Export-Key', value: 'example-export-key' } });
		const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'url-export-to-segment.json'), 'utf8'));
		for (const node of workflow.nodes) if (node.name === 'Upload export from its link') node.parameters.fileUrl = `${files.url}/segment-export.ndjson`;
		const workflowFile = path.join(filesDir, 'url-export-to-segment.json');
		writeFileSync(workflowFile, JSON.stringify(workflow));

		const { execution, documentImport, received } = await runExample('', 'mdxUrlExport', 'Upload export from its link', workflowFile);
		expect(documentImport).toMatchObject({ document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON' });
		expect(execution).toMatchObject({ status: 'SUCCEEDED', lines: 5 });
		expect(received).toBe(readFileSync(exportFile, 'utf8'));
		// Validation on: the check, its size (compressed on the fly, so no Content-Length: one byte of a range gives the
		// total that proves a read whole), then the upload; the reads compressed, none with the mediarithmics token.
		const gets = files.requestsTo('/segment-export.ndjson');
		expect(gets.map((request) => [request.status, request.contentEncoding, request.range])).toEqual([
			[200, 'gzip', undefined],
			[206, undefined, 'bytes=0-0'],
			[200, 'gzip', undefined],
		]);
		for (const request of gets) expect(JSON.stringify(request.headers)).not.toContain(sim.token);
	} finally {
		await files.stop();
	}
});
