// Finding the resources a path names, with 404 messages that say exactly
// what was not found where.

import { notFound } from '../apiError';
import type { RouteContext, SimulatorCore } from '../context';
import { executionJsonAt } from '../executionJson';
import type { Datamart, DocumentImport, ExecutionRecord } from '../types';

export function datamartOf({ core, params }: RouteContext): Datamart {
  const datamart = core.state.datamart(params.datamartId);
  if (!datamart) throw notFound(`Datamart ${params.datamartId} not found (or not visible with this API token)`);
  return datamart;
}

export function documentImportOf(context: RouteContext): DocumentImport {
  const datamart = datamartOf(context);
  const { importId } = context.params;
  const documentImport = context.core.state.documentImport(importId);
  if (!documentImport || documentImport.datamart_id !== datamart.id) {
    throw notFound(`Document import ${importId} not found in datamart ${datamart.id}`);
  }
  return documentImport;
}

export function executionOf(context: RouteContext): ExecutionRecord {
  const documentImport = documentImportOf(context);
  const { executionId } = context.params;
  const execution = context.core.state.execution(executionId);
  if (!execution || execution.documentImportId !== documentImport.id) {
    throw notFound(`Execution ${executionId} not found in document import ${documentImport.id}`);
  }
  return execution;
}

/** The execution as the API answers it right now (its status and parameters follow the clock). */
export function renderExecution(core: SimulatorCore, execution: ExecutionRecord): Record<string, unknown> {
  return executionJsonAt(execution, core.now(), core.timing);
}

