import { validateLine } from '../../../nodes/Mediarithmics/bulk';

const segment = (fields: Record<string, unknown> = {}) => ({
	operation: 'UPDATE',
	user_account_id: 'acc-1',
	segment_id: '1234',
	expiration_duration: 0,
	...fields,
});

describe('every document type', () => {
	it.each([null, 'text', 42, true, [1, 2]])('rejects a line that is not a JSON object: %p', (value) => {
		for (const type of ['USER_SEGMENT', 'USER_ACTIVITY', 'USER_POINTS_DELETION', 'SOMETHING_NEW']) {
			expect(validateLine(type, value)).toMatch(/^a line must be a JSON object, got /);
		}
	});

	it('accepts any object for types without a documented line format, and for unknown types', () => {
		for (const type of [
			'USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS',
			'USER_DEVICE_POINTS_DELETION',
			'USER_POINTS_DELETION',
			'SOMETHING_NEW',
		]) {
			expect(validateLine(type, {})).toBeUndefined();
			expect(validateLine(type, { anything: [1] })).toBeUndefined();
		}
	});
});

describe('USER_SEGMENT', () => {
	it('accepts the documented example and each segment field', () => {
		expect(
			validateLine('USER_SEGMENT', {
				operation: 'UPDATE',
				expiration_duration: 1440,
				compartment_id: '12',
				user_account_id: 'acc-1',
				segment_id: '1234',
			}),
		).toBeUndefined();
		expect(validateLine('USER_SEGMENT', segment({ segment_id: undefined, segment_ids: ['1', '2'] }))).toBeUndefined();
		expect(
			validateLine('USER_SEGMENT', segment({ segment_id: undefined, segment_technical_name: 'buyers' })),
		).toBeUndefined();
		expect(
			validateLine('USER_SEGMENT', segment({ segment_id: undefined, segment_technical_names: ['a', 'b'] })),
		).toBeUndefined();
		expect(
			validateLine(
				'USER_SEGMENT',
				segment({ operation: 'DELETE', expiration_ts: 1700000000000, data_bag: '{"score":3}' }),
			),
		).toBeUndefined();
	});

	it('requires operation UPDATE or DELETE', () => {
		expect(validateLine('USER_SEGMENT', segment({ operation: 'ADD' }))).toBe('operation must be UPDATE or DELETE, got "ADD"');
		expect(validateLine('USER_SEGMENT', segment({ operation: undefined }))).toBe(
			'operation is required (UPDATE or DELETE)',
		);
	});

	it('requires exactly one user identifier', () => {
		expect(validateLine('USER_SEGMENT', segment({ user_account_id: undefined }))).toBe(
			'exactly one user identifier is required (user_account_id, email_hash or user_agent_id); found none',
		);
		expect(
			validateLine('USER_SEGMENT', segment({ user_account_id: undefined, email_hash: 'h', user_agent_id: 'vec:1' })),
		).toBe(
			'exactly one user identifier is required (user_account_id, email_hash or user_agent_id); found 2: email_hash, user_agent_id',
		);
		expect(validateLine('USER_SEGMENT', segment({ user_account_id: undefined, email_hash: 'h' }))).toBeUndefined();
		expect(validateLine('USER_SEGMENT', segment({ user_account_id: undefined, user_agent_id: 'vec:1' }))).toBeUndefined();
	});

	it('treats a null identifier as absent', () => {
		expect(validateLine('USER_SEGMENT', segment({ email_hash: null }))).toBeUndefined();
	});

	it('allows compartment_id only with user_account_id', () => {
		expect(validateLine('USER_SEGMENT', segment({ compartment_id: '7' }))).toBeUndefined();
		expect(
			validateLine('USER_SEGMENT', segment({ user_account_id: undefined, email_hash: 'h', compartment_id: '7' })),
		).toBe('compartment_id is only allowed together with user_account_id');
	});

	it('requires expiration_duration as whole minutes >= 0', () => {
		expect(validateLine('USER_SEGMENT', segment({ expiration_duration: undefined }))).toBe(
			'expiration_duration is required (minutes, 0 = never)',
		);
		expect(validateLine('USER_SEGMENT', segment({ expiration_duration: -1 }))).toMatch(
			/^expiration_duration must be a whole number >= 0/,
		);
		expect(validateLine('USER_SEGMENT', segment({ expiration_duration: '60' }))).toMatch(/got "60"$/);
	});

	it('requires a segment', () => {
		expect(validateLine('USER_SEGMENT', segment({ segment_id: undefined }))).toBe(
			'a segment is required: segment_id, segment_ids, segment_technical_name or segment_technical_names',
		);
	});

	it('checks segment list fields', () => {
		expect(validateLine('USER_SEGMENT', segment({ segment_ids: '1,2' }))).toBe(
			'segment_ids must be an array of strings, got "1,2"',
		);
		expect(validateLine('USER_SEGMENT', segment({ segment_ids: [] }))).toBe('segment_ids must not be empty');
		expect(validateLine('USER_SEGMENT', segment({ segment_technical_names: ['a', ''] }))).toMatch(
			/^segment_technical_names\[1\] must be a non-empty string/,
		);
	});

	it('requires data_bag to be JSON text inside a string', () => {
		expect(validateLine('USER_SEGMENT', segment({ data_bag: { a: 1 } }))).toMatch(
			/^data_bag must be JSON text inside a string \(escaped JSON\), got an object/,
		);
		expect(validateLine('USER_SEGMENT', segment({ data_bag: '{a:1}' }))).toMatch(/^data_bag must hold valid JSON text/);
	});

	it('lets unknown fields through', () => {
		expect(validateLine('USER_SEGMENT', segment({ comment: 'from CRM', extra: { nested: true } }))).toBeUndefined();
	});
});

