// Validation of document import bodies (create and update). Messages name the
// field and the allowed values, as a user fixing a request needs.

import { badRequest } from './apiError';
import {
  DOCUMENT_TYPES,
  MIME_TYPES,
  PRIORITIES,
  type Datamart,
  type DocumentImport,
  type DocumentType,
  type MimeType,
  type Priority,
} from './types';

const WRITABLE_FIELDS = [
  'document_type',
  'mime_type',
  'encoding',
  'name',
  'priority',
  'use_processing_pipeline',
  'shuffle_lines',
] as const;

/**
 * Fields the API itself sets. A client that sends back an object it read
 * (a common way to PUT) may carry them: they are ignored, not refused.
 */
const READ_ONLY_FIELDS = ['id', 'datafarm_key', 'datamart_id'];

type WritableFields = Partial<Record<(typeof WRITABLE_FIELDS)[number], unknown>>;

/**
 * The documented curl examples send the import object as the body, the
 * reference tables describe a `data` field: accept both shapes.
 */
export function documentImportFieldsOf(body: unknown): WritableFields {
  if (!isPlainObject(body)) throw badRequest('The request body must be a JSON object describing the document import');
  const keys = Object.keys(body);
  const fields = keys.length === 1 && keys[0] === 'data' && isPlainObject(body.data) ? body.data : body;
  // Unknown fields are refused rather than ignored so that a misspelt option
  // (shuffleLines, mimeType...) shows up in tests instead of being lost.
  for (const key of Object.keys(fields)) {
    if (!(WRITABLE_FIELDS as readonly string[]).includes(key) && !READ_ONLY_FIELDS.includes(key)) {
      throw badRequest(`Unknown field '${key}': allowed fields are ${WRITABLE_FIELDS.join(', ')}`);
    }
  }
  return fields as WritableFields;
}

export function newDocumentImport(fields: WritableFields, id: string, datamart: Datamart): DocumentImport {
  if (fields.document_type === undefined) throw missing('document_type', DOCUMENT_TYPES);
  if (fields.mime_type === undefined) throw missing('mime_type', MIME_TYPES);
  if (fields.name === undefined) throw badRequest("Missing field 'name': a non-empty string is required");
  return checkedDocumentImport({
    id,
    datafarm_key: datamart.datafarm,
    datamart_id: datamart.id,
    document_type: enumValue('document_type', fields.document_type, DOCUMENT_TYPES),
    mime_type: enumValue('mime_type', fields.mime_type, MIME_TYPES),
    encoding: encodingValue(fields.encoding ?? 'utf-8'),
    name: nameValue(fields.name),
    priority: enumValue('priority', fields.priority ?? 'MEDIUM', PRIORITIES),
    use_processing_pipeline: booleanValue('use_processing_pipeline', fields.use_processing_pipeline ?? false),
    shuffle_lines: booleanValue('shuffle_lines', fields.shuffle_lines ?? true),
  });
}

/** PUT changes only the given fields; what a file means may not change once files were sent. */
export function updatedDocumentImport(
  existing: DocumentImport,
  fields: WritableFields,
  hasExecutions: boolean,
): DocumentImport {
  const updated: DocumentImport = {
    ...existing,
    document_type:
      fields.document_type === undefined
        ? existing.document_type
        : enumValue<DocumentType>('document_type', fields.document_type, DOCUMENT_TYPES),
    mime_type:
      fields.mime_type === undefined ? existing.mime_type : enumValue<MimeType>('mime_type', fields.mime_type, MIME_TYPES),
    encoding: fields.encoding === undefined ? existing.encoding : encodingValue(fields.encoding),
    name: fields.name === undefined ? existing.name : nameValue(fields.name),
    priority: fields.priority === undefined ? existing.priority : enumValue<Priority>('priority', fields.priority, PRIORITIES),
    use_processing_pipeline:
      fields.use_processing_pipeline === undefined
        ? existing.use_processing_pipeline
        : booleanValue('use_processing_pipeline', fields.use_processing_pipeline),
    shuffle_lines:
      fields.shuffle_lines === undefined ? existing.shuffle_lines : booleanValue('shuffle_lines', fields.shuffle_lines),
  };
  if (hasExecutions) {
    for (const field of ['document_type', 'mime_type'] as const) {
      if (updated[field] !== existing[field]) {
        throw badRequest(
          `Field '${field}' cannot change from ${existing[field]} to ${updated[field]}: document import ${existing.id} already has executions (create a new document import instead)`,
          'DOCUMENT_IMPORT_HAS_EXECUTIONS',
        );
      }
    }
  }
  return checkedDocumentImport(updated);
}

function checkedDocumentImport(documentImport: DocumentImport): DocumentImport {
  if (documentImport.mime_type === 'TEXT_CSV' && documentImport.document_type !== 'USER_SEGMENT') {
    throw badRequest(
      `mime_type TEXT_CSV is only allowed for document_type USER_SEGMENT; use APPLICATION_X_NDJSON for ${documentImport.document_type}`,
    );
  }
  return documentImport;
}

export function enumValue<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw badRequest(`Invalid value ${JSON.stringify(value)} for '${field}': allowed values are ${allowed.join(', ')}`);
}

function missing(field: string, allowed: readonly string[]) {
  return badRequest(`Missing field '${field}': allowed values are ${allowed.join(', ')}`);
}

function encodingValue(value: unknown): string {
  if (typeof value === 'string' && value.toLowerCase() === 'utf-8') return 'utf-8';
  throw badRequest(`Invalid value ${JSON.stringify(value)} for 'encoding': the only supported encoding is utf-8`);
}

function nameValue(value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw badRequest(`Invalid value ${JSON.stringify(value)} for 'name': a non-empty string is required`);
}

function booleanValue(field: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw badRequest(`Invalid value ${JSON.stringify(value)} for '${field}': allowed values are true, false`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
