// /__simulator/...: the simulator's own control surface, for tests and tools
// running in another process (e2e, benchmarks). No Authorization needed, and
// nothing here ever shows the API token.

import { badRequest } from '../apiError';
import type { RouteContext } from '../context';
import { enumValue, isPlainObject } from '../documentImportRules';
import { faultSpecFromJson, type ActiveFault } from '../faults';
import { route } from '../router';
import { EXECUTION_STATUSES } from '../types';
import { renderExecution } from './lookups';

function stateSnapshot({ core, query, reply }: RouteContext): void {
  reply.ok({
    document_imports: core.state.documentImports(),
    executions: core.state.executions().map((execution) => renderExecution(core, execution)),
    faults: core.faults.list().map(faultJson),
    request_count: core.requests.length,
    // The request log can be long (benchmarks): only on demand.
    ...(query.get('requests') === 'true' ? { requests: core.requests } : {}),
  });
}

async function injectFault({ core, body, reply }: RouteContext): Promise<void> {
  const fault = core.faults.inject(faultSpecFromJson(await body.json()));
  reply.ok(faultJson(fault));
}

function clearFaults({ core, reply }: RouteContext): void {
  core.faults.clear();
  reply.ok();
}

async function setExecutionStatus({ core, body, params, reply }: RouteContext): Promise<void> {
  const request = await body.json();
  if (!isPlainObject(request)) throw badRequest('Expected a JSON object {status, error_message?}');
  const status = enumValue('status', request.status, EXECUTION_STATUSES);
  const errorMessage = request.error_message;
  if (errorMessage !== undefined && typeof errorMessage !== 'string') throw badRequest('error_message must be a string');
  core.setExecutionStatus(params.executionId, status, errorMessage);
  const execution = core.state.execution(params.executionId);
  reply.ok(execution ? renderExecution(core, execution) : undefined);
}

function reset({ core, reply }: RouteContext): void {
  core.reset();
  reply.ok();
}

function faultJson(fault: ActiveFault): Record<string, unknown> {
  // RegExp.source escapes "/" as "\/": show the pattern as it was written.
  return { ...fault, path: typeof fault.path === 'string' ? fault.path : fault.path.source.replace(/\\\//g, '/') };
}

export const controlRoutes = [
  route('GET', '/__simulator/state', stateSnapshot, false),
  route('POST', '/__simulator/faults', injectFault, false),
  route('DELETE', '/__simulator/faults', clearFaults, false),
  route('POST', '/__simulator/executions/:executionId/status', setExecutionStatus, false),
  route('POST', '/__simulator/reset', reset, false),
];
