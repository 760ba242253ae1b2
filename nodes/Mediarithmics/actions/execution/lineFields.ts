import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { hashEmail, type EmailHashAlgorithm, type EmailNormalisation } from '../../bulk/encoding/emailHash';
import { fieldValue } from './mapping/fieldValue';

/**
 * Input mode "Build Lines From Fields": the user maps item fields to the
 * parts of one line with expressions, and the node writes the line in the
 * document type's documented shape. No Code node needed to turn a CRM export
 * into segment commands.
 */
const show = (documentTypes: string[]) => ({ show: { inputMode: ['fields'], lineDocumentType: documentTypes } });

const SEGMENT = ['USER_SEGMENT'];
const WITH_OPERATION_AND_IDENTIFIER = ['USER_SEGMENT', 'USER_PROFILE', 'USER_CHOICE'];
const IDENTIFIER_ONLY = ['USER_IDENTIFIERS_DELETION', 'USER_ACTIVITY'];
const ACTIVITY = ['USER_ACTIVITY'];
const ASSOCIATION = ['USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS'];

const identifierTypeOptions = [
	{ name: 'Email (Hashed by the Node)', value: 'email' },
	{ name: 'Email Hash', value: 'email_hash' },
	{ name: 'User Account ID', value: 'user_account_id' },
	{ name: 'User Agent ID', value: 'user_agent_id' },
];

/** Options of the email hashing done by the node (see README: how emails are hashed). */
const emailHashingProperty: INodeProperties = {
	displayName: 'Email Hashing',
	name: 'emailHashing',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'SHA-256', value: 'sha256' },
				{ name: 'SHA-1', value: 'sha1' },
				{ name: 'MD5', value: 'md5' },
			],
			default: 'sha256',
			description: 'Must be the algorithm the other sources of this datamart use',
		},
		{
			displayName: 'Normalisation',
			name: 'normalisation',
			type: 'options',
			options: [
				{ name: 'Trim and Lower-Case', value: 'trim-lowercase' },
				{ name: 'None (Hash as Given)', value: 'none' },
			],
			default: 'trim-lowercase',
			description: 'What is done to the address before hashing',
		},
	],
};

