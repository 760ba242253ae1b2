/** What a user gives the node, shared by several test files: input items and parameters. */
import type { INodeExecutionData } from 'n8n-workflow';

/** An input item holding a file in its `data` binary property, as Read/Write Files from Disk gives it. */
export const fileItem = (content: string | Buffer, fileName = 'export.ndjson', mimeType = 'application/x-ndjson'): INodeExecutionData => ({
	json: {},
	binary: { data: { data: Buffer.from(content).toString('base64'), mimeType, fileName } },
});

/** Build Lines From Fields over the records of a binary file (a CRM export), as a user maps them: email hashed, segment named from the tier. */
export const crmSegmentMapping = {
	inputMode: 'fields',
	recordsFrom: 'binaryFile',
	lineDocumentType: 'USER_SEGMENT',
	identifierType: 'email',
	identifier: '={{ $json.email }}',
	segmentBy: 'segment_technical_name',
	segment: '=newsletter_{{ $json.tier }}',
	expirationDuration: 0,
};
