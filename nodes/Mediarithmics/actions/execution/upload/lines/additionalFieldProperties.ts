import type { INodeProperties } from 'n8n-workflow';

/**
 * The optional fields of each line type that the docs list, under an
 * Additional Fields collection as n8n's nodes do: left empty, a line is
 * written exactly as before, so saved workflows keep their output.
 */
const show = (documentTypes: string[], extra: Record<string, string[]> = {}) => ({
	show: { inputMode: ['fields'], lineDocumentType: documentTypes, ...extra },
});

const jsonObject = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'json',
	default: '{}',
	description,
});

export const additionalFieldProperties: INodeProperties[] = [
	{
		displayName: 'Additional Fields',
		name: 'segmentAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['USER_SEGMENT']),
		options: [
			{
				displayName: 'Expiration Timestamp',
				name: 'expirationTs',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.valid_until }}',
				description:
					'When the user leaves the segment (expiration_ts): milliseconds since 1970, or a date text such as 2026-12-31T23:59:59Z, converted to milliseconds; 0 means never',
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'activityAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['USER_ACTIVITY']),
		options: [
			{
				displayName: 'Email Sent As',
				name: 'emailSentAs',
				type: 'options',
				options: [
					{ name: 'Hash, Hashed by the Node', value: 'hash', description: 'Sent as $email_hash.$hash' },
					{ name: 'Address, Hashed by the Platform', value: 'email', description: 'Sent as $email_hash.$email, as in the platform docs example' },
				],
				default: 'hash',
				description: 'With Identifier Type Email: send the hash, or the address itself as in the platform docs\' example ({"$email_hash": {"$email": …}})',
			},
			jsonObject('Location', 'location', 'The $location object, e.g. {"$country": "france", "$city": "paris", "$zip_code": "75001"}'),
			jsonObject('Origin', 'origin', 'The $origin object (where the activity comes from)'),
			jsonObject('Other Properties', 'otherProperties', 'Further top-level properties of the activity, e.g. {"$app_id": "1000"}; they do not replace the fields set above'),
			{
				displayName: 'Time to Live (Minutes)',
				name: 'ttl',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'The activity\'s $ttl, in minutes',
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'profileAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['USER_PROFILE'], { lineOperationUpsert: ['UPSERT'] }),
		options: [
			{
				displayName: 'Force Replace (Older Form)',
				name: 'forceReplace',
				type: 'boolean',
				default: false,
				description: 'Whether to write the older force_replace field; use it with Update Strategy "Leave Out"',
			},
			{
				displayName: 'Merge Objects (Older Form)',
				name: 'mergeObjects',
				type: 'boolean',
				default: false,
				description: 'Whether to write the older merge_objects field; use it with Update Strategy "Leave Out"',
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'choiceAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['USER_CHOICE']),
		options: [
			{
				displayName: 'Force Replace',
				name: 'forceReplace',
				type: 'boolean',
				default: false,
				description: 'Whether the line carries force_replace (documented for UPSERT)',
			},
			jsonObject('Other Choice Properties', 'otherChoiceProperties', 'Further properties of user_choice besides $processing_id and $choice_ts, e.g. {"$channel": "web"}'),
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'associationAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS']),
		options: [
			{
				displayName: 'Identifiers From a List',
				name: 'identifierList',
				type: 'json',
				default: '[]',
				placeholder: '={{ $json.emails.map(email => ({ type: "email", value: email })) }}',
				description:
					'More identifiers of the same user, as many as each item has: entries {"type": "email" | "email_hash" | "user_account_id" | "user_agent_id", "value": …, "compartmentId"?: …} (emails hashed as above), or declarations as the docs write them ({"type": "USER_EMAIL", "hash": …})',
			},
		],
	},
];
