/**
 * The lines the platform documents, one corpus for the node and the simulator
 * (test/unit/bulk/documentedLines.test.ts runs both over it). Each entry is
 * traced to the passage of /work/shared/mediarithmics-api/ it comes from, or
 * to the decision of docs/api-decisions.md where the docs are silent. A near
 * miss names the rule it breaks and, where it matters to the user, what the
 * node's reason must say.
 *
 * Sources, abbreviated:
 * - SEG: segments-import.md, "User segment command" table and its example;
 * - BULK: bulk-processing.md ("Only one identifier is allowed per line");
 * - SEND: sending-documents.md, the store-visit activity example;
 * - README: mediarithmics-api/README.md, "What one line holds, per document type";
 * - DECISION: docs/api-decisions.md, "Lines".
 */

export interface CorpusLine {
	documentType: string;
	/** The line as uploaded: an object (written as JSON) or raw text. */
	line: Record<string, unknown> | string;
	verdict: 'accept' | 'refuse';
	source: string;
	/** For a near miss: the rule it breaks, and what the node's reason must contain. */
	breaks?: string;
	nodeReason?: RegExp;
}

/** A USER_SEGMENT record in CSV form, with the header of its file (DECISION: CSV segment files). */
export interface CorpusCsvRecord {
	header: string;
	record: string;
	verdict: 'accept' | 'refuse';
	source: string;
	breaks?: string;
	nodeReason?: RegExp;
}

const HASH = '7b502c3a1f48c8609ae212cdfb639dee39673f5e';
const SHA256 = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

// ------------------------------------------------------------------ USER_SEGMENT
const segmentExample = { operation: 'UPDATE', expiration_duration: 0, compartment_id: '1', user_account_id: 'u-1', segment_id: '4242' };
const seg = (line: Record<string, unknown> | string, verdict: 'accept' | 'refuse', source: string, breaks?: string, nodeReason?: RegExp): CorpusLine => ({
	documentType: 'USER_SEGMENT',
	line,
	verdict,
	source,
	breaks,
	nodeReason,
});
const without = (line: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(line).filter(([name]) => name !== key));