export const lineFieldProperties: INodeProperties[] = [
	{
		displayName: 'Line Type',
		name: 'lineDocumentType',
		type: 'options',
		displayOptions: { show: { inputMode: ['fields'] } },
		options: [
			{ name: 'User Activity', value: 'USER_ACTIVITY' },
			{ name: 'User Choice Command', value: 'USER_CHOICE' },
			{ name: 'User Identifier Deletion', value: 'USER_IDENTIFIERS_DELETION' },
			{ name: 'User Identifiers Association', value: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS' },
			{ name: 'User Profile Command', value: 'USER_PROFILE' },
			{ name: 'User Segment Command', value: 'USER_SEGMENT' },
		],
		default: 'USER_SEGMENT',
		description: 'The kind of line to build; it must match the document type of the import',
	},
	{
		displayName: 'Operation',
		name: 'lineOperation',
		type: 'options',
		displayOptions: show(SEGMENT),
		options: [
			{ name: 'Add to Segment (UPDATE)', value: 'UPDATE' },
			{ name: 'Remove From Segment (DELETE)', value: 'DELETE' },
			{
				name: 'Remove When a Field Is True',
				value: 'removeWhenTrue',
				description: 'DELETE for items whose field is true (e.g. an unsubscribed flag), UPDATE for the others',
			},
		],
		default: 'UPDATE',
		description: 'What each line does',
	},
	{
		displayName: 'Remove When Field Is True',
		name: 'removeWhenField',
		type: 'string',
		displayOptions: { show: { inputMode: ['fields'], lineDocumentType: SEGMENT, lineOperation: ['removeWhenTrue'] } },
		default: '',
		required: true,
		placeholder: 'e.g. unsubscribed',
		hint: 'Enter the field name as text; dot notation for a nested field, e.g. contact.unsubscribed',
		description: 'True, "true", "yes" or 1 remove the user from the segment; false, "false", "no", 0, empty or null add them',
		requiresDataPath: 'single',
	},
	{
		displayName: 'Operation',
		name: 'lineOperationUpsert',
		type: 'options',
		displayOptions: show(['USER_PROFILE', 'USER_CHOICE']),
		options: [
			{ name: 'Upsert', value: 'UPSERT' },
			{ name: 'Delete', value: 'DELETE' },
		],
		default: 'UPSERT',
		description: 'What each line does',
	},
	{
		displayName: 'Identifier Type',
		name: 'identifierType',
		type: 'options',
		displayOptions: show([...WITH_OPERATION_AND_IDENTIFIER, ...IDENTIFIER_ONLY]),
		options: identifierTypeOptions,
		default: 'user_account_id',
		description: 'The one user identifier of each line',
	},
	{
		displayName: 'Identifier',
		name: 'identifier',
		type: 'string',
		displayOptions: show([...WITH_OPERATION_AND_IDENTIFIER, ...IDENTIFIER_ONLY]),
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.customer_id }}',
		description: 'The identifier value, usually an expression on an item field',
	},
	{
		displayName: 'Compartment ID',
		name: 'compartmentId',
		type: 'string',
		displayOptions: { show: { inputMode: ['fields'], identifierType: ['user_account_id'], lineDocumentType: [...WITH_OPERATION_AND_IDENTIFIER, ...IDENTIFIER_ONLY] } },
		default: '',
		description: 'Compartment of the user account ID. Leave empty for the default compartment.',
	},
	// Shown only where an email can be hashed: a single email identifier, or
	// the identifiers of an association (any of which may be an email).
	...[
		{ show: { inputMode: ['fields'], identifierType: ['email'], lineDocumentType: [...WITH_OPERATION_AND_IDENTIFIER, ...IDENTIFIER_ONLY] } },
		show(ASSOCIATION),
	].map((displayOptions) => ({ ...emailHashingProperty, displayOptions })),
	{
		displayName: 'Identifiers',
		name: 'associationIdentifiers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add identifier',
		displayOptions: show(ASSOCIATION),
		default: {},
		description: 'The identifiers that belong to the same user: at least two',
		options: [
			{
				displayName: 'Identifier',
				name: 'identifier',
				values: [
					{ displayName: 'Type', name: 'type', type: 'options', options: identifierTypeOptions, default: 'user_account_id' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Usually an expression on an item field' },
					{
						displayName: 'Compartment ID',
						name: 'compartmentId',
						type: 'string',
						default: '',
						description: 'For a user account ID: its compartment (empty for the default one)',
					},
				],
			},
		],
	},
	{
		displayName: 'Activity Type',
		name: 'activityType',
		type: 'options',
		displayOptions: show(ACTIVITY),
		options: ['APP_VISIT', 'DISPLAY_AD', 'EMAIL', 'SITE_VISIT', 'TOUCH', 'USER_SCENARIO_NODE_ENTER', 'USER_SCENARIO_NODE_EXIT', 'USER_SCENARIO_START', 'USER_SCENARIO_STOP'].map((value) => ({ name: value, value })),
		default: 'TOUCH',
		description: 'The activity $type; offline purchases and store visits are usually TOUCH',
	},
	{
		displayName: 'Session Status',
		name: 'sessionStatus',
		type: 'options',
		displayOptions: show(ACTIVITY),
		options: ['CLOSED_SESSION', 'IN_SESSION', 'NO_SESSION'].map((value) => ({ name: value, value })),
		default: 'NO_SESSION',
		description: 'The activity $session_status',
	},
	{
		displayName: 'Timestamp',
		name: 'activityTs',
		type: 'string',
		displayOptions: show(ACTIVITY),
		default: '={{ $now.toMillis() }}',
		description: 'When the activity happened ($ts), in milliseconds since 1970',
	},
	{
		displayName: 'Events',
		name: 'activityEvents',
		type: 'json',
		displayOptions: show(ACTIVITY),
		default: '={{ [{ "$event_name": "$transaction_confirmed", "$ts": $now.toMillis(), "$properties": $json }] }}',
		description: 'The $events array: objects with $event_name, $ts and $properties',
	},
	{
		displayName: 'Segment By',
		name: 'segmentBy',
		type: 'options',
		displayOptions: show(SEGMENT),
		options: [
			{ name: 'Segment ID', value: 'segment_id' },
			{ name: 'Segment IDs (List)', value: 'segment_ids' },
			{ name: 'Technical Name', value: 'segment_technical_name' },
			{ name: 'Technical Names (List)', value: 'segment_technical_names' },
		],
		default: 'segment_id',
		description: 'How the segment is named',
	},
	{
		displayName: 'Segment',
		name: 'segment',
		type: 'string',
		displayOptions: show(SEGMENT),
		default: '',
		required: true,
		placeholder: 'e.g. 4242, or loyal_customers',
		description: 'The segment ID or technical name. For a list, separate values with commas or give an array expression.',
	},
	{
		displayName: 'Expiration Duration (Minutes)',
		name: 'expirationDuration',
		type: 'number',
		typeOptions: { minValue: 0 },
		displayOptions: show(SEGMENT),
		default: 0,
		description: 'Minutes before the user leaves the segment; 0 means never',
	},
	{
		displayName: 'Data Bag',
		name: 'dataBag',
		type: 'json',
		displayOptions: show(SEGMENT),
		default: '',
		description: 'Optional JSON kept with the user/segment relationship; written as an escaped JSON string, as the platform expects',
	},
	{
		displayName: 'User Profile',
		name: 'userProfile',
		type: 'json',
		displayOptions: { show: { inputMode: ['fields'], lineDocumentType: ['USER_PROFILE'], lineOperationUpsert: ['UPSERT'] } },
		default: '={{ $json }}',
		description: 'The profile object to write',
	},
	{
		displayName: 'Update Strategy',
		name: 'updateStrategy',
		type: 'options',
		displayOptions: { show: { inputMode: ['fields'], lineDocumentType: ['USER_PROFILE'], lineOperationUpsert: ['UPSERT'] } },
		options: [
			{ name: 'Partial Update', value: 'PARTIAL_UPDATE' },
			{ name: 'Partial Delete', value: 'PARTIAL_DELETE' },
			{ name: 'Force Replace', value: 'FORCE_REPLACE' },
		],
		default: 'PARTIAL_UPDATE',
		description: 'How the profile is merged with what the platform holds',
	},
	{
		displayName: 'Processing ID',
		name: 'processingId',
		type: 'string',
		displayOptions: show(['USER_CHOICE']),
		default: '',
		required: true,
		description: 'The processing ($processing_id) the choice is about',
	},
	{
		displayName: 'Choice Timestamp',
		name: 'choiceTs',
		type: 'string',
		displayOptions: { show: { inputMode: ['fields'], lineDocumentType: ['USER_CHOICE'], lineOperationUpsert: ['UPSERT'] } },
		default: '={{ $now.toMillis() }}',
		description: 'When the choice was made ($choice_ts), in milliseconds since 1970',
	},
];

