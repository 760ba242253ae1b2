// Upload's Dry Run option: everything is read, mapped, checked and planned, nothing is created or sent,
// and the plan is the very parts a real upload of the same input sends.
import { runNode } from './harness';
import { fileItem } from './nodeInputs';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection, createImport } = useSimulator();

const segmentLine = (index: number) => ({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 });
const lines = Array.from({ length: 60 }, (_value, index) => JSON.stringify(segmentLine(index)));
const file = `\uFEFF${lines.slice(0, 30).join('\r\n')}\r\n\r\n${lines.slice(30).join('\n')}\n`;

const upload = (parameters: Record<string, unknown>, items: object[]) =>
	runNode(connection(), {
		parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', ...parameters },
		items: items as never,
	});

/** Every request that could change something on the platform. */
const writes = () => sim().requests.filter((request) => request.method !== 'GET');

const partFields = (part: Record<string, unknown>) => ({ part: part.part, lines: part.lines, bytes: part.bytes, firstLine: part.firstLine, lastLine: part.lastLine });

/** The dry run's plan, then a real upload of the same input: the plan's parts must be those sent, their samples the first lines received. */
async function expectPlanIsWhatIsSent(parameters: Record<string, unknown>, items: object[]) {
	const importId = await createImport();
	const requestsBefore = writes().length;
	const [plan] = await upload({ ...parameters, documentImport: byId(importId), uploadOptions: { ...(parameters.uploadOptions as object), dryRun: true } }, items);
	expect(writes()).toHaveLength(requestsBefore);
	expect(sim().state.executions).toHaveLength(0);

	const sent = await upload({ ...parameters, documentImport: byId(importId) }, items);
	const planned = plan.json.parts as Array<Record<string, unknown>>;
	expect(planned.length).toBeGreaterThan(1);
	expect(planned.map(partFields)).toEqual(sent.map((item) => partFields(item.json)));
	for (const [index, part] of planned.entries()) {
		const received = sim().receivedFile(String(sent[index].json.id)).toString('utf8').split('\n');
		expect(part.sample_lines).toEqual(received.slice(0, 3));
	}
	return plan.json;
}