const segmentLines: CorpusLine[] = [
	seg(segmentExample, 'accept', 'SEG example: operation, expiration_duration, compartment_id, user_account_id, segment_id'),
	seg(`{ \n"operation": "UPDATE", "expiration_duration": 60, "compartment_id": "1", "user_account_id": "u-1", "segment_id": "4242"}`, 'accept', 'SEG example, spaced as written'),
	seg({ ...segmentExample, operation: 'DELETE' }, 'accept', 'SEG operation: Either UPDATE or DELETE'),
	seg(without(segmentExample, 'compartment_id'), 'accept', 'SEG compartment_id: String (Optional)'),
	seg({ operation: 'UPDATE', email_hash: SHA256, segment_id: '4242', expiration_duration: 0 }, 'accept', 'SEG email_hash: String (Optional)'),
	seg({ operation: 'UPDATE', user_agent_id: 'vec:89998434', segment_id: '4242', expiration_duration: 0 }, 'accept', 'SEG user_agent_id: String (Optional)'),
	seg({ ...without(segmentExample, 'segment_id'), segment_ids: ['segment_id_1', 'segment_id_2'] }, 'accept', 'SEG segment_ids: ["segment_id_1","segment_id_2"]'),
	seg({ ...without(segmentExample, 'segment_id'), segment_technical_name: 'loyal_customers' }, 'accept', 'SEG segment_technical_name: String'),
	seg({ ...without(segmentExample, 'segment_id'), segment_technical_names: ['technical_name_1', 'technical_name_2'] }, 'accept', 'SEG segment_technical_names: ["technical_name_1","technical_name_2"]'),
	seg({ ...segmentExample, segment_ids: ['1', '2'] }, 'accept', 'DECISION: several segment forms on one line are not forbidden by SEG'),
	seg({ ...segmentExample, expiration_duration: 43200 }, 'accept', 'SEG expiration_duration: Integer, minutes'),
	seg({ ...segmentExample, expiration_ts: 1767225600000 }, 'accept', 'SEG expiration_ts: Number (Optional), a timestamp'),
	seg({ ...segmentExample, expiration_ts: 0 }, 'accept', 'SEG expiration_ts: 0 means never'),
	seg({ ...segmentExample, data_bag: '{"tier":"gold","score":12}' }, 'accept', 'SEG data_bag: Escaped JSON String (Optional)'),
	seg({ ...segmentExample, compartment_id: null }, 'accept', 'DECISION: null counts as absent'),
	seg({ ...segmentExample, source: 'crm' }, 'accept', 'DECISION: fields the docs do not name pass (never stricter than the platform)'),
	seg(without(segmentExample, 'operation'), 'refuse', 'SEG operation: Enum (Mandatory)', 'operation required', /operation is required/),
	seg({ ...segmentExample, operation: 'UPSERT' }, 'refuse', 'SEG operation: Either UPDATE or DELETE', 'operation enum', /operation must be UPDATE or DELETE/),
	seg(without(segmentExample, 'expiration_duration'), 'refuse', 'SEG expiration_duration: Integer (Mandatory)', 'expiration_duration required', /expiration_duration is required/),
	seg({ ...segmentExample, expiration_duration: '60' }, 'refuse', 'SEG expiration_duration: Integer', 'expiration_duration integer', /expiration_duration must be a whole number/),
	seg({ ...segmentExample, expiration_duration: 1.5 }, 'refuse', 'SEG expiration_duration: Integer', 'expiration_duration integer'),
	seg({ ...segmentExample, expiration_duration: -1 }, 'refuse', 'SEG expiration_duration: number of minutes (DECISION: >= 0)', 'expiration_duration >= 0'),
	seg({ ...segmentExample, expiration_ts: 'tomorrow' }, 'refuse', 'SEG expiration_ts: Number', 'expiration_ts number', /expiration_ts must be a number/),
	seg(without(without(segmentExample, 'user_account_id'), 'compartment_id'), 'refuse', 'BULK: you need a user identifier', 'one identifier', /exactly one user identifier/),
	seg({ ...segmentExample, email_hash: SHA256 }, 'refuse', 'BULK: Only one identifier is allowed per line', 'one identifier', /found 2/),
	seg({ operation: 'UPDATE', email_hash: SHA256, compartment_id: '1', segment_id: '4242', expiration_duration: 0 }, 'refuse', 'SEG compartment_id: in correlation with the user account ID', 'compartment only with user_account_id', /compartment_id is only allowed together with user_account_id/),
	seg({ ...segmentExample, user_account_id: 123 }, 'refuse', 'SEG user_account_id: String', 'ids are strings', /user_account_id must be a string id, got the number 123: write it in quotes/),
	seg({ ...segmentExample, segment_id: 456 }, 'refuse', 'SEG segment_id: String', 'ids are strings', /segment_id must be a string id, got the number 456/),
	seg({ ...segmentExample, compartment_id: 1 }, 'refuse', 'SEG compartment_id: String', 'ids are strings', /compartment_id must be a string id/),
	seg({ ...without(segmentExample, 'segment_id'), segment_ids: [-1] }, 'refuse', 'SEG segment_ids: List of strings', 'ids are strings', /segment_ids\[0\] must be a string id/),
	seg({ ...without(segmentExample, 'segment_id'), segment_ids: ['1', 2] }, 'refuse', 'SEG segment_ids: List of strings', 'ids are strings'),
	seg({ ...without(segmentExample, 'segment_id'), segment_ids: [] }, 'refuse', 'SEG segment_ids: the list of segments (DECISION: not empty)', 'segment list not empty'),
	seg({ ...without(segmentExample, 'segment_id'), segment_technical_names: 'a,b' }, 'refuse', 'SEG segment_technical_names: List of strings', 'list is an array'),
	seg(without(segmentExample, 'segment_id'), 'refuse', 'SEG: the segment in which the User is inserted/deleted', 'a segment is required', /a segment is required/),
	seg({ ...segmentExample, user_account_id: '' }, 'refuse', 'SEG user_account_id: String (DECISION: not empty)', 'non-blank identifier'),
	seg({ ...segmentExample, user_account_id: ' ' }, 'refuse', 'SEG user_account_id: String (DECISION: not blank)', 'non-blank identifier', /user_account_id must be a non-empty string/),
	seg({ operation: 'UPDATE', user_agent_id: '   ', segment_id: '4242', expiration_duration: 0 }, 'refuse', 'SEG user_agent_id (DECISION: not blank)', 'non-blank identifier'),
	seg({ ...segmentExample, segment_technical_name: ' ', segment_id: null }, 'refuse', 'SEG segment_technical_name (DECISION: not blank)', 'non-blank name'),
	seg({ operation: 'UPDATE', email_hash: 'jane@x.com', segment_id: '4242', expiration_duration: 0 }, 'refuse', 'SEG email_hash: The Email Hash', 'a hash is not an email', /email_hash looks like a raw email address.*Email \(Hashed by the Node\)/),
	seg({ ...segmentExample, data_bag: { tier: 'gold' } }, 'refuse', 'SEG data_bag: Escaped JSON String', 'data_bag is a string', /data_bag must be JSON text inside a string/),
	seg({ ...segmentExample, data_bag: '{tier:gold}' }, 'refuse', 'SEG data_bag: Escaped JSON String', 'data_bag holds JSON', /data_bag must hold valid JSON/),
	seg({ ...segmentExample, data_bag: '42' }, 'refuse', 'SEG data_bag: the data bag (DECISION: a JSON object)', 'data_bag holds an object', /data_bag must hold the JSON text of an object/),
	seg({ ...segmentExample, data_bag: '["a"]' }, 'refuse', 'SEG data_bag (DECISION: a JSON object)', 'data_bag holds an object'),
	seg('[{"operation":"UPDATE"}]', 'refuse', 'README: one line is one command object', 'a line is an object', /a line must be a JSON object/),
	seg('{"operation":"UPDATE",', 'refuse', 'SEG: uploaded data is in ndjson', 'a line is JSON', /malformed JSON/),
	seg('{"operation":"UPDATE","user_account_id":12345678901234567890,"segment_id":"1","expiration_duration":0}', 'refuse', 'SEG user_account_id: String', 'ids are strings', /write it as a string/),
];

