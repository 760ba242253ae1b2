/**
 * What one line of each document type must hold, after
 * shared/mediarithmics-api (README table, segments-import.md,
 * sending-documents.md). Strict on what the docs call required, lenient on
 * fields they do not mention: unknown fields pass untouched, because the
 * platform grows and a check here must never be stricter than it.
 */
import { describeValue } from '../format';
import {
	checkBoolean,
	checkEmailHash,
	checkEnum,
	checkExactlyOneIdentifier,
	checkId,
	checkNonEmptyString,
	checkNonNegativeInteger,
	checkNonNegativeNumber,
	checkObject,
	checkStringList,
	checkTimestamp,
	field,
	firstProblem,
	isJsonObject,
	isPresent,
	JsonObject,
} from './fieldChecks';

type LineRule = (line: JsonObject) => string | undefined;

/** Field names of the plain (not $-prefixed) identifier forms. */
const PLAIN_IDENTIFIERS = {
	userAccountId: 'user_account_id',
	emailHash: 'email_hash',
	userAgentId: 'user_agent_id',
	compartmentId: 'compartment_id',
};

const ACTIVITY_IDENTIFIERS = {
	userAccountId: '$user_account_id',
	emailHash: '$email_hash',
	userAgentId: '$user_agent_id',
	compartmentId: '$compartment_id',
};

export const SEGMENT_FIELDS = ['segment_id', 'segment_ids', 'segment_technical_name', 'segment_technical_names'];

const MILLISECONDS = 'a timestamp in milliseconds';

/** Prefix a nested field's reason with its path, e.g. "user_choice.$choice_ts …". */
function within(path: string, reason: string | undefined): string | undefined {
	return reason === undefined ? undefined : `${path}.${reason}`;
}

function checkPlainIdentifier(line: JsonObject): string | undefined {
	return firstProblem(
		checkExactlyOneIdentifier(line, PLAIN_IDENTIFIERS),
		checkId(line, 'user_account_id', false),
		checkEmailHash(line, 'email_hash', false),
		checkNonEmptyString(line, 'user_agent_id', false),
		checkId(line, 'compartment_id', false),
	);
}

/**
 * data_bag is documented as an "escaped JSON string", the data bag of the
 * user/segment relationship: a string holding the JSON text of an object.
 */
function checkDataBag(line: JsonObject): string | undefined {
	if (!isPresent(line, 'data_bag')) return undefined;
	const value = field(line, 'data_bag');
	if (typeof value !== 'string') {
		return `data_bag must be JSON text inside a string (escaped JSON), got ${describeValue(value)}`;
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(value);
	} catch (error) {
		return `data_bag must hold valid JSON text: ${(error as Error).message}`;
	}
	return isJsonObject(parsed) ? undefined : `data_bag must hold the JSON text of an object, e.g. "{\\"tier\\":\\"gold\\"}", got ${describeValue(parsed)}`;
}

const userSegment: LineRule = (line) =>
	firstProblem(
		checkEnum(line, 'operation', ['UPDATE', 'DELETE'], true),
		checkPlainIdentifier(line),
		SEGMENT_FIELDS.some((key) => isPresent(line, key))
			? undefined
			: `a segment is required: ${SEGMENT_FIELDS.slice(0, 3).join(', ')} or ${SEGMENT_FIELDS[3]}`,
		checkId(line, 'segment_id', false),
		checkStringList(line, 'segment_ids'),
		checkNonEmptyString(line, 'segment_technical_name', false),
		checkStringList(line, 'segment_technical_names'),
		checkNonNegativeInteger(line, 'expiration_duration', true, 'minutes, 0 = never'),
		checkNonNegativeNumber(line, 'expiration_ts', false, `${MILLISECONDS}, 0 = never`),
		checkDataBag(line),
	);

