/**
 * Upload under n8n's own failure settings: Wait for Completion failing after the parts are up
 * (Continue On Fail or not) still names every execution created; and n8n's Retry On Fail, which
 * runs execute() again from its first line with the same execution data, sends nothing twice.
 */
import { Mediarithmics } from '../../nodes/Mediarithmics/Mediarithmics.node';
import { executeContext } from './harness';
import { byId, useSimulator } from './simulatorFixture';

jest.setTimeout(60_000);

const { sim, connection, createImport, upload, receivedText } = useSimulator({ pendingMs: Infinity });

const segmentLine = (index: number) => ({ operation: 'UPDATE', user_account_id: `user-${index}`, segment_id: '42', expiration_duration: 0 });
const items = Array.from({ length: 40 }, (_value, index) => segmentLine(index));
const smallParts = { maxPartMegabytes: 0.001 };
const executionIds = () => sim().state.executions.map((execution) => String(execution.id));

describe('Upload with Wait for Completion, when the wait fails after the parts are up', () => {
	const waiting = { inputMode: 'items', uploadOptions: { ...smallParts, validate: false, waitForCompletion: true, pollIntervalSeconds: 0.05, timeoutSeconds: 1 } };

	test('Continue On Fail: one error item per part, each naming its execution, every execution created, and its upload outcome', async () => {
		const importId = await createImport();
		const output = await upload(importId, waiting, items, true);
		const created = executionIds();
		expect(created.length).toBeGreaterThan(1);
		expect(output.map((item) => item.json.id)).toEqual(created);
		output.forEach((item, index) => {
			expect(item.json).toMatchObject({
				part: index + 1,
				parts: created.length,
				document_import_id: importId,
				uploadOutcome: 'created',
				created_executions: created,
				resume_from_line: null,
				error: expect.stringMatching(new RegExp(`^Part ${index + 1} of ${created.length} is up as execution ${created[index]}, but waiting for completion failed: Timed out after 1 s`)),
				description: expect.stringContaining(`The upload itself is done: executions ${created.join(', ')} of document import ${importId} are up, each part sent once`),
			});
		});
	});

	test('without Continue On Fail: the error says the upload is done and names every execution', async () => {
		const importId = await createImport();
		const error = await upload(importId, waiting, items).then(
			() => ({ message: 'no error', description: '' }),
			(caught: { message: string; description: string }) => caught,
		);
		const created = executionIds();
		expect(error.message).toMatch(new RegExp(`^Uploaded as ${created.length} executions, then waiting for completion failed: Timed out`));
		expect(error.description).toContain(`executions ${created.join(', ')} of document import ${importId} are up`);
		expect(error.description).toMatch(/Do not upload this input again/);
	});
});

describe("n8n's Retry On Fail (execute() run again with the same execution data)", () => {
	const parameters = (importId: string) => ({ resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), inputMode: 'items', uploadOptions: smallParts });

	async function twoTries(importId: string, continueOnFail: boolean) {
		const { context } = executeContext(connection(), { parameters: parameters(importId), items: items as never, continueOnFail });
		const node = new Mediarithmics();
		const tries = [];
		for (let tryIndex = 0; tryIndex < 2; tryIndex++) {
			tries.push(await node.execute.call(context).then((output) => ({ output: output[0], error: undefined }), (error: Error) => ({ output: undefined, error })));
		}
		return tries;
	}

	test.each([false, true])('a part refused after two were accepted: the second try sends nothing and ends as the first (Continue On Fail: %s)', async (continueOnFail) => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, after: 2, status: 400 });
		const [first, second] = await twoTries(importId, continueOnFail);
		expect(executionIds()).toHaveLength(2);
		const sentLines = receivedText().join('').split('\n').filter(Boolean);
		expect(new Set(sentLines).size).toBe(sentLines.length);
		if (continueOnFail) {
			expect(second.output?.map((item) => item.json.error)).toEqual(first.output?.map((item) => item.json.error));
			const failure = second.output?.find((item) => typeof item.json.error === 'string')?.json;
			expect(failure).toMatchObject({ created_executions: executionIds(), sent_again: false, description: expect.stringMatching(/Retry On Fail ran this Upload again: nothing was sent again/) });
		} else {
			expect(second.error?.message).toBe(first.error?.message);
			expect((second.error as { description?: string }).description).toMatch(/set Start From Input Line to \d+.*Retry On Fail ran this Upload again: nothing was sent again/);
		}
	});

	test('a first try that put nothing up is simply run again', async () => {
		const importId = await createImport();
		sim().faults.inject({ method: 'POST', path: `/v1/datamarts/1509/document_imports/${importId}/executions`, status: 400 });
		const [first, second] = await twoTries(importId, false);
		expect(first.error?.message).toMatch(/^Part 1 of \d+ .* was not uploaded/);
		expect(second.error).toBeUndefined();
		expect(second.output?.every((item) => !item.json.error)).toBe(true);
		expect(receivedText().join('').split('\n').filter(Boolean)).toHaveLength(items.length);
	});
});