// ------------------------------------------------------------------ USER_ACTIVITY
const storeVisit = {
	$email_hash: { $email: 'some.email@dummy.com' },
	$type: 'TOUCH',
	$session_status: 'NO_SESSION',
	$ts: 1605262037783,
	$events: [{ $event_name: 'store-visit', $ts: 1605262037783, $properties: {} }],
	$location: { $country: 'france', $city: 'paris', $zip_code: '75001' },
};
const act = (line: Record<string, unknown> | string, verdict: 'accept' | 'refuse', source: string, breaks?: string, nodeReason?: RegExp): CorpusLine => ({
	documentType: 'USER_ACTIVITY',
	line,
	verdict,
	source,
	breaks,
	nodeReason,
});
const activityLines: CorpusLine[] = [
	act(storeVisit, 'accept', 'SEND: the store-visit example, $email_hash with $email (the platform hashes)'),
	act(
		'{"$email_hash": {"$email": "some.email@dummy.com"},"$type": "TOUCH","$session_status": "NO_SESSION","$ts": 1605262037783,"$events": [{"$event_name": "store-visit","$ts": 1605262037783,"$properties": {}}],"$location": {"$country": "france","$city": "paris","$zip_code": "75001"}}',
		'accept',
		'SEND: the --data-raw line of the curl example, as written',
	),
	act({ ...storeVisit, $email_hash: { $hash: SHA256 } }, 'accept', 'README: $email_hash:{$hash?, $email?}'),
	act({ ...storeVisit, $email_hash: { $hash: SHA256, $email: 'a@b.c' } }, 'accept', 'README: $email_hash:{$hash?, $email?}'),
	act({ ...without(storeVisit, '$email_hash'), $user_agent_id: 'vec:1' }, 'accept', 'README: identifier as $user_agent_id'),
	act({ ...without(storeVisit, '$email_hash'), $user_account_id: 'u-1', $compartment_id: '1' }, 'accept', 'README: $user_account_id+$compartment_id'),
	act({ ...storeVisit, $ttl: 60, $origin: { $source: 'crm' } }, 'accept', 'README: optional $location, $ttl, $origin'),
	act({ ...storeVisit, $type: 'SITE_VISIT', $session_status: 'CLOSED_SESSION' }, 'accept', 'README: $type, $session_status'),
	act({ ...storeVisit, $type: 'OFFLINE_PURCHASE' }, 'accept', 'DECISION: the docs list no $type values, any text passes'),
	act({ ...storeVisit, $session_status: 'SOME_STATUS' }, 'accept', 'DECISION: the docs list no $session_status values, any text passes'),
	act(without(storeVisit, '$events'), 'accept', 'DECISION: $events is never said to be required'),
	act({ ...storeVisit, $events: [] }, 'accept', 'README: $events:[...]'),
	act({ ...storeVisit, $ts: '2020-11-13T10:07:17.783Z' }, 'accept', 'DECISION: the docs give no type for $ts; a date text passes'),
	act({ ...storeVisit, $events: [{ $event_name: 'store-visit', $ts: 1605262037783 }] }, 'accept', 'README: $events:[{$event_name,$ts,$properties}] (DECISION: $properties optional)'),
	act({ ...storeVisit, $custom_property: 'x' }, 'accept', 'README: "$origin…": other properties pass'),
	act(without(storeVisit, '$type'), 'refuse', 'README: $type', '$type required', /\$type is required/),
	act({ ...storeVisit, $type: '' }, 'refuse', 'README: $type (DECISION: not empty)', '$type non-empty'),
	act(without(storeVisit, '$session_status'), 'refuse', 'README: $session_status', '$session_status required', /\$session_status is required/),
	act(without(storeVisit, '$ts'), 'refuse', 'README: $ts', '$ts required', /\$ts is required/),
	act({ ...storeVisit, $ts: -5 }, 'refuse', 'SEND: $ts in milliseconds', '$ts >= 0'),
	act({ ...storeVisit, $events: {} }, 'refuse', 'README: $events:[...]', '$events is an array', /\$events must be an array/),
	act({ ...storeVisit, $events: [{ $ts: 1 }] }, 'refuse', 'README: $events:[{$event_name,...}]', '$event_name required', /\$events\[0\]\.\$event_name is required/),
	act({ ...storeVisit, $events: [{ $event_name: 'x' }] }, 'refuse', 'README: $events:[{...,$ts,...}]', 'event $ts required'),
	act({ ...storeVisit, $events: [{ $event_name: 'x', $ts: 1, $properties: [] }] }, 'refuse', 'SEND: $properties: {}', '$properties is an object'),
	act({ ...storeVisit, $location: 'paris' }, 'refuse', 'SEND: $location: {...}', '$location is an object', /\$location must be an object/),
	act({ ...storeVisit, $ttl: 'forever' }, 'refuse', 'README: $ttl (DECISION: whole minutes >= 0)', '$ttl integer'),
	act({ ...storeVisit, $origin: 'crm' }, 'refuse', 'README: $origin (DECISION: an object)', '$origin is an object'),
	act(without(storeVisit, '$email_hash'), 'refuse', 'BULK: a user identifier per line', 'one identifier', /exactly one user identifier/),
	act({ ...storeVisit, $user_agent_id: 'vec:1' }, 'refuse', 'BULK: Only one identifier is allowed per line', 'one identifier'),
	act({ ...storeVisit, $email_hash: SHA256 }, 'refuse', 'README: $email_hash:{$hash?, $email?}', '$email_hash is an object', /\$email_hash must be an object/),
	act({ ...storeVisit, $email_hash: {} }, 'refuse', 'README: $email_hash:{$hash?, $email?}', '$hash or $email', /\$email_hash needs \$hash or \$email/),
	act({ ...storeVisit, $email_hash: { $hash: 'jane@x.com' } }, 'refuse', 'README: $hash is a hash ($email holds the address)', 'a hash is not an email', /\$email_hash\.\$hash looks like a raw email address/),
	act({ ...without(storeVisit, '$email_hash'), $user_account_id: 7 }, 'refuse', 'README: $user_account_id (DECISION: ids are strings)', 'ids are strings', /\$user_account_id must be a string id/),
	act({ ...storeVisit, $compartment_id: '1' }, 'refuse', 'README: $user_account_id+$compartment_id', 'compartment only with user account', /\$compartment_id is only allowed together with \$user_account_id/),
];

