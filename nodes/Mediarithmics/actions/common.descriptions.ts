import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { RETRY_OPTIONS_PARAMETER } from '../transport';

/** Parameters shared by several operations: the datamart and document import pickers, the enums. */

/** A picker: one of the list that `searchListMethod` fills, or an ID typed in (digits, checked in the editor too). */
function idLocator(what: string, name: string, searchListMethod: string, example: string, description: string): INodeProperties {
	return {
		displayName: what,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } },
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${example}`,
				validation: [
					{ type: 'regex', properties: { regex: '^[0-9]+$', errorMessage: `A ${what.toLowerCase()} ID is a number, e.g. ${example}` } },
				],
			},
		],
	};
}

export const datamartLocator = idLocator('Datamart', 'datamart', 'searchDatamarts', '1509', 'The datamart the data goes into');

export const documentImportLocator = idLocator(
	'Document Import',
	'documentImport',
	'searchDocumentImports',
	'36271',
	'The document import (the definition of what is imported) to use',
);

export const documentTypeOptions: INodePropertyOptions[] = [
	{ name: 'User Activity', value: 'USER_ACTIVITY', description: 'Offline activities such as purchases and store visits' },
	{ name: 'User Choice', value: 'USER_CHOICE', description: 'Consent choices (opt-in, opt-out) per processing' },
	{ name: 'User Identifiers Association', value: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS', description: 'Declare that several identifiers belong to the same user (CRM onboarding)' },
	{ name: 'User Identifiers Deletion', value: 'USER_IDENTIFIERS_DELETION', description: 'Delete identifiers, e.g. GDPR suppression requests' },
	{
		name: 'User Identifiers Dissociation',
		value: 'USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS',
		description: 'Declare that identifiers no longer belong together; its line format is not documented: lines are sent as given, checked as JSON objects only',
	},
	{ name: 'User Profile', value: 'USER_PROFILE', description: 'Profiles such as CRM data and scores' },
	{ name: 'User Segment', value: 'USER_SEGMENT', description: 'Add users to or remove them from segments' },
];

/** Filter on document types, for lists of imports (Get Many, the trigger's datamart scope). */
export const documentTypesFilter: INodeProperties = {
	displayName: 'Document Types',
	name: 'documentTypes',
	type: 'multiOptions',
	options: documentTypeOptions,
	default: [],
	description: 'Only imports of these document types',
};

export const mimeTypeOptions: INodePropertyOptions[] = [
	{ name: 'NDJSON', value: 'APPLICATION_X_NDJSON', description: 'One JSON object per line; every document type' },
	{ name: 'CSV', value: 'TEXT_CSV', description: 'Comma-separated values; User Segment only' },
];

export const priorityOptions: INodePropertyOptions[] = [
	{ name: 'Low', value: 'LOW' },
	{ name: 'Medium', value: 'MEDIUM' },
	{ name: 'High', value: 'HIGH' },
];

/** Return All / Limit, as every n8n Get Many has them. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/**
 * How every call of the node to the API is retried (see transport/retry.ts):
 * one collection for all operations, at the end of the node's parameters.
 */
export const retryOptions: INodeProperties = {
	displayName: 'Retries',
	name: RETRY_OPTIONS_PARAMETER,
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description:
		'Calls are retried on 429, 502, 503, 504, dropped connections and timeouts, with growing random waits and the Retry-After the API sends. Uploads are never sent twice: after an unknown outcome the node first checks what was created.',
	options: [
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 5,
			description: 'Tries of one call, the first included. 1 turns retries off.',
		},
		{
			displayName: 'Max Retry Time (Seconds)',
			name: 'maxRetrySeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'No retry starts once this long has passed since the first try of a call',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 0.05 },
			default: 300,
			description: 'An attempt that gets nothing from the API for this long is abandoned, then retried as above',
		},
	],
};
