// Build Lines From Fields writes the documented line shapes that once needed a Code node, from items and
// from the records of a CSV file, and the simulator (written from the docs) accepts every line sent.
import { createHash } from 'crypto';

import { fileItem } from './nodeInputs';
import { useSimulator } from './simulatorFixture';

const { sim, createImport, upload, receivedText } = useSimulator();

const receivedLines = () => receivedText().join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
const noLineFailed = () => expect(sim().state.executions.map((execution) => (execution.result as { total_failure: number }).total_failure)).toEqual(sim().state.executions.map(() => 0));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const csvRecords = (csv: string) => ({ inputMode: 'fields', recordsFrom: 'binaryFile', recordsFormat: 'csv', items: [fileItem(csv, 'crm.csv', 'text/csv')] });
const uploadRecords = async (importId: string, parameters: Record<string, unknown>, csv: string) => {
	const { items, ...records } = csvRecords(csv);
	return upload(importId, { ...records, ...parameters }, items);
};

describe('Build Lines From Fields: USER_SEGMENT', () => {
	const segment = { lineDocumentType: 'USER_SEGMENT', identifierType: 'user_account_id', identifier: '={{ $json.id }}', segmentBy: 'segment_ids' };

	test('from a CSV file: minutes from a column become a number, a list cell holding a JSON array becomes that list, a date becomes expiration_ts', async () => {
		const importId = await createImport();
		const csv = 'id,minutes,segments,until\nc1,60,"[""a"",""b""]",2026-12-31T00:00:00Z\nc2,0,"x, y",1767225600000\n';
		await uploadRecords(
			importId,
			{ ...segment, segment: '={{ $json.segments }}', expirationDuration: '={{ $json.minutes }}', segmentAdditionalFields: { expirationTs: '={{ $json.until }}' } },
			csv,
		);
		expect(receivedLines()).toEqual([
			{ operation: 'UPDATE', user_account_id: 'c1', segment_ids: ['a', 'b'], expiration_duration: 60, expiration_ts: Date.UTC(2026, 11, 31) },
			{ operation: 'UPDATE', user_account_id: 'c2', segment_ids: ['x', 'y'], expiration_duration: 0, expiration_ts: 1767225600000 },
		]);
		noLineFailed();
	});

	test('a cell that is not a whole number of minutes is refused naming the line and the field', async () => {
		const importId = await createImport();
		const csv = 'id,minutes\nc1,60\nc2,soon\n';
		await expect(uploadRecords(importId, { ...segment, segmentBy: 'segment_id', segment: '42', expirationDuration: '={{ $json.minutes }}' }, csv)).rejects.toThrow(
			/line 3: expiration_duration must be a whole number >= 0 \(minutes, 0 = never\), got "soon"/,
		);
		expect(sim().state.executions).toHaveLength(0);
	});

	test('from items: a segment list given as JSON text is not split on its commas', async () => {
		const importId = await createImport();
		await upload(importId, { inputMode: 'fields', ...segment, segment: '={{ $json.segments }}', expirationDuration: 5 }, [{ id: 'c1', segments: '["gold","vip"]' }]);
		expect(receivedLines()).toEqual([{ operation: 'UPDATE', user_account_id: 'c1', segment_ids: ['gold', 'vip'], expiration_duration: 5 }]);
	});
});

describe('Build Lines From Fields: USER_ACTIVITY', () => {
	const activity = {
		inputMode: 'fields',
		lineDocumentType: 'USER_ACTIVITY',
		identifierType: 'email',
		identifier: '={{ $json.email }}',
		activityTs: '1605262037783',
		activityEvents: '[{"$event_name": "store-visit", "$ts": 1605262037783, "$properties": {}}]',
	};

	test("the docs' store-visit example: the address in $email, $location, $origin, $ttl and other properties", async () => {
		const importId = await createImport({ document_type: 'USER_ACTIVITY' });
		await upload(
			importId,
			{
				...activity,
				activityAdditionalFields: {
					emailSentAs: 'email',
					location: '={{ { "$country": "france", "$city": $json.city, "$zip_code": "75001" } }}',
					origin: '{"$source": "crm"}',
					ttl: 60,
					otherProperties: '{"$app_id": "1000", "$type": "ignored"}',
				},
			},
			[{ email: 'some.email@dummy.com', city: 'paris' }],
		);
		expect(receivedLines()).toEqual([
			{
				$app_id: '1000',
				$type: 'TOUCH',
				$session_status: 'NO_SESSION',
				$ts: 1605262037783,
				$email_hash: { $email: 'some.email@dummy.com' },
				$events: [{ $event_name: 'store-visit', $ts: 1605262037783, $properties: {} }],
				$location: { $country: 'france', $city: 'paris', $zip_code: '75001' },
				$origin: { $source: 'crm' },
				$ttl: 60,
			},
		]);
		noLineFailed();
	});

	test('per-record events from a CSV file: one event named and filled from the columns, at the activity time', async () => {
		const importId = await createImport({ document_type: 'USER_ACTIVITY' });
		const csv = 'email,purchased_at,amount\nada@example.com,1700000000000,12.5\nbob@example.com,1700000100000,3\n';
		await uploadRecords(
			importId,
			{
				lineDocumentType: 'USER_ACTIVITY',
				identifierType: 'email',
				identifier: '={{ $json.email }}',
				activityTs: '={{ $json.purchased_at }}',
				activityEventsFrom: 'oneEvent',
				eventName: '$transaction_confirmed',
				eventProperties: '={{ $json }}',
			},
			csv,
		);
		expect(receivedLines().map((line) => line.$events)).toEqual([
			[{ $event_name: '$transaction_confirmed', $ts: 1700000000000, $properties: { email: 'ada@example.com', purchased_at: '1700000000000', amount: '12.5' } }],
			[{ $event_name: '$transaction_confirmed', $ts: 1700000100000, $properties: { email: 'bob@example.com', purchased_at: '1700000100000', amount: '3' } }],
		]);
		noLineFailed();
	});

	test('without Additional Fields the line is the one written before (hash by the node)', async () => {
		const importId = await createImport({ document_type: 'USER_ACTIVITY' });
		await upload(importId, activity, [{ email: 'Ada@Example.com' }]);
		expect(receivedLines()).toEqual([
			{ $type: 'TOUCH', $session_status: 'NO_SESSION', $ts: 1605262037783, $email_hash: { $hash: sha256('ada@example.com') }, $events: [{ $event_name: 'store-visit', $ts: 1605262037783, $properties: {} }] },
		]);
	});
});