// ------------------------------------------------------------------ USER_PROFILE
const profileUpsert = { operation: 'UPSERT', user_account_id: 'u-1', compartment_id: '1', user_profile: { first_name: 'Ada' }, update_strategy: 'PARTIAL_UPDATE' };
const prof = (line: Record<string, unknown>, verdict: 'accept' | 'refuse', source: string, breaks?: string, nodeReason?: RegExp): CorpusLine => ({
	documentType: 'USER_PROFILE',
	line,
	verdict,
	source,
	breaks,
	nodeReason,
});
const profileLines: CorpusLine[] = [
	prof(profileUpsert, 'accept', 'README: operation UPSERT; one identifier; user_profile; update_strategy PARTIAL_UPDATE'),
	prof({ ...profileUpsert, update_strategy: 'PARTIAL_DELETE' }, 'accept', 'README: update_strategy PARTIAL_DELETE'),
	prof({ ...profileUpsert, update_strategy: 'FORCE_REPLACE' }, 'accept', 'README: update_strategy FORCE_REPLACE'),
	prof(without(profileUpsert, 'update_strategy'), 'accept', 'README: update_strategy is not required'),
	prof({ ...without(profileUpsert, 'update_strategy'), force_replace: true }, 'accept', 'README: older form force_replace boolean'),
	prof({ ...without(profileUpsert, 'update_strategy'), force_replace: false, merge_objects: true }, 'accept', 'README: older form force_replace, merge_objects'),
	prof({ operation: 'DELETE', email_hash: SHA256 }, 'accept', 'README: user_profile required for UPSERT only'),
	prof({ operation: 'UPSERT', user_agent_id: 'vec:1', user_profile: {} }, 'accept', 'README: user_profile object'),
	prof({ ...profileUpsert, force_replace: true }, 'refuse', 'README: update_strategy or the older form (DECISION: not both)', 'one update form', /update_strategy cannot be combined with the older force_replace/),
	prof({ ...profileUpsert, merge_objects: true }, 'refuse', 'README: update_strategy or the older form (DECISION: not both)', 'one update form'),
	prof(without(profileUpsert, 'user_profile'), 'refuse', 'README: user_profile object (required for UPSERT)', 'user_profile required', /user_profile is required/),
	prof({ ...profileUpsert, user_profile: '{"a":1}' }, 'refuse', 'README: user_profile object', 'user_profile is an object', /user_profile must be an object/),
	prof({ ...profileUpsert, operation: 'UPDATE' }, 'refuse', 'README: operation UPSERT/DELETE', 'operation enum'),
	prof({ ...profileUpsert, update_strategy: 'MERGE' }, 'refuse', 'README: update_strategy PARTIAL_UPDATE/PARTIAL_DELETE/FORCE_REPLACE', 'update_strategy enum'),
	prof({ ...without(profileUpsert, 'update_strategy'), force_replace: 'yes' }, 'refuse', 'README: force_replace boolean', 'force_replace boolean'),
	prof({ ...profileUpsert, email_hash: SHA256 }, 'refuse', 'BULK: Only one identifier is allowed per line', 'one identifier'),
	prof({ ...profileUpsert, user_account_id: 123 }, 'refuse', 'SEG/README: user_account_id String', 'ids are strings'),
	prof({ operation: 'DELETE', email_hash: 'Jane@X.com' }, 'refuse', 'README: email_hash', 'a hash is not an email', /email_hash looks like a raw email/),
];

