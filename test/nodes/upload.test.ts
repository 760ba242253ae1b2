import { createHash } from 'crypto';

import { documentTypeOptions } from '../../nodes/Mediarithmics/actions/common.descriptions';
import { runNode } from './harness';
import { fileItem } from './nodeInputs';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection, createImport, upload, receivedText } = useSimulator();

const segmentLine = (index: number) => ({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 });

const executionPosts = () => sim().requests.filter((request) => request.method === 'POST' && request.path.endsWith('/executions'));

describe('Upload: items as lines', () => {
	test('all items go in one upload, one NDJSON line each, byte for byte', async () => {
		const importId = await createImport();
		const items = Array.from({ length: 25 }, (_value, index) => segmentLine(index));
		const output = await upload(importId, { inputMode: 'items' }, items);
		expect(output).toHaveLength(1);
		expect(receivedText()).toEqual([items.map((item) => `${JSON.stringify(item)}\n`).join('')]);
		expect(output[0].json).toMatchObject({ part: 1, parts: 1, lines: 25, firstLine: 1, document_import_id: importId, status: 'PENDING' });
		const contentTypes = executionPosts().map((request) => request.headers['content-type']);
		expect(contentTypes).toEqual(['application/x-ndjson']);
	});

	test('a small Max Part Size splits the items into several executions, none lost or doubled', async () => {
		const importId = await createImport();
		const items = Array.from({ length: 40 }, (_value, index) => segmentLine(index));
		const output = await upload(importId, { inputMode: 'items', uploadOptions: { maxPartMegabytes: 0.001 } }, items);
		expect(output.length).toBeGreaterThan(3);
		expect(output.every((item) => Number(item.json.bytes) <= 1000)).toBe(true);
		expect(receivedText().join('')).toBe(items.map((item) => `${JSON.stringify(item)}\n`).join(''));
		expect(output.map((item) => item.json.firstLine)).toEqual(
			output.map((_item, index) => 1 + output.slice(0, index).reduce((sum, previous) => sum + Number(previous.json.lines), 0)),
		);
	});

	test('Stop Before Upload names the invalid items and uploads nothing', async () => {
		const importId = await createImport();
		const items = [segmentLine(1), { operation: 'ADD', user_account_id: 'x', segment_id: '1', expiration_duration: 0 }, segmentLine(3)];
		await expect(upload(importId, { inputMode: 'items' }, items)).rejects.toThrow(/item 2/);
		expect(sim().state.executions).toHaveLength(0);
	});

	test('Skip and Report uploads the valid lines and outputs each skipped one with its reason', async () => {
		const importId = await createImport();
		const items = [segmentLine(1), { operation: 'UPDATE', segment_id: '1', expiration_duration: 0 }, segmentLine(3)];
		const output = await upload(importId, { inputMode: 'items', uploadOptions: { invalidLines: 'skip' } }, items);
		expect(receivedText()).toEqual([`${JSON.stringify(items[0])}\n${JSON.stringify(items[2])}\n`]);
		const report = output.find((item) => item.json.skipped_lines);
		expect(report?.json.skipped_line_count).toBe(1);
		expect(report?.json.skipped_lines).toEqual([{ line: 2, reason: expect.stringMatching(/identifier/) }]);
	});
});

