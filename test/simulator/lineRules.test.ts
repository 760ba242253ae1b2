// The per-document-type line rules, record by record (no HTTP).

import { lineFailure } from './lineRules';
import type { DocumentType } from './types';

type Case = [string, Record<string, unknown>, RegExp | undefined];

function check(documentType: DocumentType, cases: Case[]): void {
  describe(documentType, () => {
    it.each(cases)('%s', (_name, record, expected) => {
      const failure = lineFailure(documentType, record);
      if (expected === undefined) expect(failure).toBeUndefined();
      else expect(failure).toMatch(expected);
    });
  });
}

const segment = { operation: 'UPDATE', user_account_id: 'u', segment_id: '1', expiration_duration: 0 };
check('USER_SEGMENT', [
  ['a minimal valid line', segment, undefined],
  ['DELETE with compartment and segment ids', { ...segment, operation: 'DELETE', compartment_id: '12', segment_id: undefined, segment_ids: ['1', '2'] }, undefined],
  ['technical names, expiration_ts and a data bag', { ...segment, segment_id: null, segment_technical_names: ['vip'], expiration_ts: 1700000000000, data_bag: '{"a":1}' }, undefined],
  ['email hash identifier', { ...segment, user_account_id: undefined, email_hash: 'h' }, undefined],
  ['operation missing', { ...segment, operation: undefined }, /^operation is required: one of UPDATE, DELETE$/],
  ['operation of another type', { ...segment, operation: 'UPSERT' }, /operation must be one of UPDATE, DELETE/],
  ['no identifier', { ...segment, user_account_id: undefined }, /^No user identifier: exactly one of user_account_id, email_hash, user_agent_id is required$/],
  ['two identifiers', { ...segment, user_agent_id: 'vec:1' }, /Only one user identifier is allowed per line, found user_account_id and user_agent_id/],
  ['compartment without account', { ...segment, user_account_id: undefined, email_hash: 'h', compartment_id: '1' }, /compartment_id is only allowed together with user_account_id/],
  ['a numeric identifier', { ...segment, user_account_id: 42 }, /user_account_id must be a non-empty string/],
  ['an empty identifier', { ...segment, user_account_id: '' }, /user_account_id must be a non-empty string/],
  ['no segment', { ...segment, segment_id: undefined }, /No segment given/],
  ['an empty segment list', { ...segment, segment_id: undefined, segment_ids: [] }, /segment_ids must be a non-empty list/],
  ['a segment list of numbers', { ...segment, segment_id: undefined, segment_ids: [1] }, /segment_ids must be a non-empty list of non-empty strings/],
  ['expiration_duration missing', { ...segment, expiration_duration: undefined }, /expiration_duration is required/],
  ['expiration_duration negative', { ...segment, expiration_duration: -1 }, /expiration_duration must be an integer >= 0/],
  ['expiration_duration fractional', { ...segment, expiration_duration: 1.5 }, /expiration_duration must be an integer >= 0/],
  ['expiration_ts as text', { ...segment, expiration_ts: 'tomorrow' }, /expiration_ts must be a number >= 0/],
  ['data_bag as an object', { ...segment, data_bag: { a: 1 } }, /data_bag must be a string holding a JSON object/],
  ['data_bag holding JSON that is not an object', { ...segment, data_bag: '42' }, /data_bag must be a string holding a JSON object/],
  ['data_bag not JSON', { ...segment, data_bag: '{a:1}' }, /data_bag must be a string holding a JSON object/],
]);

const profile = { operation: 'UPSERT', user_account_id: 'u', compartment_id: '1', user_profile: { name: 'Zoë' } };
check('USER_PROFILE', [
  ['an upsert', profile, undefined],
  ['an upsert with update_strategy', { ...profile, update_strategy: 'PARTIAL_DELETE' }, undefined],
  ['the older force_replace / merge_objects form', { ...profile, force_replace: true, merge_objects: false }, undefined],
  ['a delete without profile', { operation: 'DELETE', user_agent_id: 'vec:1' }, undefined],
  ['an upsert without profile', { ...profile, user_profile: undefined }, /user_profile is required/],
  ['a profile that is not an object', { ...profile, user_profile: ['x'] }, /user_profile must be an object/],
  ['an unknown operation', { ...profile, operation: 'UPDATE' }, /operation must be one of UPSERT, DELETE/],
  ['an unknown update_strategy', { ...profile, update_strategy: 'MERGE' }, /update_strategy must be one of PARTIAL_UPDATE, PARTIAL_DELETE, FORCE_REPLACE/],
  ['force_replace as text', { ...profile, force_replace: 'true' }, /force_replace must be true or false/],
  ['two identifiers', { ...profile, email_hash: 'h' }, /Only one user identifier/],
]);

const choice = { operation: 'UPSERT', email_hash: 'h', user_choice: { $processing_id: '77', $choice_ts: 1700000000000 }, force_replace: false };
check('USER_CHOICE', [
  ['an upsert', choice, undefined],
  ['a delete without $choice_ts', { operation: 'DELETE', email_hash: 'h', user_choice: { $processing_id: '77' } }, undefined],
  ['no user_choice', { ...choice, user_choice: undefined }, /user_choice is required/],
  ['no $processing_id', { ...choice, user_choice: { $choice_ts: 1 } }, /user_choice.\$processing_id must be a non-empty string/],
  ['an upsert without $choice_ts', { ...choice, user_choice: { $processing_id: '77' } }, /user_choice.\$choice_ts is required for UPSERT/],
  ['no identifier', { ...choice, email_hash: undefined }, /No user identifier/],
]);