describe('USER_ACTIVITY', () => {
	const activity = (fields: Record<string, unknown> = {}) => ({
		$email_hash: { $email: 'some.email@dummy.com' },
		$type: 'TOUCH',
		$session_status: 'NO_SESSION',
		$ts: 1605262037783,
		$events: [{ $event_name: 'store-visit', $ts: 1605262037783, $properties: {} }],
		$location: { $country: 'france', $city: 'paris', $zip_code: '75001' },
		...fields,
	});

	it('accepts the documented store visit', () => {
		expect(validateLine('USER_ACTIVITY', activity())).toBeUndefined();
	});

	it('accepts each identifier form', () => {
		const base = activity({ $email_hash: undefined });
		expect(validateLine('USER_ACTIVITY', { ...base, $user_agent_id: 'vec:42' })).toBeUndefined();
		expect(validateLine('USER_ACTIVITY', { ...base, $user_account_id: 'acc', $compartment_id: '3' })).toBeUndefined();
		expect(validateLine('USER_ACTIVITY', { ...base, $user_account_id: 'acc' })).toBeUndefined();
		expect(validateLine('USER_ACTIVITY', { ...base, $email_hash: { $hash: 'abc' } })).toBeUndefined();
	});

	it('requires exactly one $-prefixed identifier', () => {
		expect(validateLine('USER_ACTIVITY', activity({ $user_agent_id: 'vec:42' }))).toBe(
			'exactly one user identifier is required ($user_account_id, $email_hash or $user_agent_id); found 2: $email_hash, $user_agent_id',
		);
		expect(validateLine('USER_ACTIVITY', activity({ $email_hash: undefined, user_agent_id: 'vec:1' }))).toMatch(
			/found none$/,
		);
	});

	it('allows $compartment_id only with $user_account_id', () => {
		expect(validateLine('USER_ACTIVITY', activity({ $compartment_id: '3' }))).toBe(
			'$compartment_id is only allowed together with $user_account_id',
		);
	});

	it('requires $email_hash to hold $hash or $email', () => {
		expect(validateLine('USER_ACTIVITY', activity({ $email_hash: {} }))).toBe('$email_hash needs $hash or $email');
		expect(validateLine('USER_ACTIVITY', activity({ $email_hash: 'abc' }))).toMatch(/^\$email_hash must be an object/);
		expect(validateLine('USER_ACTIVITY', activity({ $email_hash: { $hash: 3 } }))).toBe(
			'$email_hash.$hash must be a non-empty string, got 3',
		);
	});

	it('requires $type, $session_status and $ts; $events may be left out', () => {
		expect(validateLine('USER_ACTIVITY', activity({ $type: undefined }))).toBe('$type is required (a non-empty string)');
		expect(validateLine('USER_ACTIVITY', activity({ $session_status: undefined }))).toBe('$session_status is required (a non-empty string)');
		expect(validateLine('USER_ACTIVITY', activity({ $ts: undefined }))).toBe('$ts is required (a timestamp in milliseconds)');
		expect(validateLine('USER_ACTIVITY', activity({ $events: undefined }))).toBeUndefined();
		expect(validateLine('USER_ACTIVITY', activity({ $events: [] }))).toBeUndefined();
	});

	it('takes any $type and $session_status text, as the docs list no values', () => {
		expect(validateLine('USER_ACTIVITY', activity({ $type: 'PURCHASE', $session_status: 'OPEN' }))).toBeUndefined();
		expect(validateLine('USER_ACTIVITY', activity({ $type: ' ' }))).toBe('$type must be a non-empty string, got " "');
		expect(validateLine('USER_ACTIVITY', activity({ $ts: '2020-11-13T10:07:17Z' }))).toBeUndefined();
		expect(validateLine('USER_ACTIVITY', activity({ $ts: -1 }))).toMatch(/^\$ts must be a whole number >= 0/);
	});

	it('checks each event', () => {
		expect(validateLine('USER_ACTIVITY', activity({ $events: [{ $ts: 1 }] }))).toBe(
			'$events[0].$event_name is required (a non-empty string)',
		);
		expect(validateLine('USER_ACTIVITY', activity({ $events: [{ $event_name: 'x', $ts: 1 }, 'visit'] }))).toBe(
			'$events[1] must be an object, got "visit"',
		);
		expect(
			validateLine('USER_ACTIVITY', activity({ $events: [{ $event_name: 'x', $ts: 1, $properties: [] }] })),
		).toMatch(/^\$events\[0\]\.\$properties must be an object/);
	});
});