const userProfile: LineRule = (line) =>
	firstProblem(
		checkEnum(line, 'operation', ['UPSERT', 'DELETE'], true),
		checkPlainIdentifier(line),
		checkObject(line, 'user_profile', field(line, 'operation') === 'UPSERT', 'the profile, required for UPSERT'),
		checkEnum(line, 'update_strategy', ['PARTIAL_UPDATE', 'PARTIAL_DELETE', 'FORCE_REPLACE'], false),
		checkBoolean(line, 'force_replace'),
		checkBoolean(line, 'merge_objects'),
		checkOneUpdateForm(line),
	);

/** update_strategy and the older force_replace / merge_objects say the same thing twice, maybe differently. */
function checkOneUpdateForm(line: JsonObject): string | undefined {
	if (!isPresent(line, 'update_strategy')) return undefined;
	const older = ['force_replace', 'merge_objects'].filter((key) => isPresent(line, key));
	if (older.length === 0) return undefined;
	return `update_strategy cannot be combined with the older ${older.join(' and ')}: keep update_strategy alone (FORCE_REPLACE replaces the profile)`;
}

const userChoice: LineRule = (line) => {
	const upsert = field(line, 'operation') === 'UPSERT';
	const problem = firstProblem(
		checkEnum(line, 'operation', ['UPSERT', 'DELETE'], true),
		checkPlainIdentifier(line),
		checkObject(line, 'user_choice', true, 'with $processing_id'),
		checkBoolean(line, 'force_replace'),
	);
	if (problem !== undefined) return problem;
	const choice = field(line, 'user_choice') as JsonObject;
	return within(
		'user_choice',
		firstProblem(
			checkId(choice, '$processing_id', true),
			checkTimestamp(choice, '$choice_ts', upsert, `${MILLISECONDS}, required for UPSERT`),
		),
	);
};

function checkActivityEmailHash(line: JsonObject): string | undefined {
	if (!isPresent(line, '$email_hash')) return undefined;
	const emailHash = field(line, '$email_hash');
	if (!isJsonObject(emailHash)) {
		return `$email_hash must be an object with $hash and/or $email, got ${describeValue(emailHash)}`;
	}
	if (!isPresent(emailHash, '$hash') && !isPresent(emailHash, '$email')) {
		return '$email_hash needs $hash or $email';
	}
	return within(
		'$email_hash',
		firstProblem(checkEmailHash(emailHash, '$hash', false), checkNonEmptyString(emailHash, '$email', false)),
	);
}

function checkActivityEvents(line: JsonObject): string | undefined {
	if (!isPresent(line, '$events')) return undefined;
	const events = field(line, '$events');
	if (!Array.isArray(events)) return `$events must be an array, got ${describeValue(events)}`;
	for (let index = 0; index < events.length; index++) {
		const event: unknown = events[index];
		const path = `$events[${index}]`;
		if (!isJsonObject(event)) return `${path} must be an object, got ${describeValue(event)}`;
		const problem = within(
			path,
			firstProblem(
				checkNonEmptyString(event, '$event_name', true),
				checkTimestamp(event, '$ts', true, MILLISECONDS),
				checkObject(event, '$properties', false, 'the event properties'),
			),
		);
		if (problem !== undefined) return problem;
	}
	return undefined;
}

const userActivity: LineRule = (line) =>
	firstProblem(
		checkExactlyOneIdentifier(line, ACTIVITY_IDENTIFIERS),
		checkId(line, '$user_account_id', false),
		checkNonEmptyString(line, '$user_agent_id', false),
		checkId(line, '$compartment_id', false),
		checkActivityEmailHash(line),
		// The docs show TOUCH and NO_SESSION without listing the allowed values: any text passes.
		checkNonEmptyString(line, '$type', true),
		checkNonEmptyString(line, '$session_status', true),
		checkTimestamp(line, '$ts', true, MILLISECONDS),
		checkActivityEvents(line),
		checkObject(line, '$location', false, 'the location'),
		checkObject(line, '$origin', false, 'the origin'),
		checkNonNegativeInteger(line, '$ttl', false, 'the time to live, in minutes'),
	);