describe('Upload: build lines from fields', () => {
	test('CRM rows become segment commands in a new import, emails hashed with SHA-256 after trim and lower-case', async () => {
		const rows = [
			{ email: ' Ada@Example.com ', segment: 'loyal' },
			{ email: 'bob@example.com', segment: 'loyal' },
		];
		const output = await runNode(connection(), {
			parameters: {
				resource: 'execution',
				operation: 'upload',
				datamart: byId('1509'),
				target: 'new',
				newImportName: 'CRM segments - 2026-11-23',
				newImportDocumentType: 'USER_SEGMENT',
				inputMode: 'fields',
				lineDocumentType: 'USER_SEGMENT',
				identifierType: 'email',
				identifier: '={{ $json.email }}',
				segmentBy: 'segment_technical_name',
				segment: '={{ $json.segment }}',
				expirationDuration: 1440,
			},
			items: rows,
		});
		const sha = (text: string) => createHash('sha256').update(text).digest('hex');
		expect(receivedText()[0].trim().split('\n').map((line) => JSON.parse(line))).toEqual([
			{ operation: 'UPDATE', email_hash: sha('ada@example.com'), segment_technical_name: 'loyal', expiration_duration: 1440 },
			{ operation: 'UPDATE', email_hash: sha('bob@example.com'), segment_technical_name: 'loyal', expiration_duration: 1440 },
		]);
		expect(output[0].json).toMatchObject({ document_import_created: true, document_import_name: 'CRM segments - 2026-11-23' });
		expect(sim().state.documentImports.map((item) => item.name)).toEqual(['CRM segments - 2026-11-23']);
	});

	test('invalid fields with Create New create no import at all', async () => {
		await expect(
			runNode(connection(), {
				parameters: {
					resource: 'execution',
					operation: 'upload',
					datamart: byId('1509'),
					target: 'new',
					newImportName: 'never created',
					newImportDocumentType: 'USER_SEGMENT',
					inputMode: 'fields',
					lineDocumentType: 'USER_SEGMENT',
					identifierType: 'user_account_id',
					identifier: '={{ $json.id }}',
					segment: '',
				},
				items: [{ id: 'a' }],
			}),
		).rejects.toThrow(/[Ii]tem 1\b.*segment/);
		expect(sim().state.documentImports).toHaveLength(0);
	});
});

describe('Upload: lines from fields for each document type', () => {
	const fieldsUpload = async (documentType: string, fields: Record<string, unknown>, items: object[]) => {
		const importId = await createImport({ document_type: documentType });
		await upload(importId, { inputMode: 'fields', lineDocumentType: documentType, ...fields }, items);
		const [execution] = sim().state.executions;
		expect((execution.result as { total_failure: number }).total_failure).toBe(0);
		return receivedText()[0].trim().split('\n').map((line) => JSON.parse(line));
	};

	test('User Profile: UPSERT with the profile object and update strategy', async () => {
		const lines = await fieldsUpload('USER_PROFILE', { identifierType: 'user_account_id', identifier: '={{ $json.id }}', compartmentId: '7', userProfile: '={{ { tier: $json.tier } }}' }, [{ id: 'c1', tier: 'gold' }]);
		expect(lines).toEqual([{ operation: 'UPSERT', user_account_id: 'c1', compartment_id: '7', user_profile: { tier: 'gold' }, update_strategy: 'PARTIAL_UPDATE' }]);
	});

	test('User Activity: $-prefixed identifier, type, session status, timestamp and events', async () => {
		const lines = await fieldsUpload(
			'USER_ACTIVITY',
			{ identifierType: 'user_agent_id', identifier: '={{ $json.agent }}', activityTs: '1700000000000', activityEvents: '={{ [{ "$event_name": "$transaction_confirmed", "$ts": 1700000000000, "$properties": { amount: $json.amount } }] }}' },
			[{ agent: 'vec:42', amount: 12.5 }],
		);
		expect(lines).toEqual([
			{ $type: 'TOUCH', $session_status: 'NO_SESSION', $ts: 1700000000000, $user_agent_id: 'vec:42', $events: [{ $event_name: '$transaction_confirmed', $ts: 1700000000000, $properties: { amount: 12.5 } }] },
		]);
	});

	test('User Choice: processing ID and choice timestamp', async () => {
		const lines = await fieldsUpload('USER_CHOICE', { identifierType: 'email_hash', identifier: 'abc123', processingId: '99', choiceTs: '1700000000000' }, [{}]);
		expect(lines).toEqual([{ operation: 'UPSERT', email_hash: 'abc123', user_choice: { $processing_id: '99', $choice_ts: 1700000000000 } }]);
	});

	test('User Identifiers Deletion: one typed identifier per line (GDPR)', async () => {
		const lines = await fieldsUpload('USER_IDENTIFIERS_DELETION', { identifierType: 'user_account_id', identifier: '={{ $json.id }}' }, [{ id: 'gone-1' }, { id: 'gone-2' }]);
		expect(lines).toEqual([{ type: 'USER_ACCOUNT', user_account_id: 'gone-1' }, { type: 'USER_ACCOUNT', user_account_id: 'gone-2' }]);
	});

	test('User Identifiers Association: the listed identifiers, typed', async () => {
		const lines = await fieldsUpload(
			'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS',
			{
				associationIdentifiers: {
					identifier: [
						{ type: 'user_account_id', value: '={{ $json.id }}', compartmentId: '3' },
						{ type: 'email', value: '={{ $json.email }}' },
					],
				},
			},
			[{ id: 'c9', email: 'Ada@example.com' }],
		);
		expect(lines).toEqual([
			{ identifiers: [{ type: 'USER_ACCOUNT', user_account_id: 'c9', compartment_id: '3' }, { type: 'USER_EMAIL', hash: createHash('sha256').update('ada@example.com').digest('hex') }] },
		]);
	});

	test('a Line Type that does not match the import is refused before upload', async () => {
		const importId = await createImport({ document_type: 'USER_PROFILE' });
		await expect(upload(importId, { inputMode: 'fields', lineDocumentType: 'USER_SEGMENT', identifier: 'x', segment: '1' }, [{}])).rejects.toThrow(
			/USER_SEGMENT commands but the document import is USER_PROFILE/,
		);
		expect(executionPosts()).toHaveLength(0);
	});
});

