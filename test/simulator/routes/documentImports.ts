// Document imports: /v1/datamarts/:datamartId/document_imports[/:importId]

import { badRequest } from '../apiError';
import type { RouteContext } from '../context';
import { documentImportFieldsOf, enumValue, newDocumentImport, updatedDocumentImport } from '../documentImportRules';
import { listEnvelope, pageRequestOf } from '../pagination';
import { route } from '../router';
import { byNumericId } from '../state';
import { DOCUMENT_TYPES, MIME_TYPES, type DocumentImport } from '../types';
import { datamartOf, documentImportOf } from './lookups';

const COLLECTION = '/v1/datamarts/:datamartId/document_imports';
const ONE = `${COLLECTION}/:importId`;

async function createDocumentImport(context: RouteContext): Promise<void> {
  const datamart = datamartOf(context);
  const fields = documentImportFieldsOf(await context.body.json());
  const { state } = context.core;
  // Validate before allocating, so a refused request leaves no gap in ids.
  const documentImport = newDocumentImport(fields, 'pending', datamart);
  documentImport.id = state.allocateDocumentImportId();
  state.saveDocumentImport(documentImport);
  context.reply.ok(documentImport);
}

function listDocumentImports(context: RouteContext): void {
  const datamart = datamartOf(context);
  const { query, core } = context;
  const page = pageRequestOf(query, core.maxPageSize);
  const matching = core.state
    .documentImports()
    .filter((documentImport) => documentImport.datamart_id === datamart.id)
    .filter(documentImportFilterOf(query))
    .sort(orderOf(query));
  context.reply.json(200, listEnvelope(matching, page));
}

/** keywords: case-sensitive substring of the name; mime_type; document_types: comma separated. */
function documentImportFilterOf(query: URLSearchParams): (documentImport: DocumentImport) => boolean {
  const keywords = query.get('keywords') ?? '';
  const mimeTypeText = query.get('mime_type');
  const mimeType = mimeTypeText ? enumValue('mime_type', mimeTypeText, MIME_TYPES) : undefined;
  const documentTypes = (query.get('document_types') ?? '')
    .split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '')
    .map((type) => enumValue('document_types', type, DOCUMENT_TYPES));
  return (documentImport) =>
    documentImport.name.includes(keywords) &&
    (mimeType === undefined || documentImport.mime_type === mimeType) &&
    (documentTypes.length === 0 || documentTypes.includes(documentImport.document_type));
}

/** Ordered by id (numerically) unless order_by=name; equal names keep id order. */
function orderOf(query: URLSearchParams): (a: DocumentImport, b: DocumentImport) => number {
  const orderBy = query.get('order_by') ?? 'id';
  if (orderBy === 'id') return byNumericId;
  if (orderBy === 'name') return (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byNumericId(a, b));
  throw badRequest(`Invalid value '${orderBy}' for query parameter 'order_by': allowed values are id, name`);
}

function getDocumentImport(context: RouteContext): void {
  context.reply.ok(documentImportOf(context));
}

async function updateDocumentImport(context: RouteContext): Promise<void> {
  const existing = documentImportOf(context);
  const fields = documentImportFieldsOf(await context.body.json());
  const { state } = context.core;
  const updated = updatedDocumentImport(existing, fields, state.executionsOf(existing.id).length > 0);
  state.saveDocumentImport(updated);
  context.reply.ok(updated);
}

/**
 * DELETE answers {status:"ok"} without data (the docs give no response body).
 * The import's executions and their files go with it: later GETs answer 404.
 */
function deleteDocumentImport(context: RouteContext): void {
  const documentImport = documentImportOf(context);
  context.core.state.deleteDocumentImport(documentImport.id);
  context.reply.ok();
}

export const documentImportRoutes = [
  route('POST', COLLECTION, createDocumentImport),
  route('GET', COLLECTION, listDocumentImports),
  route('GET', ONE, getDocumentImport),
  route('PUT', ONE, updateDocumentImport),
  route('DELETE', ONE, deleteDocumentImport),
];