describe('Build Lines From Fields: USER_PROFILE and USER_CHOICE', () => {
	test('a profile without update_strategy, in the older force_replace / merge_objects form', async () => {
		const importId = await createImport({ document_type: 'USER_PROFILE' });
		await upload(
			importId,
			{ inputMode: 'fields', lineDocumentType: 'USER_PROFILE', identifier: '={{ $json.id }}', userProfile: '={{ { tier: $json.tier } }}', updateStrategy: 'leaveOut', profileAdditionalFields: { forceReplace: true, mergeObjects: false } },
			[{ id: 'c1', tier: 'gold' }],
		);
		expect(receivedLines()).toEqual([{ operation: 'UPSERT', user_account_id: 'c1', user_profile: { tier: 'gold' }, force_replace: true, merge_objects: false }]);
		noLineFailed();
	});

	test('a choice with force_replace, more user_choice properties, and a numeric processing id written as a string', async () => {
		const importId = await createImport({ document_type: 'USER_CHOICE' });
		await upload(
			importId,
			{ inputMode: 'fields', lineDocumentType: 'USER_CHOICE', identifier: '={{ $json.id }}', processingId: '={{ $json.processing }}', choiceTs: '1700000000000', choiceAdditionalFields: { forceReplace: true, otherChoiceProperties: '{"$channel": "web"}' } },
			[{ id: 'c1', processing: 77 }],
		);
		expect(receivedLines()).toEqual([{ operation: 'UPSERT', user_account_id: 'c1', user_choice: { $channel: 'web', $processing_id: '77', $choice_ts: 1700000000000 }, force_replace: true }]);
		noLineFailed();
	});
});

describe('Build Lines From Fields: records from a file whose last record has no line break', () => {
	test.each([
		['CSV', 'csv', 'email,tier\na@example.com,gold\nb@example.com,silver'],
		['NDJSON', 'ndjson', '{"email":"a@example.com","tier":"gold"}\n{"email":"b@example.com","tier":"silver"}'],
	])('%s: the last record is uploaded like the others (RFC 4180 allows it)', async (_format, recordsFormat, content) => {
		const importId = await createImport();
		await upload(
			importId,
			{ inputMode: 'fields', recordsFrom: 'binaryFile', recordsFormat, lineDocumentType: 'USER_SEGMENT', identifierType: 'email', identifier: '={{ $json.email }}', segmentBy: 'segment_technical_name', segment: '=newsletter_{{ $json.tier }}', expirationDuration: 0 },
			[fileItem(content, `crm.${recordsFormat}`, 'text/plain')],
		);
		expect(receivedLines().map((line) => line.segment_technical_name)).toEqual(['newsletter_gold', 'newsletter_silver']);
		noLineFailed();
	});
});

describe('Build Lines From Fields: USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', () => {
	const association = { inputMode: 'fields', lineDocumentType: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', associationIdentifiers: { identifier: [{ type: 'user_account_id', value: '={{ $json.id }}' }] } };

	test('as many identifiers as each item has, from a list: node terms (emails hashed) or declarations as the docs write them', async () => {
		const importId = await createImport({ document_type: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS' });
		await upload(
			importId,
			{ ...association, associationAdditionalFields: { identifierList: '={{ $json.others }}' } },
			[
				{ id: 'c1', others: [{ type: 'email', value: 'Ada@Example.com' }, { type: 'USER_AGENT', user_agent_id: 'vec:1' }] },
				{ id: 'c2', others: [{ type: 'user_agent_id', value: 'vec:2' }] },
			],
		);
		expect(receivedLines()).toEqual([
			{ identifiers: [{ type: 'USER_ACCOUNT', user_account_id: 'c1' }, { type: 'USER_EMAIL', hash: sha256('ada@example.com') }, { type: 'USER_AGENT', user_agent_id: 'vec:1' }] },
			{ identifiers: [{ type: 'USER_ACCOUNT', user_account_id: 'c2' }, { type: 'USER_AGENT', user_agent_id: 'vec:2' }] },
		]);
		noLineFailed();
	});

	test('under Skip and Report, an item missing a value is skipped and reported, the others uploaded', async () => {
		const importId = await createImport({ document_type: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS' });
		const fields = { ...association, associationIdentifiers: { identifier: [...association.associationIdentifiers.identifier, { type: 'email', value: '={{ $json.email }}' }] } };
		const output = await upload(importId, { ...fields, uploadOptions: { invalidLines: 'skip' } }, [{ id: 'c1', email: 'a@example.com' }, { id: 'c2' }, { id: 'c3', email: 'c@example.com' }]);
		expect(receivedLines().map((line) => (line.identifiers as Array<Record<string, string>>)[0].user_account_id)).toEqual(['c1', 'c3']);
		const report = output.find((item) => item.json.skipped_lines);
		expect(report?.json.skipped_lines).toEqual([{ line: 2, reason: expect.stringMatching(/empty identifier/) }]);
	});
});