describe('Upload: binary file', () => {
	const lines = Array.from({ length: 60 }, (_value, index) => JSON.stringify(segmentLine(index)));

	test('a file is split at line boundaries: parts concatenated equal the file without its blank lines and BOM', async () => {
		const importId = await createImport();
		const file = `\uFEFF${lines.slice(0, 30).join('\r\n')}\r\n\r\n${lines.slice(30).join('\n')}`;
		const output = await upload(importId, { inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0012 } }, [fileItem(file)]);
		expect(output.length).toBeGreaterThan(2);
		const received = receivedText();
		expect(received.join('')).toBe(`${lines.join('\n')}\n`);
		expect(received.every((part) => part.endsWith('\n') && Buffer.byteLength(part) <= 1200)).toBe(true);
		expect(output.map((item) => item.json.part)).toEqual(output.map((_item, index) => index + 1));
	});

	test('a CSV file keeps its header line at the start of every part', async () => {
		const importId = await createImport({ mime_type: 'TEXT_CSV' });
		const header = 'operation,user_account_id,segment_id,expiration_duration';
		const rows = Array.from({ length: 30 }, (_value, index) => `UPDATE,"user, ${index}",42,0`);
		await upload(importId, { inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0003 } }, [fileItem(`${header}\n${rows.join('\n')}\n`, 'a.csv')]);
		const received = receivedText();
		expect(received.length).toBeGreaterThan(1);
		expect(received.every((part) => part.startsWith(`${header}\n`))).toBe(true);
		expect(received.map((part) => part.slice(header.length + 1)).join('')).toBe(`${rows.join('\n')}\n`);
		expect(sim().state.executions.every((execution) => (execution.result as { total_failure: number }).total_failure === 0)).toBe(true);
	});

	test('an empty file is a clear error, not an empty upload', async () => {
		const importId = await createImport();
		await expect(upload(importId, { inputMode: 'binary' }, [fileItem('\n\n')])).rejects.toThrow(/empty|no line|nothing/i);
		expect(executionPosts()).toHaveLength(0);
	});

	test('a missing binary field names the fields the item has', async () => {
		const importId = await createImport();
		await expect(upload(importId, { inputMode: 'binary', binaryPropertyName: 'file' }, [fileItem('x')])).rejects.toThrow(
			/no binary field "file"/,
		);
	});

	test('when part 3 fails, the error lists the executions already created and the line to resume from', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 2, status: 400 });
		const options = { inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0012 } };
		const error = await upload(importId, options, [fileItem(`${lines.join('\n')}\n`)]).catch((caught) => caught);
		const created = sim().state.executions.map((execution) => String(execution.id));
		expect(created).toHaveLength(2);
		const resumeLine = 1 + receivedText().join('').trim().split('\n').length;
		expect(error.message).toMatch(/^Part 3 of \d+ of the file "export.ndjson" of item 1 was not uploaded/);
		expect(error.description).toContain(`executions ${created.join(', ')}`);
		expect(error.description).toContain(`upload again from line ${resumeLine} `);
	});

	test('with Continue On Fail, the executions created before the failure are output with the error', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 1, status: 400 });
		const output = await upload(importId, { inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0012 } }, [fileItem(`${lines.join('\n')}\n`)], true);
		expect(output[0].json).toMatchObject({ part: 1, id: sim().state.executions[0].id });
		expect(output[1].json).toMatchObject({ created_executions: [String(sim().state.executions[0].id)], resume_from_line: Number(output[0].json.lines) + 1 });
	});
});

