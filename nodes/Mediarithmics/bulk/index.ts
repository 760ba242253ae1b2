/**
 * The bulk-file domain: document-type rules, line validation, NDJSON and CSV
 * encoding, and the streaming split of large inputs into parts. Free of n8n
 * types so the node, the trigger and the tests share it as plain code.
 */
export * from './rules/documentTypes';
export { validateLine } from './rules/lineRules';
export { checkNdjsonLine, checkCsvRecord, parseCsvHeader, csvRecordToSegmentCommand } from './rules/checkLine';
export type { CsvHeader } from './rules/checkLine';
export { parseCsvFields } from './encoding/csvParse';
export type { CsvFieldsResult } from './encoding/csvParse';
export { encodeCsvRow, segmentCommandToCsvRow } from './encoding/csv';
export type { CsvCell } from './encoding/csv';
export { SEGMENT_CSV_COLUMNS, segmentCsvColumnsProblem } from './rules/segmentCsvColumns';
export type { SegmentCsvColumn } from './rules/segmentCsvColumns';
export { stringifyFaithfully } from './encoding/ndjson';
export { asBuffer } from './split/lineReader';
export { planParts, readParts } from './split/twoPass/splitter';
export type { Part, ReadPartsOptions } from './split/twoPass/splitter';
export { encodeItemParts, UnwritableLine } from './split/items/itemParts';
export type { ItemSplitOptions, ItemValues } from './split/items/itemParts';
export { checkInputStart, OnePassProgress, streamParts } from './split/onePass/onePassSplit';
export type { StreamedPart } from './split/onePass/onePassSplit';
export { invalidLinesError, withoutSkipAdvice, DEFAULT_MAX_REPORTED_ERRORS } from './split/partPlan';
export type { SplitOptions, PartPlan, PlannedPart, InvalidLinesPolicy } from './split/partPlan';
export { hashEmail, normaliseEmail, DEFAULT_EMAIL_HASH_OPTIONS } from './encoding/emailHash';
export { jsonString } from './encoding/jsonText';
export type { EmailHashOptions, EmailHashAlgorithm, EmailNormalisation } from './encoding/emailHash';
export { BulkInputError, EncodingError, InputChangedError } from './errors';
export type { InvalidLine } from './errors';
export { formatBytes } from './format';
export { isUtf8 } from './encoding/utf8';
export { FileRecordReader } from './split/records/fileRecords';
export type { FileRecord, RecordFormat, RecordView, RecordViewSink } from './split/records/fileRecords';
export { planRecordParts, readRecordParts } from './split/records/recordParts';
export type { MappedRecord, MappedRecordSink, RecordInput } from './split/records/recordParts';
// The segment mirror's domain (docs/mirror.md).
export * from './mirror';