/** The line for one item, from the parameters resolved for that item. */
export function buildLine(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const documentType = this.getNodeParameter('lineDocumentType', itemIndex) as string;
	if (documentType === 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS') return associationLine.call(this, itemIndex);
	const identifier = identifierFields.call(this, itemIndex);
	switch (documentType) {
		case 'USER_SEGMENT': {
			const segmentBy = this.getNodeParameter('segmentBy', itemIndex) as string;
			const rawSegment = this.getNodeParameter('segment', itemIndex) as unknown;
			// Built key by key, in the order of the docs: the same shape for every line keeps V8 (and the
			// JSON.stringify that follows) on its fast path, which a spread then a computed key does not.
			const line: IDataObject = { operation: segmentOperation.call(this, itemIndex) };
			Object.assign(line, identifier);
			line[segmentBy] = segmentBy.endsWith('s') ? asList(rawSegment) : String(rawSegment ?? '').trim();
			line.expiration_duration = this.getNodeParameter('expirationDuration', itemIndex);
			const dataBag = this.getNodeParameter('dataBag', itemIndex, '') as unknown;
			if (dataBag !== '' && dataBag !== undefined && dataBag !== null) {
				line.data_bag = typeof dataBag === 'string' ? dataBag : JSON.stringify(dataBag);
			}
			return line;
		}
		case 'USER_PROFILE': {
			const operation = this.getNodeParameter('lineOperationUpsert', itemIndex) as string;
			const line: IDataObject = { operation, ...identifier };
			if (operation === 'UPSERT') {
				line.user_profile = asObject.call(this, this.getNodeParameter('userProfile', itemIndex), 'User Profile', itemIndex);
				line.update_strategy = this.getNodeParameter('updateStrategy', itemIndex);
			}
			return line;
		}
		case 'USER_ACTIVITY':
			return {
				$type: this.getNodeParameter('activityType', itemIndex),
				$session_status: this.getNodeParameter('sessionStatus', itemIndex),
				$ts: Number(this.getNodeParameter('activityTs', itemIndex)),
				...activityIdentifier(identifier),
				$events: asArray.call(this, this.getNodeParameter('activityEvents', itemIndex), 'Events', itemIndex),
			};
		case 'USER_CHOICE': {
			const operation = this.getNodeParameter('lineOperationUpsert', itemIndex) as string;
			const choice: IDataObject = { $processing_id: this.getNodeParameter('processingId', itemIndex) };
			if (operation === 'UPSERT') choice.$choice_ts = Number(this.getNodeParameter('choiceTs', itemIndex));
			return { operation, ...identifier, user_choice: choice };
		}
		default: {
			// USER_IDENTIFIERS_DELETION: one typed identifier per line.
			if ('user_account_id' in identifier) return { type: 'USER_ACCOUNT', ...identifier };
			if ('email_hash' in identifier) return { type: 'USER_EMAIL', hash: identifier.email_hash };
			return { type: 'USER_AGENT', ...identifier };
		}
	}
}

/** UPDATE or DELETE: as chosen, or from the item's flag field (Remove When a Field Is True). */
function segmentOperation(this: IExecuteFunctions, itemIndex: number): string {
	const operation = this.getNodeParameter('lineOperation', itemIndex) as string;
	if (operation !== 'removeWhenTrue') return operation;
	const field = String(this.getNodeParameter('removeWhenField', itemIndex) ?? '').trim();
	const value = fieldValue(this.getInputData()[itemIndex]?.json, field);
	const flag = flagOf(value);
	if (flag === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			value === undefined ? `Item ${itemIndex + 1} has no field "${field}"` : `Item ${itemIndex + 1}: the field "${field}" is ${JSON.stringify(value)}, neither true nor false`,
			{
				itemIndex,
				description: `Remove When Field Is True reads "${field}" of every item: true, "true", "yes", "y" or 1 remove the user from the segment; false, "false", "no", "n", 0, "" or null add them. Check the field name (dot notation for a nested field) or filter out the items without it.`,
			},
		);
	}
	return flag ? 'DELETE' : 'UPDATE';
}

