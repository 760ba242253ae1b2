// What one line of an uploaded file must hold, per document type.
//
// Written from the API documentation (/work/shared/mediarithmics-api: the
// README table "What one line holds, per document type", segments-import.md,
// sending-documents.md), deliberately WITHOUT looking at the node's own
// validator: if both were written from the same code, a misreading of the docs
// would be mirrored and no test would catch it.
//
// Each rule answers the reason a record cannot be imported, or undefined.
// The first problem found is the reason reported (as the platform reports one
// error per failed line).

import type { DocumentType } from './types';

type Record_ = Record<string, unknown>;
type Rule = (record: Record_) => string | undefined;

/** The reason `record` (one parsed line) cannot be imported, or undefined when it can. */
export function lineFailure(documentType: DocumentType, record: unknown): string | undefined {
  if (!isObject(record)) return 'The line must be a JSON object';
  const rule = RULES[documentType];
  // Types without a documented line format are accepted as they are.
  return rule ? rule(record) : undefined;
}

const RULES: Partial<Record<DocumentType, Rule>> = {
  USER_SEGMENT: userSegmentFailure,
  USER_PROFILE: userProfileFailure,
  USER_CHOICE: userChoiceFailure,
  USER_ACTIVITY: userActivityFailure,
  USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS: associationFailure,
  USER_IDENTIFIERS_DELETION: (record) => typedIdentifierFailure(record, ''),
};

// ---------------------------------------------------------------- USER_SEGMENT

const SEGMENT_FIELDS = ['segment_id', 'segment_ids', 'segment_technical_name', 'segment_technical_names'];

function userSegmentFailure(record: Record_): string | undefined {
  return (
    enumFailure(record, 'operation', ['UPDATE', 'DELETE'], true) ??
    flatIdentifierFailure(record) ??
    segmentFailure(record) ??
    // Documented as mandatory (segments-import.md), even for DELETE.
    integerFailure(record, 'expiration_duration', true) ??
    nonNegativeNumberFailure(record, 'expiration_ts') ??
    dataBagFailure(record)
  );
}

function segmentFailure(record: Record_): string | undefined {
  for (const field of ['segment_id', 'segment_technical_name']) {
    const failure = stringFailure(record, field, false);
    if (failure) return failure;
  }
  for (const field of ['segment_ids', 'segment_technical_names']) {
    const value = record[field];
    if (!isPresent(value)) continue;
    if (!Array.isArray(value) || value.length === 0 || !value.every(isNonEmptyString)) {
      return `${field} must be a non-empty list of non-empty strings`;
    }
  }
  // Several forms on one line are not forbidden by the docs: accepted.
  if (!SEGMENT_FIELDS.some((field) => isPresent(record[field]))) {
    return `No segment given: one of ${SEGMENT_FIELDS.join(', ')} is required`;
  }
  return undefined;
}

function dataBagFailure(record: Record_): string | undefined {
  const value = record.data_bag;
  if (!isPresent(value)) return undefined;
  // Documented as an "escaped JSON string" holding "the data bag associated with the
  // user/segment relationship": a string holding the JSON text of an object.
  if (typeof value === 'string') {
    try {
      if (isObject(JSON.parse(value))) return undefined;
    } catch {
      // fall through to the failure below
    }
  }
  return 'data_bag must be a string holding a JSON object (escaped JSON)';
}

// ---------------------------------------------------------------- USER_PROFILE

function userProfileFailure(record: Record_): string | undefined {
  const operation = record.operation;
  return (
    enumFailure(record, 'operation', ['UPSERT', 'DELETE'], true) ??
    flatIdentifierFailure(record) ??
    objectFailure(record, 'user_profile', operation === 'UPSERT') ??
    enumFailure(record, 'update_strategy', ['PARTIAL_UPDATE', 'PARTIAL_DELETE', 'FORCE_REPLACE'], false) ??
    booleanFailure(record, 'force_replace') ??
    booleanFailure(record, 'merge_objects') ??
    updateFormFailure(record)
  );
}

/** update_strategy is the current form of what force_replace / merge_objects said: one form per line. */
function updateFormFailure(record: Record_): string | undefined {
  if (!isPresent(record.update_strategy)) return undefined;
  const older = ['force_replace', 'merge_objects'].filter((field) => isPresent(record[field]));
  return older.length === 0 ? undefined : `update_strategy cannot be combined with ${older.join(', ')}`;
}

// ----------------------------------------------------------------- USER_CHOICE

