/**
 * The bulk-file domain: document-type rules, line validation, NDJSON and CSV
 * encoding, and the streaming split of large inputs into parts. Free of n8n
 * types so the node, the trigger and the tests share it as plain code.
 */
export * from './documentTypes';
export { validateLine } from './lineRules';
export { checkNdjsonLine, checkCsvRecord, parseCsvHeader, csvRecordToSegmentCommand } from './checkLine';
export type { CsvHeader } from './checkLine';
export { parseCsvFields } from './csvParse';
export type { CsvFieldsResult } from './csvParse';
export { encodeCsvCell, encodeCsvRow, segmentCsvHeader, segmentCommandToCsvRow } from './csv';
export type { CsvCell } from './csv';
export { SEGMENT_CSV_COLUMNS, segmentCsvColumnsProblem } from './segmentCsvColumns';
export type { SegmentCsvColumn } from './segmentCsvColumns';
export { encodeNdjsonLine, stringifyFaithfully } from './ndjson';
export { readLines, asBuffer } from './lineReader';
export type { Line, ReadLinesOptions } from './lineReader';
export { planParts, readParts } from './splitter';
export type { Part, ReadPartsOptions } from './splitter';
export { encodeItemParts, planItemParts, encodeItemsToParts } from './itemParts';
export type { ItemSplitOptions, ItemValues, EncodeItemsOptions } from './itemParts';
export { invalidLinesError, DEFAULT_MAX_REPORTED_ERRORS } from './partPlan';
export type { SplitOptions, PartPlan, PlannedPart, InvalidLinesPolicy } from './partPlan';
export { hashEmail, normaliseEmail, DEFAULT_EMAIL_HASH_OPTIONS } from './emailHash';
export type { EmailHashOptions, EmailHashAlgorithm, EmailNormalisation } from './emailHash';
export { BulkInputError, EncodingError, InputChangedError } from './errors';
export type { InvalidLine } from './errors';
export { formatBytes } from './format';
export { isUtf8 } from './utf8';