/** The fields each identifier type holds; a field of another type is a second identifier in one object. */
const DECLARATION_FIELDS: { readonly [type: string]: readonly string[] } = {
	USER_ACCOUNT: ['user_account_id', 'compartment_id'],
	USER_EMAIL: ['hash', 'email'],
	USER_AGENT: ['user_agent_id'],
};

function checkNoForeignIdentifierField(declaration: JsonObject): string | undefined {
	const type = field(declaration, 'type') as string;
	const own = DECLARATION_FIELDS[type];
	const foreign = Object.keys(DECLARATION_FIELDS)
		.flatMap((other) => DECLARATION_FIELDS[other])
		.filter((key) => !own.includes(key) && isPresent(declaration, key));
	if (foreign.length === 0) return undefined;
	return `${foreign.join(', ')} cannot go with type ${type}: one identifier per declaration (write another declaration for it)`;
}

/**
 * One identifier declaration, as used by USER_IDENTIFIERS_DELETION (the line
 * itself) and USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS (each list item).
 */
function checkIdentifierDeclaration(declaration: JsonObject): string | undefined {
	const problem = checkEnum(declaration, 'type', ['USER_ACCOUNT', 'USER_EMAIL', 'USER_AGENT'], true);
	if (problem !== undefined) return problem;
	return firstProblem(checkDeclarationFields(declaration), checkNoForeignIdentifierField(declaration));
}

function checkDeclarationFields(declaration: JsonObject): string | undefined {
	switch (field(declaration, 'type')) {
		case 'USER_ACCOUNT':
			return firstProblem(
				checkId(declaration, 'user_account_id', true),
				checkId(declaration, 'compartment_id', false),
			);
		case 'USER_EMAIL':
			return firstProblem(
				checkEmailHash(declaration, 'hash', true),
				checkNonEmptyString(declaration, 'email', false),
			);
		default:
			return checkNonEmptyString(declaration, 'user_agent_id', true);
	}
}

const userIdentifiersDeletion: LineRule = (line) => checkIdentifierDeclaration(line);

const userIdentifiersAssociation: LineRule = (line) => {
	if (!isPresent(line, 'identifiers')) return 'identifiers is required (an array of identifier declarations)';
	const identifiers = field(line, 'identifiers');
	if (!Array.isArray(identifiers)) return `identifiers must be an array, got ${describeValue(identifiers)}`;
	// Associating fewer than two identifiers declares nothing (the simulator refuses it too).
	if (identifiers.length < 2) return `identifiers must list at least two identifiers to associate, got ${identifiers.length}`;
	for (let index = 0; index < identifiers.length; index++) {
		const item: unknown = identifiers[index];
		const path = `identifiers[${index}]`;
		if (!isJsonObject(item)) return `${path} must be an object, got ${describeValue(item)}`;
		const problem = within(path, checkIdentifierDeclaration(item));
		if (problem !== undefined) return problem;
	}
	return undefined;
};

const RULES: { readonly [documentType: string]: LineRule | undefined } = {
	USER_SEGMENT: userSegment,
	USER_ACTIVITY: userActivity,
	USER_PROFILE: userProfile,
	USER_CHOICE: userChoice,
	USER_IDENTIFIERS_DELETION: userIdentifiersDeletion,
	USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS: userIdentifiersAssociation,
};

/**
 * Why `value` is not a valid line of `documentType`, or undefined when it is.
 * Types without a documented line format (and unknown types) only need a
 * JSON object.
 */
export function validateLine(documentType: string, value: unknown): string | undefined {
	if (!isJsonObject(value)) return `a line must be a JSON object, got ${describeValue(value)}`;
	const rule = Object.prototype.hasOwnProperty.call(RULES, documentType) ? RULES[documentType] : undefined;
	return rule === undefined ? undefined : rule(value);
}
