// An execution as the API answers it, in the shape of the documented examples
// (bulk-processing.md: create, list, get, cancel). `parameters` is null until
// the platform has read the file (the create and cancel examples), then filled
// (the list and get examples; sending-documents.md's get example shows it
// filled while still PENDING): see LifecycleTiming.fileReadMs.

import { fileReadBy, isSuccessful, isTerminal, phaseAt, type LifecycleTiming } from './executionLifecycle';
import type { ExecutionRecord, StatusOverride } from './types';

/** The execution as the API answers it at `now` (status and parameters follow the clock). */
export function executionJsonAt(execution: ExecutionRecord, now: number, timing: LifecycleTiming): Record<string, unknown> {
  const phase = phaseAt(execution, now, timing);
  return executionJson(execution, phase, fileReadBy(execution, phase, now, timing));
}

export function executionJson(execution: ExecutionRecord, phase: StatusOverride, fileRead: boolean): Record<string, unknown> {
  const { upload } = execution;
  const succeeded = isSuccessful(phase.status);
  const finished = isTerminal(phase.status);
  const duration = phase.startDate !== null && phase.endDate !== null ? phase.endDate - phase.startDate : null;
  return {
    parameters: fileRead ? {
      // Numbers, not strings, as in the documented examples (the rest of the
      // API uses digit strings for ids): a client must cope with both.
      datamart_id: Number(execution.datamartId),
      document_import_id: Number(execution.documentImportId),
      mime_type: execution.mimeType,
      document_type: execution.documentType,
      input_file_name: execution.inputFileName,
      file_uri: execution.inputFileUri,
      number_of_lines: upload.numberOfRecords,
      segment_id: null,
    } : null,
    result: succeeded
      ? {
          total_success: upload.totalSuccess,
          total_failure: upload.totalFailure,
          input_file_name: execution.inputFileName,
          input_file_uri: execution.inputFileUri,
          error_file_uri: execution.errorFileUri,
          possible_issue_on_identifiers: false,
          top_identifiers: {},
        }
      : null,
    error: errorOf(execution, phase),
    id: execution.id,
    status: phase.status,
    creation_date: execution.creationDate,
    start_date: phase.startDate,
    duration,
    organisation_id: execution.organisationId,
    community_id: execution.organisationId,
    user_id: null,
    cancel_status: phase.cancelStatus,
    debug: null,
    is_retryable: false,
    permalink_uri: Buffer.from(`1:0:0:${execution.id}`).toString('base64'),
    num_tasks: finished && succeeded ? upload.numberOfRecords : null,
    completed_tasks: finished && succeeded ? upload.totalSuccess : null,
    erroneous_tasks: finished && succeeded ? upload.totalFailure : null,
    retry_count: 0,
    job_type: 'DOCUMENT_IMPORT',
    import_mode: 'MANUAL_FILE',
    import_type: null,
    end_date: phase.endDate,
  };
}

/**
 * A finished import whose lines all (or partly) failed is still SUCCEEDED, as
 * in the documented example "0 success, 4 failures": the failures are told in
 * result.total_failure and error.message, not by the status.
 */
function errorOf(execution: ExecutionRecord, phase: StatusOverride): { message: string } | null {
  if (phase.errorMessage) return { message: phase.errorMessage };
  const { upload } = execution;
  if (!isSuccessful(phase.status) || upload.totalFailure === 0) return null;
  const reasons = upload.firstFailureReasons.map((reason) => `${reason}\n`).join('');
  return { message: `${upload.totalSuccess} success, ${upload.totalFailure} failures\nSaved errors:\n${reasons}` };
}
