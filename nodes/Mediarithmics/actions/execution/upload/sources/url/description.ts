import type { INodeProperties } from 'n8n-workflow';

/** The parameters of Input = File URL. */
export const fileUrlProperties: INodeProperties[] = [
	{
		displayName: 'File URL',
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://storage.example.com/exports/segment.ndjson?signature=…',
		displayOptions: { show: { inputMode: ['url'] } },
		description:
			'Link of the NDJSON or CSV file (http: or https:; redirects are followed). It is read twice with Validate Lines on (the check, then the upload), once without. The mediarithmics credential is never sent to it.',
	},
	{
		displayName: 'File URL Headers',
		name: 'fileUrlHeaders',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add header',
		default: {},
		displayOptions: { show: { inputMode: ['url'] } },
		description: 'Request headers the link needs, e.g. an API key of the file server. Sent to the URL\'s host and to the hosts it redirects to (except Authorization, which stays with the URL\'s own origin).',
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. X-Api-Key' },
					{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
				],
			},
		],
	},
];