// ------------------------------------------------------------------ USER_CHOICE
const choiceUpsert = { operation: 'UPSERT', email_hash: SHA256, user_choice: { $processing_id: '77', $choice_ts: 1700000000000 }, force_replace: true };
const cho = (line: Record<string, unknown>, verdict: 'accept' | 'refuse', source: string, breaks?: string, nodeReason?: RegExp): CorpusLine => ({
	documentType: 'USER_CHOICE',
	line,
	verdict,
	source,
	breaks,
	nodeReason,
});
const choiceLines: CorpusLine[] = [
	cho(choiceUpsert, 'accept', 'README: UPSERT, identifier, user_choice with $processing_id and $choice_ts, force_replace'),
	cho(without(choiceUpsert, 'force_replace'), 'accept', 'README: force_replace for UPSERT (DECISION: optional)'),
	cho({ operation: 'DELETE', user_account_id: 'u-1', user_choice: { $processing_id: '77' } }, 'accept', 'README: $choice_ts for UPSERT only'),
	cho({ ...choiceUpsert, user_choice: { $processing_id: '77', $choice_ts: '2026-01-01T00:00:00Z' } }, 'accept', 'DECISION: the docs give no type for $choice_ts; a date text passes'),
	cho({ ...choiceUpsert, user_choice: { $processing_id: '77', $choice_ts: 1, $choice_source: 'web' } }, 'accept', 'README: user_choice object (other properties pass)'),
	cho({ ...choiceUpsert, user_choice: { $choice_ts: 1 } }, 'refuse', 'README: $processing_id (always)', '$processing_id required', /user_choice\.\$processing_id is required/),
	cho({ ...choiceUpsert, user_choice: { $processing_id: 77, $choice_ts: 1 } }, 'refuse', 'README: $processing_id (DECISION: ids are strings)', 'ids are strings', /\$processing_id must be a string id/),
	cho({ ...choiceUpsert, user_choice: { $processing_id: '77' } }, 'refuse', 'README: $choice_ts (for UPSERT)', '$choice_ts required for UPSERT', /\$choice_ts is required/),
	cho({ ...choiceUpsert, user_choice: { $processing_id: '77', $choice_ts: -1 } }, 'refuse', 'README: $choice_ts a timestamp', '$choice_ts >= 0'),
	cho(without(choiceUpsert, 'user_choice'), 'refuse', 'README: user_choice object', 'user_choice required', /user_choice is required/),
	cho({ ...choiceUpsert, force_replace: 'true' }, 'refuse', 'README: force_replace (a boolean, as for profiles)', 'force_replace boolean'),
	cho({ ...choiceUpsert, operation: 'UPDATE' }, 'refuse', 'README: operation UPSERT/DELETE', 'operation enum'),
];

