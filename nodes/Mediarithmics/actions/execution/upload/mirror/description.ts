import type { INodeProperties } from 'n8n-workflow';

/** The Mirror option of Upload (docs/mirror.md): shown only for segment lines built from fields. */
export const mirrorOption: INodeProperties = {
	displayName: 'Mirror',
	name: 'mirror',
	type: 'fixedCollection',
	default: {},
	displayOptions: { show: { '/inputMode': ['fields'], '/lineDocumentType': ['USER_SEGMENT'] } },
	description:
		'Keep the segment equal to the list: compare it with the sync state the previous run output, and send only what changed (new and changed members, and a removal for members no longer listed). Outputs the new state as a binary file to hand to the next run.',
	options: [
		{
			displayName: 'Settings',
			name: 'settings',
			values: [
				{
					displayName: 'Sync State Binary Field',
					name: 'stateField',
					type: 'string',
					default: 'mirrorState',
					description: 'Binary field of the first input item holding the previous state (none: a full refresh), and of the output item holding the new one',
				},
				{
					displayName: 'Max Removals (%)',
					name: 'maxRemovalsPercent',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 100 },
					default: 10,
					description: 'A run that would remove more than this share of the members stops before anything is sent',
				},
				{
					displayName: 'Allow Empty List',
					name: 'allowEmptyList',
					type: 'boolean',
					default: false,
					description: 'Whether an empty list may remove every member (off: an empty list removes nothing and stops)',
				},
			],
		},
	],
};