describe('Upload: a file without validation goes in one pass', () => {
	const lines = Array.from({ length: 60 }, (_value, index) => JSON.stringify(segmentLine(index)));
	const file = `\uFEFF${lines.slice(0, 30).join('\r\n')}\r\n\r\n${lines.slice(30).join('\n')}`;
	const expectedText = `${lines.join('\n')}\n`;

	test('the parts are those the checked upload makes: same cuts, same bytes, same counts', async () => {
		const checkedImport = await createImport();
		const checked = await upload(checkedImport, { inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0012 } }, [fileItem(file)]);
		const importId = await createImport();
		const output = await upload(importId, { inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0012, validate: false } }, [fileItem(file)]);
		const fields = (item: { json: object }) => {
			const { part, parts, lines: count, bytes, firstLine, lastLine } = item.json as Record<string, unknown>;
			return { part, parts, lines: count, bytes, firstLine, lastLine };
		};
		expect(output.length).toBeGreaterThan(3);
		expect(output.map(fields)).toEqual(checked.map(fields));
		const received = output.map((item) => sim().receivedFile(String(item.json.id)).toString('utf8'));
		expect(received.join('')).toBe(expectedText);
		expect(received.map((text) => Buffer.byteLength(text))).toEqual(output.map((item) => item.json.bytes));
	});

	test('a line larger than a part, found after parts were sent: they are reported with the line to resume from, nothing else is created', async () => {
		const importId = await createImport();
		// More than one 1 MiB chunk of input, so that parts leave before the long line is read.
		const many = Array.from({ length: 14_000 }, (_value, index) => JSON.stringify(segmentLine(index)));
		const tooLong = JSON.stringify({ ...segmentLine(-1), segment_id: 'x'.repeat(150_000) });
		const withLongLine = [...many.slice(0, 13_000), tooLong, ...many.slice(13_000)].join('\n');
		const error = await upload(importId, { inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.1, validate: false } }, [fileItem(withLongLine)]).then(
			() => ({ message: 'no error', description: '' }),
			(caught: unknown) => caught as { message: string; description: string },
		);
		const created = sim().state.executions.map((execution) => String(execution.id));
		expect(created.length).toBeGreaterThanOrEqual(2);
		const sent = receivedText().join('');
		const sentLines = sent.trim().split('\n').length;
		expect(sent).toBe(many.slice(0, sentLines).map((text) => `${text}\n`).join(''));
		expect(error.message).toMatch(new RegExp(`^Part ${created.length + 1} of the file "export.ndjson" of item 1 was not uploaded: Line 13001 is 150\\.\\d+ KB, larger than the Max Part Size`));
		expect(error.description).toContain(`executions ${created.join(', ')}`);
		expect(error.description).toContain(`upload again from line ${sentLines + 1} `);
	});

	test('an empty file creates nothing, not even the new import', async () => {
		const before = sim().state.documentImports.length;
		const error = await upload('unused', { target: 'new', newImportName: 'never', inputMode: 'binary', uploadOptions: { validate: false } }, [fileItem(' \n\n')]).then(
			() => ({ message: 'no error' }),
			(caught: unknown) => caught as { message: string },
		);
		expect(error.message).toMatch(/The file has no lines to upload/);
		expect(sim().state.documentImports).toHaveLength(before);
		expect(executionPosts()).toHaveLength(0);
	});
});