describe('USER_PROFILE', () => {
	const profile = (fields: Record<string, unknown> = {}) => ({
		operation: 'UPSERT',
		compartment_id: '5',
		user_account_id: 'acc',
		user_profile: { first_name: 'Ada' },
		...fields,
	});

	it('accepts UPSERT with a profile and DELETE without', () => {
		expect(validateLine('USER_PROFILE', profile())).toBeUndefined();
		expect(validateLine('USER_PROFILE', profile({ operation: 'DELETE', user_profile: undefined }))).toBeUndefined();
		expect(validateLine('USER_PROFILE', profile({ update_strategy: 'PARTIAL_DELETE' }))).toBeUndefined();
		expect(validateLine('USER_PROFILE', profile({ force_replace: true, merge_objects: false }))).toBeUndefined();
	});

	it('requires operation UPSERT or DELETE', () => {
		expect(validateLine('USER_PROFILE', profile({ operation: 'UPDATE' }))).toBe(
			'operation must be UPSERT or DELETE, got "UPDATE"',
		);
	});

	it('requires user_profile as an object for UPSERT', () => {
		expect(validateLine('USER_PROFILE', profile({ user_profile: undefined }))).toBe(
			'user_profile is required (the profile, required for UPSERT)',
		);
		expect(validateLine('USER_PROFILE', profile({ user_profile: 'Ada' }))).toMatch(/^user_profile must be an object/);
	});

	it('checks update_strategy and the older flags', () => {
		expect(validateLine('USER_PROFILE', profile({ update_strategy: 'MERGE' }))).toBe(
			'update_strategy must be one of PARTIAL_UPDATE, PARTIAL_DELETE, FORCE_REPLACE, got "MERGE"',
		);
		expect(validateLine('USER_PROFILE', profile({ force_replace: 'yes' }))).toBe(
			'force_replace must be true or false, got "yes"',
		);
	});

	it('shares the identifier rules', () => {
		expect(validateLine('USER_PROFILE', profile({ email_hash: 'h' }))).toMatch(/found 2: user_account_id, email_hash$/);
		expect(validateLine('USER_PROFILE', profile({ user_account_id: undefined, user_agent_id: 'vec:1' }))).toBe(
			'compartment_id is only allowed together with user_account_id',
		);
	});
});

describe('USER_CHOICE', () => {
	const choice = (fields: Record<string, unknown> = {}, userChoice: Record<string, unknown> = {}) => ({
		operation: 'UPSERT',
		email_hash: 'h',
		user_choice: { $processing_id: '42', $choice_ts: 1573052070000, ...userChoice },
		...fields,
	});

	it('accepts UPSERT and DELETE', () => {
		expect(validateLine('USER_CHOICE', choice({ force_replace: true }))).toBeUndefined();
		expect(validateLine('USER_CHOICE', choice({ operation: 'DELETE' }, { $choice_ts: undefined }))).toBeUndefined();
	});

	it('requires user_choice.$processing_id always', () => {
		expect(validateLine('USER_CHOICE', choice({ operation: 'DELETE' }, { $processing_id: undefined }))).toBe(
			'user_choice.$processing_id is required (an id, as a string)',
		);
		expect(validateLine('USER_CHOICE', choice({ user_choice: undefined }))).toBe(
			'user_choice is required (with $processing_id)',
		);
	});

	it('requires user_choice.$choice_ts for UPSERT', () => {
		expect(validateLine('USER_CHOICE', choice({}, { $choice_ts: undefined }))).toBe(
			'user_choice.$choice_ts is required (a timestamp in milliseconds, required for UPSERT)',
		);
	});

	it('requires one identifier', () => {
		expect(validateLine('USER_CHOICE', choice({ email_hash: undefined }))).toMatch(/^exactly one user identifier/);
	});
});

