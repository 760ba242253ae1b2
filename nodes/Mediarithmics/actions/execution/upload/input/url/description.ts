import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The parameters of a file read from a URL (Input = File URL, and Build Lines From Fields with Records From = File URL). */
export const fileUrlProperties = (show: NonNullable<IDisplayOptions['show']>): INodeProperties[] => [
	{
		displayName: 'File URL',
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://storage.example.com/exports/segment.ndjson?signature=…',
		displayOptions: { show },
		description:
			'Link of the NDJSON or CSV file (http: or https:; redirects are followed). It is read twice with Validate Lines on or records mapped (the check, then the upload), once without. The mediarithmics credential is never sent to it.',
	},
	{
		displayName: 'File URL Headers',
		name: 'fileUrlHeaders',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add header',
		default: {},
		displayOptions: { show },
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
