/**
 * Every option of an operation is checked when it starts, before any request:
 * an expression giving NaN, a negative number or text is a clear error naming
 * the option, not a wait that never polls again (or polls every 50 ms), and
 * not an error after the parts are up.
 */
import { runNode } from './harness';
import { fileItem } from './nodeInputs';
import { byId, useSimulator } from './simulatorFixture';

const { sim, connection, createImport, upload } = useSimulator();

const line = JSON.stringify({ operation: 'UPDATE', user_account_id: 'u1', segment_id: '42', expiration_duration: 0 });
const badNumbers: Array<[string, string | number]> = [
	['NaN from an expression', '={{ 0 / 0 }}'],
	['a negative number', -1],
	['text from an expression', '={{ "soon" }}'],
];
const waitOptions: Array<[string, string]> = [
	['pollIntervalSeconds', 'Poll Interval'],
	['timeoutSeconds', 'Timeout'],
];

describe('Wait for Completion', () => {
	test.each(waitOptions.flatMap(([name, label]) => badNumbers.map(([what, value]) => ({ name, label, what, value }))))(
		'$label given $what: refused before any request',
		async ({ name, label, value }) => {
			const run = runNode(connection(), {
				parameters: { resource: 'execution', operation: 'waitForCompletion', datamart: byId('1509'), documentImport: byId('36271'), executionId: '11597785', waitOptions: { [name]: value } },
			});
			await expect(run).rejects.toThrow(new RegExp(`^${label} must be a number of seconds`));
			expect(sim().requests).toHaveLength(0);
		},
	);
});

describe('Upload', () => {
	const uploadWith = async (uploadOptions: Record<string, unknown>) => {
		const importId = await createImport();
		const before = sim().requests.length;
		const run = upload(importId, { inputMode: 'binary', uploadOptions }, [fileItem(`${line}\n`)]);
		return { run, sent: () => sim().requests.slice(before) };
	};

	test.each(waitOptions.flatMap(([name, label]) => badNumbers.map(([what, value]) => ({ name, label, what, value }))))(
		'Wait for Completion on, $label given $what: refused before anything is read or sent',
		async ({ name, label, value }) => {
			const { run, sent } = await uploadWith({ waitForCompletion: true, [name]: value });
			await expect(run).rejects.toThrow(new RegExp(`^${label} must be a number of seconds`));
			expect(sent()).toHaveLength(0);
			expect(sim().state.executions).toHaveLength(0);
		},
	);

	test.each(badNumbers)('Max Part Size given %s: refused in MB, the unit typed, nothing sent', async (_what, value) => {
		const { run, sent } = await uploadWith({ maxPartMegabytes: value });
		await expect(run).rejects.toThrow(/^Max Part Size must be a number of MB more than 0, got /);
		expect(sent()).toHaveLength(0);
	});

	test('Max Part Size below 2 bytes speaks MB, not bytes', async () => {
		const { run } = await uploadWith({ maxPartMegabytes: 0.000001 });
		await expect(run).rejects.toThrow('Max Part Size must be at least 0.000002 MB (2 bytes), got 0.000001 MB');
	});

	test('Invalid Lines given something else by an expression: refused, nothing sent', async () => {
		const { run, sent } = await uploadWith({ invalidLines: '={{ "maybe" }}' });
		await expect(run).rejects.toThrow('Invalid Lines must be "stop" or "skip", got "maybe"');
		expect(sent()).toHaveLength(0);
	});

	test('Dry Run given text by an expression: refused, nothing sent', async () => {
		const { run, sent } = await uploadWith({ dryRun: '={{ "yes" }}' });
		await expect(run).rejects.toThrow('Dry Run must be true or false, got "yes"');
		expect(sent()).toHaveLength(0);
	});

	test('numbers and yes/no written as text by an expression still work, as before', async () => {
		const { run } = await uploadWith({ maxPartMegabytes: '={{ "1" }}', waitForCompletion: '={{ "true" }}', pollIntervalSeconds: '={{ "0.05" }}', timeoutSeconds: '={{ "30" }}' });
		const output = await run;
		expect(output[0].json).toMatchObject({ status: 'SUCCEEDED' });
	});
});

describe('Retries (every operation)', () => {
	test.each<[string, string, string | number]>([
		['maxAttempts', 'Max Attempts', '={{ "many" }}'],
		['maxRetrySeconds', 'Max Retry Time', -5],
		['timeoutSeconds', 'Request Timeout', '={{ 0 / 0 }}'],
	])('%s given a bad value: refused before any request', async (name, label, value) => {
		const run = runNode(connection(), {
			parameters: { resource: 'documentImport', operation: 'get', datamart: byId('1509'), documentImport: byId('36271'), retryOptions: { [name]: value } },
		});
		await expect(run).rejects.toThrow(`${label} (Retries) must be a number of at least`);
		expect(sim().requests).toHaveLength(0);
	});
});
