import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { datamartLocator, documentImportLocator, documentTypeOptions, mimeTypeOptions } from '../../common.descriptions';
import { documentImportOptionFields } from '../../documentImport/fields';
import { lineFieldProperties } from './lines/lineFields';
import { fileUrlProperties } from './input/url/description';
import { waitOptionFields } from '../waitForExecutions';
import { mirrorOption } from './mirror/description';

/** The Upload operation's parameters, as the editor shows them. */
const properties: INodeProperties[] = [
	{
		displayName:
			'Files are split into parts of at most Max Part Size (100 MB, as the platform advises); each part becomes one execution. Create one new document import per batch, e.g. per night.',
		name: 'uploadNotice',
		type: 'notice',
		default: '',
	},
	datamartLocator,
	{
		displayName: 'Upload To',
		name: 'target',
		type: 'options',
		options: [
			{ name: 'Existing Document Import', value: 'existing', description: 'Upload to a document import that exists' },
			{ name: 'New Document Import', value: 'new', description: 'Create a document import for this batch, then upload to it' },
		],
		default: 'existing',
		description: 'The platform advises a new document import per batch, e.g. one per night',
	},
	{ ...documentImportLocator, displayOptions: { show: { target: ['existing'] } } },
	{
		displayName: 'New Import Name',
		name: 'newImportName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. User profiles from CRM - {{ $now.toISODate() }}',
		displayOptions: { show: { target: ['new'] } },
	},
	{
		displayName: 'Document Type',
		name: 'newImportDocumentType',
		type: 'options',
		options: documentTypeOptions,
		default: 'USER_SEGMENT',
		displayOptions: { show: { target: ['new'] } },
	},
	{
		displayName: 'Format',
		name: 'newImportMimeType',
		type: 'options',
		options: mimeTypeOptions,
		default: 'APPLICATION_X_NDJSON',
		description: 'CSV is accepted for User Segment only',
		displayOptions: { show: { target: ['new'] } },
	},
	{
		displayName: 'New Import Options',
		name: 'newImportOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: documentImportOptionFields,
		displayOptions: { show: { target: ['new'] } },
	},
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file of each input item (NDJSON or CSV), streamed' },
			{ name: 'Items as Lines', value: 'items', description: 'The JSON of each input item is one line; all items go in one upload' },
			{ name: 'Build Lines From Fields', value: 'fields', description: 'Map item fields to the parts of a line of any documented type (segment, profile, activity, choice, deletion, association)' },
			{ name: 'File URL', value: 'url', description: 'A file (NDJSON or CSV) downloaded from a link as a stream, straight into parts, never into n8n\'s binary store' },
		],
		default: 'binary',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { inputMode: ['binary'] } },
		hint: 'The name of the input binary field holding the file',
	},
	...fileUrlProperties({ inputMode: ['url'] }),
	...fileUrlProperties({ inputMode: ['fields'], recordsFrom: ['url'] }),
	{
		displayName: 'Records From',
		name: 'recordsFrom',
		type: 'options',
		options: [
			{ name: 'Input Items', value: 'items', description: 'Each input item is one record' },
			{
				name: 'Binary File (CSV or NDJSON)',
				value: 'binaryFile',
				description: "The records of each input item's file, streamed: a CRM export of any size, never made n8n items",
			},
			{
				name: 'File URL (CSV or NDJSON)',
				value: 'url',
				description: 'The records of a file downloaded from a link as a stream, never into n8n\'s binary store nor made n8n items',
			},
		],
		default: 'items',
		displayOptions: { show: { inputMode: ['fields'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'recordsBinaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { inputMode: ['fields'], recordsFrom: ['binaryFile'] } },
		hint: 'The name of the input binary field holding the file',
	},
	{
		displayName: 'File Format',
		name: 'recordsFormat',
		type: 'options',
		options: [
			{ name: 'CSV With a Header Line', value: 'csv', description: 'RFC 4180; the first line names the columns, and each mapping reads a column by its name (drag it in as from an item)' },
			{ name: 'NDJSON', value: 'ndjson', description: 'One JSON object per line, each mapping reading a field by its name' },
		],
		default: 'csv',
		displayOptions: { show: { inputMode: ['fields'], recordsFrom: ['binaryFile', 'url'] } },
	},
	...lineFieldProperties,
	{
		displayName: 'Options',
		name: 'uploadOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Accept a File URL Without a Length',
				name: 'acceptFileWithoutLength',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/inputMode': ['url', 'fields'] } },
				description:
					'Whether to upload a file whose server sends no Content-Length and gives no total size for a byte range. Risk: a connection cut at a line end then looks like the end of the file, and the lines after it are left out without an error. Off: such a file is refused before anything is sent.',
			},
			{
				displayName: 'CSV Has Header Line',
				name: 'csvHasHeader',
				type: 'boolean',
				default: true,
				description: 'Whether the first line of a CSV file names its columns. It is repeated at the start of every part.',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only read, map, check and plan: nothing is created or sent. Outputs the plan: the parts with their lines, bytes and input line ranges, the first lines of each part as they would be sent, and every invalid line with its reason.',
			},
			{
				displayName: 'Invalid Lines',
				name: 'invalidLines',
				type: 'options',
				options: [
					{ name: 'Stop Before Upload', value: 'stop', description: 'Upload nothing and name the invalid lines' },
					{ name: 'Skip and Report', value: 'skip', description: 'Upload the valid lines; output each skipped line with its reason' },
				],
				default: 'stop',
			},
			{
				displayName: 'Max Part Size (MB)',
				name: 'maxPartMegabytes',
				type: 'number',
				typeOptions: { minValue: 0.001 },
				default: 100,
				description: 'Largest part uploaded as one execution, in MB (1,000,000 bytes). The platform advises at most 100.',
			},
			mirrorOption,
			{
				displayName: 'Start From Input Line',
				name: 'startFromLine',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 1,
				description:
					'To resume an upload that stopped: every input line before this one (item, for Items as Lines and Build Lines From Fields; the file\'s line for records from a file) is skipped, not checked, not sent; a line inside a CSV record that spans several lines is refused. Take N from the failed upload\'s error ("set Start From Input Line to N", resume_from_line), or from Execution > Get Many against a Dry Run\'s parts. 1 uploads everything.',
			},
			{
				displayName: 'Validate Lines',
				name: 'validate',
				type: 'boolean',
				default: true,
				description: "Whether to check every line against the document type's rules before anything is sent",
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: false,
				description: 'Whether to wait until every execution has finished and output their results',
			},
			...waitOptionFields.map((field) => ({ ...field, displayOptions: { show: { waitForCompletion: [true] } } })),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['execution'], operation: ['upload'] } }, properties);