const TRUE_TEXTS = new Set(['true', 'yes', 'y', '1']);
const FALSE_TEXTS = new Set(['false', 'no', 'n', '0', '']);

/** A flag as CRM exports write it (booleans, numbers, or their text); undefined when it is none of these. */
function flagOf(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === null) return false;
	if (value === 1 || value === 0) return value === 1;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().toLowerCase();
	if (TRUE_TEXTS.has(text)) return true;
	if (FALSE_TEXTS.has(text)) return false;
	return undefined;
}

function identifierFields(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const type = this.getNodeParameter('identifierType', itemIndex) as string;
	const value = String(this.getNodeParameter('identifier', itemIndex) ?? '').trim();
	const compartmentId = type === 'user_account_id' ? String(this.getNodeParameter('compartmentId', itemIndex, '') ?? '').trim() : '';
	return identifierOf.call(this, type, value, compartmentId, itemIndex);
}

/** One identifier in the flat form of segment, profile and choice lines. */
function identifierOf(this: IExecuteFunctions, type: string, value: string, compartmentId: string, itemIndex: number): IDataObject {
	if (!value) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1} has an empty identifier`, {
			itemIndex,
			description: 'Map the Identifier parameter to a field that every item has, or filter out the items without one.',
		});
	}
	if (type === 'email') {
		const hashing = this.getNodeParameter('emailHashing', itemIndex, {}) as IDataObject;
		return {
			email_hash: hashEmail(value, {
				algorithm: (hashing.algorithm as EmailHashAlgorithm) ?? 'sha256',
				normalisation: (hashing.normalisation as EmailNormalisation) ?? 'trim-lowercase',
			}),
		};
	}
	if (type === 'user_account_id') {
		return compartmentId ? { user_account_id: value, compartment_id: compartmentId } : { user_account_id: value };
	}
	return { [type]: value };
}

/** Activities spell identifiers with a $ and wrap the email hash: {$email_hash: {$hash}}. */
function activityIdentifier(identifier: IDataObject): IDataObject {
	if ('email_hash' in identifier) return { $email_hash: { $hash: identifier.email_hash } };
	if ('user_agent_id' in identifier) return { $user_agent_id: identifier.user_agent_id };
	const line: IDataObject = { $user_account_id: identifier.user_account_id };
	if (identifier.compartment_id) line.$compartment_id = identifier.compartment_id;
	return line;
}

/** {"identifiers": [...]} of typed identifiers, from the Identifiers list. */
function associationLine(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const entries = ((this.getNodeParameter('associationIdentifiers', itemIndex, {}) as IDataObject).identifier ?? []) as IDataObject[];
	const identifiers = entries.map((entry) => {
		const flat = identifierOf.call(this, String(entry.type), String(entry.value ?? '').trim(), String(entry.compartmentId ?? '').trim(), itemIndex);
		if ('email_hash' in flat) return { type: 'USER_EMAIL', hash: flat.email_hash };
		if ('user_agent_id' in flat) return { type: 'USER_AGENT', ...flat };
		return { type: 'USER_ACCOUNT', ...flat };
	});
	return { identifiers };
}

function asArray(this: IExecuteFunctions, value: unknown, name: string, itemIndex: number): unknown[] {
	const parsed = typeof value === 'string' ? safeParse(value) : value;
	if (!Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), `${name} of item ${itemIndex + 1} is not a JSON array`, {
			itemIndex,
			description: `Give ${name} an array, e.g. [{"$event_name": "$transaction_confirmed", "$ts": 1700000000000, "$properties": {}}].`,
		});
	}
	return parsed;
}

function safeParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function asList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((entry) => String(entry).trim()).filter(Boolean);
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
}

function asObject(this: IExecuteFunctions, value: unknown, name: string, itemIndex: number): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			parsed = undefined;
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), `${name} of item ${itemIndex + 1} is not a JSON object`, {
			itemIndex,
			description: `Give ${name} an object, e.g. {{ $json }} or {"first_name": "Ada"}.`,
		});
	}
	return parsed as IDataObject;
}
