/**
 * Upload of a binary file, once per document type with a documented line
 * format: the file is split into several parts, every byte arrives once and in
 * order, the simulator (whose line rules are written independently of the
 * node's) accepts every line, and a file with one bad line is refused before
 * anything is sent, or uploaded without that line when asked to skip it.
 */
import type { INodeParameters } from 'n8n-workflow';

import { fileItem } from './nodeInputs';
import { useSimulator } from './simulatorFixture';

const { sim, createImport, upload, receivedText: received } = useSimulator();

interface TypeCase {
	documentType: string;
	line: (index: number) => object;
	invalid: object;
	reason: RegExp;
}

const TYPES: TypeCase[] = [
	{
		documentType: 'USER_SEGMENT',
		line: (index) => ({ operation: 'UPDATE', user_account_id: `crm-${index}`, segment_id: '42', expiration_duration: 0 }),
		invalid: { operation: 'ADD', user_account_id: 'crm-x', segment_id: '42', expiration_duration: 0 },
		reason: /operation must be UPDATE or DELETE/,
	},
	{
		documentType: 'USER_PROFILE',
		line: (index) => ({ operation: 'UPSERT', email_hash: `hash-${index}`, user_profile: { first_name: `Ada ${index}` } }),
		invalid: { operation: 'UPSERT', email_hash: 'h', user_agent_id: 'vec:1', user_profile: {} },
		reason: /exactly one user identifier/,
	},
	{
		documentType: 'USER_ACTIVITY',
		line: (index) => ({
			$user_account_id: `crm-${index}`,
			$type: 'TOUCH',
			$session_status: 'NO_SESSION',
			$ts: 1_700_000_000_000 + index,
			$events: [{ $event_name: '$transaction_confirmed', $ts: 1_700_000_000_000 + index, $properties: { $items: [] } }],
		}),
		invalid: { $user_account_id: 'crm-x', $type: 'TOUCH', $session_status: 'NO_SESSION', $events: [] },
		reason: /\$ts/,
	},
	{
		documentType: 'USER_CHOICE',
		line: (index) => ({ operation: 'UPSERT', user_account_id: `crm-${index}`, user_choice: { $processing_id: '7', $choice_ts: 1_700_000_000_000 } }),
		invalid: { operation: 'UPSERT', user_account_id: 'crm-x', user_choice: { $choice_ts: 1_700_000_000_000 } },
		reason: /\$processing_id/,
	},
	{
		documentType: 'USER_IDENTIFIERS_DELETION',
		line: (index) => ({ type: 'USER_ACCOUNT', user_account_id: `crm-${index}`, compartment_id: '3' }),
		invalid: { type: 'USER_PHONE', phone: '+33' },
		reason: /type must be/,
	},
	{
		documentType: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS',
		line: (index) => ({
			identifiers: [
				{ type: 'USER_ACCOUNT', user_account_id: `crm-${index}`, compartment_id: '3' },
				{ type: 'USER_AGENT', user_agent_id: `vec:${index}` },
			],
		}),
		invalid: { identifiers: [] },
		reason: /identifiers must list at least two identifiers to associate, got 0/,
	},
];

const uploadFile = (importId: string, content: string, uploadOptions: INodeParameters, continueOnFail = false) =>
	upload(importId, { inputMode: 'binary', uploadOptions }, [fileItem(content)], continueOnFail);

const totals = () => sim().state.executions.map((execution) => execution.result as { total_success: number; total_failure: number });

describe.each(TYPES)('Upload a $documentType file', ({ documentType, line, invalid, reason }) => {
	const lines = Array.from({ length: 24 }, (_value, index) => JSON.stringify(line(index)));

	test('split into parts: every line arrives once, in order, and the platform accepts each', async () => {
		const importId = await createImport({ document_type: documentType });
		const file = `${lines.join('\n')}\n`;
		const maxPartMegabytes = Math.ceil(Buffer.byteLength(file) / 4) / 1e6;
		const output = await uploadFile(importId, file, { maxPartMegabytes });
		expect(output.length).toBeGreaterThanOrEqual(4);
		expect(received().join('')).toBe(file);
		expect(received().every((part) => Buffer.byteLength(part) <= maxPartMegabytes * 1e6)).toBe(true);
		expect(output.map((item) => item.json.lines)).toEqual(received().map((part) => part.split('\n').length - 1));
		expect(totals().reduce((sum, total) => sum + total.total_success, 0)).toBe(lines.length);
		expect(totals().every((total) => total.total_failure === 0)).toBe(true);
	});

	test('one invalid line: Stop Before Upload names it and sends nothing', async () => {
		const importId = await createImport({ document_type: documentType });
		const file = [...lines.slice(0, 10), JSON.stringify(invalid), ...lines.slice(10)].join('\n');
		const error = (await uploadFile(importId, file, {}).catch((caught: Error) => caught)) as Error & { description?: string };
		expect(error).toBeInstanceOf(Error);
		expect(`${error.message} ${error.description}`).toMatch(/line 11\b/i);
		expect(`${error.message} ${error.description}`).toMatch(reason);
		expect(sim().state.executions).toHaveLength(0);
	});

	test('one invalid line: Skip and Report uploads the others and reports it', async () => {
		const importId = await createImport({ document_type: documentType });
		const file = [...lines.slice(0, 10), JSON.stringify(invalid), ...lines.slice(10)].join('\n');
		const output = await uploadFile(importId, file, { invalidLines: 'skip' });
		expect(received().join('')).toBe(`${lines.join('\n')}\n`);
		const skipped = output.filter((item) => item.json.part === undefined);
		expect(skipped).toHaveLength(1);
		expect(JSON.stringify(skipped[0].json)).toMatch(reason);
		expect(JSON.stringify(skipped[0].json)).toMatch(/"line(Number)?":11\b/);
	});
});