// ------------------------------------------------------- USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS
const association = (identifiers: unknown, verdict: 'accept' | 'refuse', source: string, breaks?: string, nodeReason?: RegExp): CorpusLine => ({
	documentType: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS',
	line: { identifiers },
	verdict,
	source,
	breaks,
	nodeReason,
});
const account = { type: 'USER_ACCOUNT', user_account_id: 'u-1', compartment_id: '1' };
const email = { type: 'USER_EMAIL', hash: SHA256, email: 'ada@example.com' };
const agent = { type: 'USER_AGENT', user_agent_id: 'vec:1' };
const associationLines: CorpusLine[] = [
	association([account, email, agent], 'accept', 'README: {"identifiers":[...]} of USER_EMAIL, USER_AGENT, USER_ACCOUNT'),
	association([{ type: 'USER_ACCOUNT', user_account_id: 'u-1' }, { type: 'USER_EMAIL', hash: HASH }], 'accept', 'README: compartment_id? and email? optional'),
	association([account], 'refuse', 'DECISION: an association of one identifier associates nothing', 'at least two', /at least two/),
	association('x', 'refuse', 'README: identifiers:[...]', 'identifiers is an array'),
	association([account, { type: 'USER_AGENT', user_agent_id: 'vec:1', compartment_id: '1' }], 'refuse', 'README: {type:"USER_AGENT",user_agent_id}', 'one identifier per declaration', /compartment_id cannot go with type USER_AGENT/),
	association([account, { type: 'USER_EMAIL', hash: 'ada@example.com' }], 'refuse', 'README: {type:"USER_EMAIL",hash,email?}', 'a hash is not an email', /hash looks like a raw email/),
	association([account, { type: 'USER_EMAIL', email: 'ada@example.com' }], 'refuse', 'README: {type:"USER_EMAIL",hash,...}', 'hash required'),
	association([account, { type: 'USER_PHONE', value: '1' }], 'refuse', 'README: three identifier types', 'type enum'),
	association([{ ...account, user_account_id: 5 }, agent], 'refuse', 'README: user_account_id (DECISION: ids are strings)', 'ids are strings'),
];

