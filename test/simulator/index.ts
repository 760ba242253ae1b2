// The simulator's public API (see server.ts for what each part does).

export {
  DEFAULT_TOKEN,
  startSimulator,
  type FinishOutcome,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStateView,
  type TerminalStatus,
} from './server';
export { FaultInjector, type ActiveFault, type DropMoment, type FaultSpec } from './faults';
export type { AuthorizationOutcome, RequestLogEntry } from './requestLog';
export { lineFailure } from './lineRules';
export type { Membership, SegmentMember } from './segmentMembership';
export { CSV_COLUMNS } from './upload/csvChecker';
export { ERROR_FILE_HEADER } from './upload/errorFile';
export {
  CONTENT_TYPE_OF_MIME_TYPE,
  DOCUMENT_TYPES,
  EXECUTION_STATUSES,
  MIME_TYPES,
  PRIORITIES,
  TERMINAL_EXECUTION_STATUSES,
  type DocumentImport,
  type DocumentType,
  type ExecutionStatus,
  type MimeType,
  type Priority,
} from './types';