describe('USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', () => {
	it('accepts the three declaration kinds', () => {
		expect(
			validateLine('USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', {
				identifiers: [
					{ type: 'USER_EMAIL', hash: 'h', email: 'a@b.c' },
					{ type: 'USER_AGENT', user_agent_id: 'vec:1' },
					{ type: 'USER_ACCOUNT', user_account_id: 'acc', compartment_id: '3' },
				],
			}),
		).toBeUndefined();
	});

	it('requires a non-empty identifiers array of well-formed declarations', () => {
		const type = 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS';
		expect(validateLine(type, {})).toBe('identifiers is required (an array of identifier declarations)');
		expect(validateLine(type, { identifiers: [] })).toBe('identifiers must list at least two identifiers to associate, got 0');
		expect(validateLine(type, { identifiers: [{ type: 'USER_AGENT', user_agent_id: 'v' }] })).toBe(
			'identifiers must list at least two identifiers to associate, got 1',
		);
		expect(validateLine(type, { identifiers: [{ type: 'USER_EMAIL' }, { type: 'USER_AGENT', user_agent_id: 'v' }] })).toBe(
			'identifiers[0].hash is required (a non-empty string)',
		);
		expect(validateLine(type, { identifiers: [{ type: 'USER_AGENT', user_agent_id: 'v' }, { type: 'COOKIE' }] })).toBe(
			'identifiers[1].type must be one of USER_ACCOUNT, USER_EMAIL, USER_AGENT, got "COOKIE"',
		);
	});
});

describe('USER_IDENTIFIERS_DELETION', () => {
	const type = 'USER_IDENTIFIERS_DELETION';

	it('accepts each documented form', () => {
		expect(validateLine(type, { type: 'USER_ACCOUNT', user_account_id: 'acc' })).toBeUndefined();
		expect(validateLine(type, { type: 'USER_ACCOUNT', user_account_id: 'acc', compartment_id: '2' })).toBeUndefined();
		expect(validateLine(type, { type: 'USER_EMAIL', hash: 'h' })).toBeUndefined();
		expect(validateLine(type, { type: 'USER_AGENT', user_agent_id: 'vec:1' })).toBeUndefined();
	});

	it('requires the field of the declared kind', () => {
		expect(validateLine(type, { type: 'USER_ACCOUNT' })).toBe('user_account_id is required (an id, as a string)');
		expect(validateLine(type, { type: 'USER_AGENT', hash: 'h' })).toBe('user_agent_id is required (a non-empty string)');
		expect(validateLine(type, { user_agent_id: 'v' })).toBe(
			'type is required (one of USER_ACCOUNT, USER_EMAIL, USER_AGENT)',
		);
	});
});

describe('prototype keys', () => {
	it('does not let "__proto__" supply a required field, nor pollute Object.prototype', () => {
		const line = JSON.parse(
			'{"__proto__":{"operation":"UPDATE","polluted":true},"user_account_id":"a","segment_id":"1","expiration_duration":0}',
		) as object;
		expect(validateLine('USER_SEGMENT', line)).toBe('operation is required (UPDATE or DELETE)');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('treats "__proto__" and "constructor" as ordinary unknown fields on a valid line', () => {
		const line = JSON.parse(
			'{"operation":"UPDATE","user_account_id":"a","segment_id":"1","expiration_duration":0,"__proto__":{"x":1},"constructor":"c"}',
		) as object;
		expect(validateLine('USER_SEGMENT', line)).toBeUndefined();
	});

	it('ignores inherited fields: only own properties count', () => {
		const inherited = Object.create({ operation: 'UPDATE' }) as Record<string, unknown>;
		Object.assign(inherited, { user_account_id: 'a', segment_id: '1', expiration_duration: 0 });
		expect(validateLine('USER_SEGMENT', inherited)).toBe('operation is required (UPDATE or DELETE)');
	});
});