function userChoiceFailure(record: Record_): string | undefined {
  const failure =
    enumFailure(record, 'operation', ['UPSERT', 'DELETE'], true) ??
    flatIdentifierFailure(record) ??
    objectFailure(record, 'user_choice', true) ??
    booleanFailure(record, 'force_replace');
  if (failure) return failure;
  const choice = record.user_choice as Record_;
  if (!isNonEmptyString(choice.$processing_id)) return 'user_choice.$processing_id must be a non-empty string';
  if (record.operation === 'UPSERT') {
    const ts = choice.$choice_ts;
    const valid = isTimestamp(ts);
    if (!valid) return 'user_choice.$choice_ts is required for UPSERT (a timestamp in milliseconds)';
  }
  return undefined;
}

// --------------------------------------------------------------- USER_ACTIVITY

const ACTIVITY_IDENTIFIERS = ['$user_agent_id', '$user_account_id', '$email_hash'];

function userActivityFailure(record: Record_): string | undefined {
  return (
    // The docs show TOUCH and NO_SESSION but list no allowed values: any text.
    stringFailure(record, '$type', true) ??
    stringFailure(record, '$session_status', true) ??
    timestampFailure(record, '$ts') ??
    activityIdentifierFailure(record) ??
    eventsFailure(record) ??
    objectFailure(record, '$location', false) ??
    objectFailure(record, '$origin', false) ??
    (isPresent(record.$ttl) ? integerFailure(record, '$ttl', true) : undefined)
  );
}

function activityIdentifierFailure(record: Record_): string | undefined {
  const failure = identifierCountFailure(record, ACTIVITY_IDENTIFIERS);
  if (failure) return failure;
  const emailHash = record.$email_hash;
  if (isPresent(emailHash)) {
    const valid =
      isObject(emailHash) &&
      (isNonEmptyString(emailHash.$hash) || isNonEmptyString(emailHash.$email)) &&
      [emailHash.$hash, emailHash.$email].every((value) => !isPresent(value) || isNonEmptyString(value));
    if (!valid) return '$email_hash must be an object with $hash and/or $email (non-empty strings)';
    if (looksLikeEmail(emailHash.$hash)) return '$email_hash.$hash is an email address, not a hash (put a raw address in $email)';
  }
  return (
    stringFailure(record, '$user_agent_id', false) ??
    stringFailure(record, '$user_account_id', false) ??
    compartmentFailure(record, '$compartment_id', '$user_account_id')
  );
}

function eventsFailure(record: Record_): string | undefined {
  const events = record.$events;
  // Listed with the activity, never said to be required: an activity may have no events.
  if (!isPresent(events)) return undefined;
  if (!Array.isArray(events)) return '$events must be a list of events';
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const where = `$events[${index}]`;
    if (!isObject(event)) return `${where} must be an object`;
    if (!isNonEmptyString(event.$event_name)) return `${where}.$event_name must be a non-empty string`;
    if (!isTimestamp(event.$ts)) return `${where}.$ts must be a timestamp in milliseconds`;
    if (isPresent(event.$properties) && !isObject(event.$properties)) return `${where}.$properties must be an object`;
  }
  return undefined;
}

// --------------------------------------- USER_IDENTIFIERS_* (typed identifiers)

const TYPED_IDENTIFIER_FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  USER_ACCOUNT: { required: ['user_account_id'], optional: ['compartment_id'] },
  USER_EMAIL: { required: ['hash'], optional: ['email'] },
  USER_AGENT: { required: ['user_agent_id'], optional: [] },
};
const ALL_TYPED_IDENTIFIER_FIELDS = ['user_account_id', 'compartment_id', 'hash', 'email', 'user_agent_id'];

function associationFailure(record: Record_): string | undefined {
  const identifiers = record.identifiers;
  // Associating fewer than two identifiers declares nothing: refused.
  if (!Array.isArray(identifiers) || identifiers.length < 2) {
    return 'identifiers is required: a list of at least two identifiers to associate';
  }
  for (let index = 0; index < identifiers.length; index++) {
    const where = `identifiers[${index}]`;
    const identifier = identifiers[index];
    if (!isObject(identifier)) return `${where} must be an object`;
    const failure = typedIdentifierFailure(identifier, `${where}.`);
    if (failure) return failure;
  }
  return undefined;
}

function typedIdentifierFailure(identifier: Record_, prefix: string): string | undefined {
  const types = Object.keys(TYPED_IDENTIFIER_FIELDS);
  const type = identifier.type;
  if (typeof type !== 'string' || !types.includes(type)) {
    return `${prefix}type must be one of ${types.join(', ')} (got ${describe(type)})`;
  }
  const { required, optional } = TYPED_IDENTIFIER_FIELDS[type];
  for (const field of required) {
    if (!isNonEmptyString(identifier[field])) return `${prefix}${field} is required for type ${type} (a non-empty string)`;
  }
  if (type === 'USER_EMAIL' && looksLikeEmail(identifier.hash)) return `${prefix}hash is an email address, not a hash`;
  for (const field of optional) {
    if (isPresent(identifier[field]) && !isNonEmptyString(identifier[field])) {
      return `${prefix}${field} must be a non-empty string`;
    }
  }
  // One identifier per object: fields of another identifier type are a mistake.
  const foreign = ALL_TYPED_IDENTIFIER_FIELDS.filter(
    (field) => !required.includes(field) && !optional.includes(field) && isPresent(identifier[field]),
  );
  if (foreign.length > 0) return `${prefix}${foreign.join(', ')} not allowed with type ${type}: one identifier per object`;
  return undefined;
}