// ------------------------------------------------------------------ USER_IDENTIFIERS_DELETION
const del = (line: Record<string, unknown>, verdict: 'accept' | 'refuse', source: string, breaks?: string, nodeReason?: RegExp): CorpusLine => ({
	documentType: 'USER_IDENTIFIERS_DELETION',
	line,
	verdict,
	source,
	breaks,
	nodeReason,
});
const deletionLines: CorpusLine[] = [
	del(account, 'accept', 'README: {type:"USER_ACCOUNT",user_account_id,compartment_id?}'),
	del({ type: 'USER_ACCOUNT', user_account_id: 'u-1' }, 'accept', 'README: compartment_id? optional'),
	del({ type: 'USER_EMAIL', hash: SHA256 }, 'accept', 'README: {type:"USER_EMAIL",hash}'),
	del(agent, 'accept', 'README: {type:"USER_AGENT",user_agent_id}'),
	del({ type: 'USER_AGENT', user_agent_id: 'vec:1', compartment_id: '1' }, 'refuse', 'README: {type:"USER_AGENT",user_agent_id}', 'one identifier per line', /compartment_id cannot go with type USER_AGENT/),
	del({ type: 'USER_ACCOUNT', user_account_id: 'u-1', hash: SHA256 }, 'refuse', 'BULK: Only one identifier is allowed per line', 'one identifier per line'),
	del({ type: 'USER_EMAIL', hash: 'jane@x.com' }, 'refuse', 'README: hash', 'a hash is not an email', /hash looks like a raw email/),
	del({ type: 'USER_EMAIL', hash: ' ' }, 'refuse', 'README: hash (DECISION: not blank)', 'non-blank'),
	del({ type: 'USER_ACCOUNT' }, 'refuse', 'README: user_account_id', 'user_account_id required', /user_account_id is required/),
	del({ type: 'USER_ACCOUNT', user_account_id: 123 }, 'refuse', 'README: user_account_id (DECISION: ids are strings)', 'ids are strings', /write it in quotes/),
	del({ user_agent_id: 'vec:1' }, 'refuse', 'README: type', 'type required', /type is required/),
];

export const DOCUMENTED_LINES: readonly CorpusLine[] = [
	...segmentLines,
	...activityLines,
	...profileLines,
	...choiceLines,
	...associationLines,
	...deletionLines,
];

const HEADER = 'operation,user_account_id,compartment_id,segment_id,expiration_duration';
export const DOCUMENTED_CSV_RECORDS: readonly CorpusCsvRecord[] = [
	{ header: HEADER, record: 'UPDATE,u-1,1,4242,0', verdict: 'accept', source: 'SEG example as a CSV record (DECISION: CSV segment files)' },
	{ header: HEADER, record: 'DELETE,u-1,,4242,60', verdict: 'accept', source: 'DECISION: an empty cell means absent' },
	{ header: 'operation,email_hash,segment_ids,expiration_duration,expiration_ts,data_bag', record: `UPDATE,${SHA256},"[""1"",""2""]",0,1767225600000,"{""tier"":""gold""}"`, verdict: 'accept', source: 'SEG segment_ids, expiration_ts, data_bag (DECISION: list cells hold JSON array text)' },
	{ header: HEADER, record: 'UPDATE,u-1,1,4242,soon', verdict: 'refuse', source: 'SEG expiration_duration: Integer', breaks: 'expiration_duration integer', nodeReason: /expiration_duration must be a whole number/ },
	{ header: HEADER, record: 'UPDATE, ,1,4242,0', verdict: 'refuse', source: 'SEG user_account_id (DECISION: not blank)', breaks: 'non-blank identifier' },
	{ header: 'operation,email_hash,segment_id,expiration_duration', record: 'UPDATE,jane@x.com,4242,0', verdict: 'refuse', source: 'SEG email_hash', breaks: 'a hash is not an email', nodeReason: /looks like a raw email/ },
	{ header: 'operation,user_account_id,segment_ids,expiration_duration', record: 'UPDATE,u-1,"1,2",0', verdict: 'refuse', source: 'SEG segment_ids: List of strings (DECISION: JSON array text)', breaks: 'list cell is a JSON array', nodeReason: /must hold a JSON array/ },
	{ header: 'operation,user_account_id,segment_id,expiration_duration,data_bag', record: 'UPDATE,u-1,4242,0,42', verdict: 'refuse', source: 'SEG data_bag (DECISION: a JSON object)', breaks: 'data_bag holds an object' },
];