const activity = {
  $type: 'TOUCH',
  $session_status: 'NO_SESSION',
  $ts: 1605262037783,
  $email_hash: { $email: 'some.email@dummy.com' },
  $events: [{ $event_name: 'store-visit', $ts: 1605262037783, $properties: {} }],
  $location: { $country: 'france' },
};
check('USER_ACTIVITY', [
  ['the documented store visit', activity, undefined],
  ['an account identifier with compartment', { ...activity, $email_hash: undefined, $user_account_id: 'u', $compartment_id: '1' }, undefined],
  ['a user agent identifier and a ttl', { ...activity, $email_hash: undefined, $user_agent_id: 'vec:1', $ttl: 0 }, undefined],
  ['a $type the docs do not show (they list no values)', { ...activity, $type: 'VISIT' }, undefined],
  ['an empty $type', { ...activity, $type: ' ' }, /\$type must be a non-empty string/],
  ['no $session_status', { ...activity, $session_status: undefined }, /\$session_status is required/],
  ['a $ts as text (the docs give no type)', { ...activity, $ts: '2020-11-13' }, undefined],
  ['a negative $ts', { ...activity, $ts: -1 }, /\$ts is required: a timestamp in milliseconds/],
  ['no identifier', { ...activity, $email_hash: undefined }, /No user identifier: exactly one of \$user_agent_id, \$user_account_id, \$email_hash/],
  ['two identifiers', { ...activity, $user_agent_id: 'vec:1' }, /Only one user identifier/],
  ['an empty $email_hash', { ...activity, $email_hash: {} }, /\$email_hash must be an object with \$hash and\/or \$email/],
  ['a compartment without account', { ...activity, $compartment_id: '1' }, /\$compartment_id is only allowed together with \$user_account_id/],
  ['no $events (never said to be required)', { ...activity, $events: undefined }, undefined],
  ['$events not a list', { ...activity, $events: {} }, /\$events must be a list/],
  ['an event without name', { ...activity, $events: [{ $ts: 1 }] }, /\$events\[0\].\$event_name must be a non-empty string/],
  ['an event without $ts', { ...activity, $events: [{ $event_name: 'x' }] }, /\$events\[0\].\$ts must be a timestamp/],
  ['a $location that is not an object', { ...activity, $location: 'paris' }, /\$location must be an object/],
]);

check('USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', [
  [
    'three identifiers',
    {
      identifiers: [
        { type: 'USER_EMAIL', hash: 'h', email: 'a@b.c' },
        { type: 'USER_AGENT', user_agent_id: 'vec:1' },
        { type: 'USER_ACCOUNT', user_account_id: 'u', compartment_id: '1' },
      ],
    },
    undefined,
  ],
  ['no identifiers', {}, /identifiers is required: a list of at least two identifiers/],
  ['a single identifier', { identifiers: [{ type: 'USER_AGENT', user_agent_id: 'vec:1' }] }, /at least two identifiers/],
  ['an unknown type', { identifiers: [{ type: 'USER_AGENT', user_agent_id: 'v' }, { type: 'COOKIE', id: 'c' }] }, /identifiers\[1\].type must be one of USER_ACCOUNT, USER_EMAIL, USER_AGENT/],
  ['an email without hash', { identifiers: [{ type: 'USER_AGENT', user_agent_id: 'v' }, { type: 'USER_EMAIL', email: 'a@b.c' }] }, /identifiers\[1\].hash is required for type USER_EMAIL/],
]);

check('USER_IDENTIFIERS_DELETION', [
  ['an account', { type: 'USER_ACCOUNT', user_account_id: 'u', compartment_id: '1' }, undefined],
  ['an email hash', { type: 'USER_EMAIL', hash: 'h' }, undefined],
  ['a user agent', { type: 'USER_AGENT', user_agent_id: 'vec:1' }, undefined],
  ['no type', { user_agent_id: 'vec:1' }, /type must be one of USER_ACCOUNT, USER_EMAIL, USER_AGENT \(got nothing\)/],
  ['an account without id', { type: 'USER_ACCOUNT', compartment_id: '1' }, /user_account_id is required for type USER_ACCOUNT/],
  ['two identifiers in one line', { type: 'USER_EMAIL', hash: 'h', user_agent_id: 'vec:1' }, /user_agent_id not allowed with type USER_EMAIL/],
  ['a compartment on an email', { type: 'USER_EMAIL', hash: 'h', compartment_id: '1' }, /compartment_id not allowed with type USER_EMAIL/],
]);

describe('any document type', () => {
  it('refuses a line that is not an object', () => {
    expect(lineFailure('USER_SEGMENT', [1])).toBe('The line must be a JSON object');
    expect(lineFailure('USER_POINTS_DELETION', 'x')).toBe('The line must be a JSON object');
  });

  it('accepts any object for types without a documented format', () => {
    expect(lineFailure('USER_DEVICE_POINTS_DELETION', { whatever: true })).toBeUndefined();
  });

  it('keeps messages short when the bad value is large', () => {
    const failure = lineFailure('USER_SEGMENT', { ...segment, operation: { nested: 'x'.repeat(500) } });
    expect(failure?.length).toBeLessThan(150);
  });
});