// ------------------------------------------------------ flat identifiers (segment, profile, choice)

const FLAT_IDENTIFIERS = ['user_account_id', 'email_hash', 'user_agent_id'];

function flatIdentifierFailure(record: Record_): string | undefined {
  return (
    identifierCountFailure(record, FLAT_IDENTIFIERS) ??
    stringFailure(record, 'user_account_id', false) ??
    stringFailure(record, 'email_hash', false) ??
    (looksLikeEmail(record.email_hash) ? 'email_hash is an email address, not a hash' : undefined) ??
    stringFailure(record, 'user_agent_id', false) ??
    compartmentFailure(record, 'compartment_id', 'user_account_id')
  );
}

function identifierCountFailure(record: Record_, identifierFields: string[]): string | undefined {
  const found = identifierFields.filter((field) => isPresent(record[field]));
  if (found.length === 0) return `No user identifier: exactly one of ${identifierFields.join(', ')} is required`;
  if (found.length > 1) return `Only one user identifier is allowed per line, found ${found.join(' and ')}`;
  return undefined;
}

function compartmentFailure(record: Record_, compartmentField: string, accountField: string): string | undefined {
  if (!isPresent(record[compartmentField])) return undefined;
  if (!isPresent(record[accountField])) return `${compartmentField} is only allowed together with ${accountField}`;
  return stringFailure(record, compartmentField, true);
}

// ------------------------------------------------------------- field helpers
// null counts as absent: JSON writers often emit null for an unset field.

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function isObject(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A hash is hexadecimal or base64: an "@" means an email address was sent as its hash. */
function looksLikeEmail(value: unknown): boolean {
  return typeof value === 'string' && value.includes('@');
}

/** The docs give no type for timestamps; their examples write milliseconds. A date text is accepted too. */
function isTimestamp(value: unknown): boolean {
  return (isInteger(value) && value >= 0) || isNonEmptyString(value);
}

// Whole numbers up to 2^53 - 1: beyond, JSON readers do not read them exactly (docs/api-decisions.md).
function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** A short rendering of a bad value for a message (a whole nested object would drown the reason). */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function enumFailure(record: Record_, field: string, allowed: string[], required: boolean): string | undefined {
  const value = record[field];
  if (!isPresent(value)) return required ? `${field} is required: one of ${allowed.join(', ')}` : undefined;
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return `${field} must be one of ${allowed.join(', ')} (got ${describe(value)})`;
}

function stringFailure(record: Record_, field: string, required: boolean): string | undefined {
  const value = record[field];
  if (!isPresent(value)) return required ? `${field} is required (a non-empty string)` : undefined;
  return isNonEmptyString(value) ? undefined : `${field} must be a non-empty string (got ${describe(value)})`;
}

function integerFailure(record: Record_, field: string, required: boolean): string | undefined {
  const value = record[field];
  if (!isPresent(value)) return required ? `${field} is required (an integer >= 0)` : undefined;
  return isInteger(value) && value >= 0 ? undefined : `${field} must be an integer >= 0 (got ${describe(value)})`;
}

function nonNegativeNumberFailure(record: Record_, field: string): string | undefined {
  const value = record[field];
  if (!isPresent(value)) return undefined;
  const valid = typeof value === 'number' && Number.isFinite(value) && value >= 0;
  return valid ? undefined : `${field} must be a number >= 0 (got ${describe(value)})`;
}

function timestampFailure(record: Record_, field: string): string | undefined {
  const value = record[field];
  if (isTimestamp(value)) return undefined;
  return `${field} is required: a timestamp in milliseconds (got ${describe(value)})`;
}

function booleanFailure(record: Record_, field: string): string | undefined {
  const value = record[field];
  if (!isPresent(value) || typeof value === 'boolean') return undefined;
  return `${field} must be true or false (got ${describe(value)})`;
}

function objectFailure(record: Record_, field: string, required: boolean): string | undefined {
  const value = record[field];
  if (!isPresent(value)) return required ? `${field} is required (an object)` : undefined;
  return isObject(value) ? undefined : `${field} must be an object (got ${describe(value)})`;
}