describe('Upload: Wait for Completion option', () => {
	test('outputs the finished executions with their summary and upload details', async () => {
		const importId = await createImport();
		const items = [segmentLine(1), { ...segmentLine(2), segment_id: '' }];
		const output = await upload(importId, { inputMode: 'items', uploadOptions: { validate: false, waitForCompletion: true, pollIntervalSeconds: 0.05 } }, items);
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ status: 'SUCCEEDED', part: 1, parts: 1, summary: { total_success: 1, total_failure: 1 } });
	});
});

describe('Upload: the import encoding', () => {
	/** The import as the platform would answer it with another encoding (the simulator stores utf-8 only). */
	const latin1Import = async () => {
		const importId = await createImport();
		const stored = sim().state.documentImport(importId)!;
		sim().faults.inject({ method: 'GET', path: `/v1/datamarts/1509/document_imports/${importId}`, times: 1, status: 200, body: { status: 'ok', data: { ...stored, encoding: 'ISO-8859-1' } } });
		return importId;
	};

	test('lines the node writes or checks (UTF-8) are not sent to an import that says another encoding', async () => {
		const importId = await latin1Import();
		await expect(upload(importId, { inputMode: 'items' }, [segmentLine(1)])).rejects.toThrow(/encoding is "ISO-8859-1", but the node writes and checks lines as UTF-8/);
		expect(executionPosts()).toHaveLength(0);
	});

	test('a file sent as it is (Validate Lines off) goes to it byte for byte', async () => {
		const importId = await latin1Import();
		const file = Buffer.from(`${JSON.stringify(segmentLine(1)).replace('user-1', 'Zo\u00eb')}\n`, 'latin1');
		await upload(importId, { inputMode: 'binary', uploadOptions: { validate: false } }, [fileItem(file)]);
		expect(sim().receivedFile(String(sim().state.executions[0].id)).equals(file)).toBe(true);
	});
});

describe('Upload: user dissociation (bulk-processing.md lists it; no line format documented)', () => {
	test('a new User Identifiers Dissociation import takes items as lines, sent as given', async () => {
		// Offered where a document type is chosen (Create, Update, Upload to a new import, filters).
		expect(documentTypeOptions.map((option) => option.value)).toContain('USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS');
		const line = { identifiers: [{ type: 'USER_ACCOUNT', user_account_id: 'c1' }, { type: 'USER_AGENT', user_agent_id: 'vec:1' }] };
		await runNode(connection(), {
			parameters: {
				resource: 'execution',
				operation: 'upload',
				datamart: byId('1509'),
				target: 'new',
				newImportName: 'CRM dissociations',
				newImportDocumentType: 'USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS',
				inputMode: 'items',
			},
			items: [line],
		});
		expect(sim().state.documentImports.map((item) => item.document_type)).toEqual(['USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS']);
		expect(receivedText()).toEqual([`${JSON.stringify(line)}\n`]);
	});
});
