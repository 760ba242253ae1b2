// Executions: one per uploaded file.
// /v1/datamarts/:datamartId/document_imports/:importId/executions[/:executionId[/action]]

import { randomBytes, randomInt } from 'crypto';
import { rm } from 'fs/promises';
import { join } from 'path';
import { ApiError, badRequest } from '../apiError';
import type { RouteContext } from '../context';
import { enumValue, isPlainObject } from '../documentImportRules';
import { canceledPhase, phaseAt } from '../executionLifecycle';
import { executionJson, executionJsonAt } from '../executionJson';
import { listEnvelope, pageRequestOf } from '../pagination';
import { mediaTypeOf } from '../requestBody';
import { route } from '../router';
import { CONTENT_TYPE_OF_MIME_TYPE, EXECUTION_STATUSES, type ExecutionRecord } from '../types';
import { receiveUpload } from '../upload/receiveUpload';
import { datamartOf, documentImportOf, executionOf, renderExecution } from './lookups';

const COLLECTION = '/v1/datamarts/:datamartId/document_imports/:importId/executions';
const ONE = `${COLLECTION}/:executionId`;

/** POST: the raw body is the file. It is streamed to disk and checked line by line. */
async function createExecution(context: RouteContext): Promise<void> {
  const datamart = datamartOf(context);
  const documentImport = documentImportOf(context);
  checkUploadContentType(context, documentImport.id, documentImport.mime_type);
  const { core } = context;
  const id = core.state.allocateExecutionId();
  const extension = documentImport.mime_type === 'TEXT_CSV' ? 'csv' : 'ndjson';
  const filePath = join(core.storeDir, `execution-${id}-input.${extension}`);
  const errorFilePath = join(core.storeDir, `execution-${id}-errors.csv`);
  const upload = await receiveUpload(context.body.stream(), {
    filePath,
    errorFilePath,
    documentType: documentImport.document_type,
    mimeType: documentImport.mime_type,
    checkLines: core.checkLines,
  });
  if (upload.numberOfRecords === 0) {
    await Promise.all([rm(filePath, { force: true }), rm(errorFilePath, { force: true })]);
    throw badRequest(
      upload.bytesReceived === 0
        ? 'The request body is empty: send the file as the raw request body'
        : 'The file holds no record (only blank lines, or only a CSV header)',
      'EMPTY_FILE',
    );
  }
  const creationDate = core.now();
  const inputFileName = `requestBody${randomInt(1e9, 1e10 - 1)}${randomInt(1e9, 1e10 - 1)}asRaw`;
  const fileBase = `mics://data_file/tenants/${datamart.organisation_id}/datamarts/${datamart.id}/document_imports/${documentImport.id}/${inputFileName}-${fileTimestamp(creationDate)}-${randomSuffix()}`;
  const execution: ExecutionRecord = {
    id,
    datamartId: datamart.id,
    documentImportId: documentImport.id,
    organisationId: datamart.organisation_id,
    documentType: documentImport.document_type,
    mimeType: documentImport.mime_type,
    creationDate,
    inputFileName,
    inputFileUri: `${fileBase}.${documentImport.mime_type === 'TEXT_CSV' ? 'csv' : 'json'}`,
    errorFileUri: `${fileBase}_errors.csv`,
    storedFilePath: filePath,
    errorFilePath,
    contentType: String(context.req.headers['content-type']),
    upload,
  };
  core.state.saveExecution(execution);
  // The documented answer to an upload (bulk-processing.md, sending-documents.md): the execution at PENDING,
  // whatever the clock says next, with `parameters: null` (the platform has not read the file yet).
  context.reply.ok(executionJson(execution, { status: 'PENDING', startDate: null, endDate: null, cancelStatus: null }, false));
}

/** The Content-Type must match the import's mime type; parameters such as charset=utf-8 are fine. */
function checkUploadContentType(context: RouteContext, importId: string, mimeType: keyof typeof CONTENT_TYPE_OF_MIME_TYPE): void {
  const header = context.req.headers['content-type'];
  const expected = CONTENT_TYPE_OF_MIME_TYPE[mimeType];
  const received = mediaTypeOf(header);
  if (received !== expected) {
    throw new ApiError(
      415,
      `Unsupported Content-Type '${received || '(none)'}': document import ${importId} has mime_type ${mimeType}, so the file must be sent as ${expected}`,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  }
  const charset = /;\s*charset="?([^";]+)"?/i.exec(header ?? '')?.[1];
  if (charset && !['utf-8', 'utf8'].includes(charset.toLowerCase())) {
    throw new ApiError(415, `Unsupported charset '${charset}': files must be utf-8`, 'UNSUPPORTED_MEDIA_TYPE');
  }
}

/**
 * Newest first (id descending), as in the docs' list example (11597785 of
 * 2020-12-31 before 11170897 of 2020-10-19); it puts the executions a person
 * is waiting for on the first page. `executionListOrder: 'oldest-first'`
 * reverses it, for tests of clients that must not rely on the order.
 */
function listExecutions(context: RouteContext): void {
  const documentImport = documentImportOf(context);
  const { core, query } = context;
  const page = pageRequestOf(query, core.maxPageSize);
  const statuses = (query.get('status') ?? '')
    .split(',')
    .map((status) => status.trim())
    .filter((status) => status !== '')
    .map((status) => enumValue('status', status, EXECUTION_STATUSES));
  const now = core.now();
  const oldestFirst = core.state.executionsOf(documentImport.id);
  const rendered = (core.executionListOrder === 'oldest-first' ? oldestFirst : oldestFirst.reverse())
    .map((execution) => executionJsonAt(execution, now, core.timing))
    .filter((execution) => statuses.length === 0 || statuses.includes(execution.status as (typeof statuses)[number]));
  context.reply.json(200, listEnvelope(rendered, page));
}

function getExecution(context: RouteContext): void {
  context.reply.ok(renderExecution(context.core, executionOf(context)));
}

/** The only action is CANCEL, and it only works while the execution is PENDING (documented). */
async function actOnExecution(context: RouteContext): Promise<void> {
  const execution = executionOf(context);
  const body = await context.body.json();
  const action = isPlainObject(body) ? body.action : undefined;
  if (action !== 'CANCEL') {
    throw badRequest(`Invalid action ${JSON.stringify(action ?? null)}: the only supported action is CANCEL (body {"action":"CANCEL"})`);
  }
  const { core } = context;
  const now = core.now();
  const current = phaseAt(execution, now, core.timing);
  if (current.status !== 'PENDING') {
    // Not documented: the simulator refuses with 400 and a dedicated code.
    throw badRequest(
      `Execution ${execution.id} is ${current.status}: only PENDING executions can be canceled`,
      'EXECUTION_NOT_CANCELABLE',
    );
  }
  execution.override = canceledPhase(now);
  context.reply.ok(renderExecution(core, execution));
}

/** "2020-12-31_10.22.23", as in the documented file uris. */
function fileTimestamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)}_${iso.slice(11, 19).replace(/:/g, '.')}`;
}

function randomSuffix(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export const executionRoutes = [
  route('POST', COLLECTION, createExecution),
  route('GET', COLLECTION, listExecutions),
  route('GET', ONE, getExecution),
  route('POST', `${ONE}/action`, actOnExecution),
];