describe('Upload: Dry Run', () => {
	test('a checked file: nothing is sent, and the plan is the parts the upload then sends, first lines included', async () => {
		const plan = await expectPlanIsWhatIsSent({ inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0012 } }, [fileItem(file)]);
		expect(plan).toMatchObject({ dry_run: true, would_upload: true, lines: 60, invalid_line_count: 0, document_import_created: false });
	});

	test('a file without validation (cut while sent in a real run) is planned to the same parts', async () => {
		await expectPlanIsWhatIsSent({ inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0012, validate: false } }, [fileItem(file)]);
	});

	test('items as lines and lines built from fields are planned to the parts sent', async () => {
		await expectPlanIsWhatIsSent({ inputMode: 'items', uploadOptions: { maxPartMegabytes: 0.001 } }, lines.map((line) => JSON.parse(line)));
		sim().reset();
		await expectPlanIsWhatIsSent(
			{
				inputMode: 'fields',
				lineDocumentType: 'USER_SEGMENT',
				identifierType: 'user_account_id',
				identifier: '={{ $json.id }}',
				segmentBy: 'segment_id',
				segment: '42',
				uploadOptions: { maxPartMegabytes: 0.001 },
			},
			Array.from({ length: 40 }, (_value, index) => ({ id: `user-${index}` })),
		);
	});

	test('a CSV part is shown as sent: its header line first', async () => {
		const importId = await createImport({ mime_type: 'TEXT_CSV' });
		const header = 'operation,user_account_id,segment_id,expiration_duration';
		const rows = Array.from({ length: 30 }, (_value, index) => `UPDATE,"user, ${index}",42,0`);
		const [plan] = await upload(
			{ documentImport: byId(importId), inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0003, dryRun: true } },
			[fileItem(`${header}\r\n${rows.join('\r\n')}\r\n`, 'a.csv')],
		);
		const parts = plan.json.parts as Array<{ sample_lines: string[]; firstLine: number }>;
		expect(parts.length).toBeGreaterThan(1);
		expect(parts[1].sample_lines).toEqual([header, rows[parts[1].firstLine - 2], rows[parts[1].firstLine - 1]]);
		expect(writes()).toHaveLength(1);
	});

	test('a new import is not created: the plan says it would be', async () => {
		const [plan] = await upload(
			{ target: 'new', newImportName: 'never created', inputMode: 'binary', uploadOptions: { maxPartMegabytes: 0.0012, dryRun: true } },
			[fileItem(file)],
		);
		expect(plan.json).toMatchObject({ document_import_id: null, document_import_would_be_created: true, would_upload: true });
		expect(sim().state.documentImports).toHaveLength(0);
		expect(writes()).toHaveLength(0);
	});

	test('with Invalid Lines = Stop, every invalid line is listed with its reason (not only the first 20), and the plan says nothing would be sent', async () => {
		const importId = await createImport();
		const withBad = lines.map((line, index) => (index % 2 === 0 ? JSON.stringify({ ...segmentLine(index), operation: 'MERGE' }) : line));
		const [plan] = await upload({ documentImport: byId(importId), inputMode: 'binary', uploadOptions: { dryRun: true } }, [fileItem(withBad.join('\n'))]);
		expect(plan.json).toMatchObject({ would_upload: false, part_count: 0, invalid_line_count: 30 });
		expect(plan.json.stopped).toMatch(/^30 invalid lines, nothing would be uploaded: line 1: /);
		expect(plan.json).toMatchObject({ invalid_lines_listed: 30, invalid_lines_truncated: false });
		const invalid = plan.json.invalid_lines as Array<{ line: number; reason: string }>;
		expect(invalid.map((entry) => entry.line)).toEqual(Array.from({ length: 30 }, (_value, index) => 2 * index + 1));
		expect(invalid.every((entry) => /operation/.test(entry.reason))).toBe(true);
		expect(writes()).toHaveLength(1);
	});

	test('a sample line longer than the sample is cut between characters and tells its real length; the lines after it are whole', async () => {
		// 7000 emoji (4 bytes each, 2 UTF-16 units): past what is kept of a line; an odd prefix puts a cut by UTF-16 units inside one.
		const long = JSON.stringify({ ...segmentLine(0), user_account_id: `x${'\u{1F600}'.repeat(7000)}` });
		const content = `${long}\n${lines[1]}\n${lines[2]}\n`;
		const importId = await createImport();
		const [plan] = await upload({ documentImport: byId(importId), inputMode: 'binary', uploadOptions: { dryRun: true } }, [fileItem(content)]);
		const characters = Array.from(long);
		const sample = (plan.json.parts as Array<{ sample_lines: string[] }>)[0].sample_lines;
		expect(sample).toEqual([`${characters.slice(0, 2000).join('')}… (${characters.length} characters)`, lines[1], lines[2]]);
		expect(sample[0]).not.toContain('\uFFFD');
	});

	test('an invalid-lines list past its cap (100,000) says it is cut, and how many it lists', async () => {
		const importId = await createImport();
		const content = 'x\n'.repeat(100_001) + `${lines[0]}\n`;
		const [plan] = await upload({ documentImport: byId(importId), inputMode: 'binary', uploadOptions: { dryRun: true } }, [fileItem(content)]);
		expect(plan.json).toMatchObject({ invalid_line_count: 100_001, invalid_lines_listed: 100_000, invalid_lines_truncated: true });
		expect(plan.json.invalid_lines).toHaveLength(100_000);
	}, 60_000);

	test('with Invalid Lines = Skip, the parts leave the invalid lines out and the plan lists them', async () => {
		const importId = await createImport();
		const withBad = [...lines.slice(0, 10), '{"operation":', ...lines.slice(10)];
		const [plan] = await upload(
			{ documentImport: byId(importId), inputMode: 'binary', uploadOptions: { dryRun: true, invalidLines: 'skip' } },
			[fileItem(withBad.join('\n'))],
		);
		expect(plan.json).toMatchObject({ would_upload: true, lines: 60, invalid_line_count: 1, invalid_lines: [{ line: 11 }] });
		expect(sim().state.executions).toHaveLength(0);
	});
});
