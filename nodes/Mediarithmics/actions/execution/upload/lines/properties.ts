import type { INodeProperties } from 'n8n-workflow';

import { additionalFieldProperties } from './additionalFieldProperties';
import { emailHashingProperty, identifierTypeOptions } from './identifierProperties';

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
		// Not `required`: with Operation given by an expression, n8n would count this hidden field as a
		// missing parameter and refuse the whole workflow. An empty name is refused at run time instead.
		placeholder: 'e.g. unsubscribed',
		hint: 'Enter the field name as text; dot notation for a nested field, e.g. contact.unsubscribed',
		description: 'True, "true", "yes", "y" or 1 remove the user from the segment; false, "false", "no", "n", 0, empty or null add them (texts in any case)',
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
		displayName: 'Events From',
		name: 'activityEventsFrom',
		type: 'options',
		displayOptions: show(ACTIVITY),
		options: [
			{ name: 'JSON List', value: 'list', description: 'The Events parameter: the whole $events array' },
			{
				name: 'One Event From Fields',
				value: 'oneEvent',
				description: 'One event with the activity\'s timestamp, named and filled from fields: works for the records of a file too',
			},
		],
		default: 'list',
		description: 'How the activity\'s $events are given',
	},
	{
		displayName: 'Events',
		name: 'activityEvents',
		type: 'json',
		displayOptions: { show: { inputMode: ['fields'], lineDocumentType: ACTIVITY, activityEventsFrom: ['list'] } },
		default: '={{ [{ "$event_name": "$transaction_confirmed", "$ts": $now.toMillis(), "$properties": $json }] }}',
		description: 'The $events array: objects with $event_name, $ts and $properties',
	},
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		displayOptions: { show: { inputMode: ['fields'], lineDocumentType: ACTIVITY, activityEventsFrom: ['oneEvent'] } },
		default: '',
		required: true,
		placeholder: 'e.g. $transaction_confirmed, or store-visit',
		description: 'The event\'s $event_name',
	},
	{
		displayName: 'Event Properties',
		name: 'eventProperties',
		type: 'json',
		displayOptions: { show: { inputMode: ['fields'], lineDocumentType: ACTIVITY, activityEventsFrom: ['oneEvent'] } },
		default: '={{ $json }}',
		description: 'The event\'s $properties object; by default the whole item (or record)',
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
		description: 'The segment ID or technical name. For a list: an array expression, JSON array text such as ["a","b"] (as a CSV cell holds it), or values separated by commas.',
	},
	{
		displayName: 'Expiration Duration (Minutes)',
		name: 'expirationDuration',
		type: 'number',
		typeOptions: { minValue: 0 },
		displayOptions: show(SEGMENT),
		default: 0,
		description: 'Minutes before the user leaves the segment; 0 means never. A text of digits (a CSV cell) is written as a number.',
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
			{ name: 'Leave Out', value: 'leaveOut', description: 'Write no update_strategy: the platform\'s default, or the older Force Replace / Merge Objects of Additional Fields' },
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
	...additionalFieldProperties,
];
