/**
 * The vocabulary of the bulk-import API: document types, mime types and
 * execution statuses (see shared/mediarithmics-api/README.md).
 */

/** The types the bulk-processing page documents, each with a line format. */
export const DOCUMENTED_DOCUMENT_TYPES = [
	'USER_ACTIVITY',
	'USER_SEGMENT',
	'USER_PROFILE',
	'USER_CHOICE',
	'USER_IDENTIFIERS_DELETION',
	'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS',
] as const;

/** Types the platform's code knows but whose line format is not documented. */
export const UNDOCUMENTED_DOCUMENT_TYPES = [
	'USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS',
	'USER_DEVICE_POINTS_DELETION',
	'USER_POINTS_DELETION',
] as const;

export const DOCUMENT_TYPES = [...DOCUMENTED_DOCUMENT_TYPES, ...UNDOCUMENTED_DOCUMENT_TYPES] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export function isDocumentType(value: string): value is DocumentType {
	return (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** The API's mime type names, mapped to the Content-Type of an upload. */
export const MIME_TYPES = {
	APPLICATION_X_NDJSON: 'application/x-ndjson',
	TEXT_CSV: 'text/csv',
} as const;

export type MimeType = keyof typeof MIME_TYPES;

/** The file format behind a mime type, as the splitter names it. */
export type FileFormat = 'ndjson' | 'csv';

export function isMimeType(value: string): value is MimeType {
	return Object.prototype.hasOwnProperty.call(MIME_TYPES, value);
}

/** The Content-Type header for an upload to an import of this mime type. */
export function contentTypeOf(mimeType: MimeType): string {
	return MIME_TYPES[mimeType];
}

export function fileFormatOf(mimeType: MimeType): FileFormat {
	return mimeType === 'TEXT_CSV' ? 'csv' : 'ndjson';
}

export function mimeTypeOf(format: FileFormat): MimeType {
	return format === 'csv' ? 'TEXT_CSV' : 'APPLICATION_X_NDJSON';
}

/** CSV is documented for USER_SEGMENT only; everything else is NDJSON. */
export function allowedMimeTypes(documentType: string): MimeType[] {
	return documentType === 'USER_SEGMENT'
		? ['APPLICATION_X_NDJSON', 'TEXT_CSV']
		: ['APPLICATION_X_NDJSON'];
}

/** A sentence saying why this pair is not allowed, or undefined when it is. */
export function mimeTypeProblem(documentType: string, mimeType: string): string | undefined {
	if (!isMimeType(mimeType)) {
		return `Unknown mime type "${mimeType}": use APPLICATION_X_NDJSON or TEXT_CSV.`;
	}
	const allowed = allowedMimeTypes(documentType);
	if (allowed.includes(mimeType)) return undefined;
	return (
		`${documentType} imports accept ${allowed.join(' or ')} only; ` +
		`${mimeType} is allowed for USER_SEGMENT imports alone.`
	);
}

/** Execution statuses seen in the platform's code. */
export const EXECUTION_STATUSES = [
	'PENDING',
	'SCHEDULED',
	'WAITING_DEPENDENT_JOB',
	'RUNNING',
	'SUCCEEDED',
	'SUCCESS',
	'FAILED',
	'CANCELED',
	'EXECUTOR_NOT_RESPONDING',
	'LOST',
] as const;

export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Statuses after which an execution never changes again. */
export const TERMINAL_STATUSES: readonly ExecutionStatus[] = [
	'SUCCEEDED',
	'SUCCESS',
	'FAILED',
	'CANCELED',
	'EXECUTOR_NOT_RESPONDING',
	'LOST',
];

/** Statuses that mean the file was processed (possibly with failed lines). */
export const SUCCESS_STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'SUCCESS'];

export function isTerminal(status: string): boolean {
	return (TERMINAL_STATUSES as readonly string[]).includes(status);
}
