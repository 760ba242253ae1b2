// Where an execution is in its life, computed lazily from the clock at each
// request: PENDING for pendingMs after creation, RUNNING for runningMs, then
// SUCCEEDED. Nothing runs in the background, so a test with a controllable
// clock sees exactly the status it set up. A status set by hand (or a cancel)
// freezes the execution at that status, overriding the clock.

import {
  SUCCESSFUL_EXECUTION_STATUSES,
  TERMINAL_EXECUTION_STATUSES,
  type ExecutionRecord,
  type ExecutionStatus,
  type StatusOverride,
} from './types';

export interface LifecycleTiming {
  /** How long an execution stays PENDING; Infinity = until a test moves it. */
  pendingMs: number;
  /** How long it then stays RUNNING. */
  runningMs: number;
  /**
   * How long after its creation the platform takes to read the file: until
   * then `parameters` is null (as in the docs' create answer), afterwards it is
   * filled, PENDING or not (as in the docs' get example). Infinity = not before
   * the execution starts running.
   */
  fileReadMs: number;
}

/** Statuses of an execution that has not started yet. */
const NOT_STARTED: readonly ExecutionStatus[] = ['PENDING', 'SCHEDULED', 'WAITING_DEPENDENT_JOB'];

export function phaseAt(execution: ExecutionRecord, now: number, timing: LifecycleTiming): StatusOverride {
  if (execution.override) return execution.override;
  const startDate = execution.creationDate + timing.pendingMs;
  const endDate = startDate + timing.runningMs;
  if (now < startDate) return { status: 'PENDING', startDate: null, endDate: null, cancelStatus: null };
  if (now < endDate) return { status: 'RUNNING', startDate, endDate: null, cancelStatus: null };
  return { status: 'SUCCEEDED', startDate, endDate, cancelStatus: null };
}

/**
 * Whether the platform has read the file by `now` (parameters filled): once
 * the execution started, or fileReadMs after its creation; a canceled one
 * only if that was before it was canceled.
 */
export function fileReadBy(execution: ExecutionRecord, phase: StatusOverride, now: number, timing: LifecycleTiming): boolean {
  if (phase.startDate !== null) return true;
  const until = TERMINAL_EXECUTION_STATUSES.includes(phase.status) && phase.endDate !== null ? Math.min(now, phase.endDate) : now;
  return until >= execution.creationDate + timing.fileReadMs;
}

/** The phase after a test sets `status` at `now`: dates stay consistent with what came before. */
export function phaseSetByHand(
  current: StatusOverride,
  status: ExecutionStatus,
  now: number,
  errorMessage?: string,
): StatusOverride {
  const notStarted = NOT_STARTED.includes(status);
  const terminal = TERMINAL_EXECUTION_STATUSES.includes(status);
  const wasTerminal = TERMINAL_EXECUTION_STATUSES.includes(current.status);
  // A canceled execution that never ran keeps no start date.
  const neverRan = status === 'CANCELED' && current.startDate === null;
  return {
    status,
    startDate: notStarted || neverRan ? null : (current.startDate ?? now),
    endDate: terminal ? (wasTerminal && current.endDate !== null ? current.endDate : now) : null,
    cancelStatus: notStarted ? null : current.cancelStatus,
    errorMessage: errorMessage ?? defaultErrorMessage(status),
  };
}

/** The documented cancel: only a PENDING execution can be canceled. */
export function canceledPhase(now: number): StatusOverride {
  return { status: 'CANCELED', startDate: null, endDate: now, cancelStatus: 'REQUESTED' };
}

export const isSuccessful = (status: ExecutionStatus): boolean => SUCCESSFUL_EXECUTION_STATUSES.includes(status);
export const isTerminal = (status: ExecutionStatus): boolean => TERMINAL_EXECUTION_STATUSES.includes(status);

function defaultErrorMessage(status: ExecutionStatus): string | undefined {
  if (status === 'FAILED') return 'The import failed (status set by the simulator)';
  if (status === 'LOST' || status === 'EXECUTOR_NOT_RESPONDING') return `The executor was lost (${status}, set by the simulator)`;
  return undefined;
}
