// The vocabulary of the simulated mediarithmics API: enums and the records the
// simulator keeps. Values come from /work/shared/mediarithmics-api/.

/** Document types whose lines the simulator validates (documented line formats). */
export const VALIDATED_DOCUMENT_TYPES = [
  'USER_ACTIVITY',
  'USER_SEGMENT',
  'USER_PROFILE',
  'USER_CHOICE',
  'USER_IDENTIFIERS_DELETION',
  'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS',
] as const;

/**
 * Types the platform's code knows but whose line format is not documented:
 * accepted on document imports, their lines are counted but never validated.
 */
export const UNVALIDATED_DOCUMENT_TYPES = [
  'USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS',
  'USER_DEVICE_POINTS_DELETION',
  'USER_POINTS_DELETION',
] as const;

export const DOCUMENT_TYPES = [...VALIDATED_DOCUMENT_TYPES, ...UNVALIDATED_DOCUMENT_TYPES] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const MIME_TYPES = ['APPLICATION_X_NDJSON', 'TEXT_CSV'] as const;
export type MimeType = (typeof MIME_TYPES)[number];

/** The Content-Type an upload must carry for each import mime type. */
export const CONTENT_TYPE_OF_MIME_TYPE: Record<MimeType, string> = {
  APPLICATION_X_NDJSON: 'application/x-ndjson',
  TEXT_CSV: 'text/csv',
};

export const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Every status seen in the platform's code (README "Executions"). */
export const EXECUTION_STATUSES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'SUCCESS',
  'FAILED',
  'CANCELED',
  'EXECUTOR_NOT_RESPONDING',
  'LOST',
  'SCHEDULED',
  'WAITING_DEPENDENT_JOB',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  'SUCCEEDED',
  'SUCCESS',
  'FAILED',
  'CANCELED',
  'EXECUTOR_NOT_RESPONDING',
  'LOST',
];

/** Statuses that carry a `result` (the file was imported, possibly with failed lines). */
export const SUCCESSFUL_EXECUTION_STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'SUCCESS'];

export interface Datamart {
  id: string;
  name: string;
  organisation_id: string;
  token: string;
  creation_date: number;
  time_zone: string;
  type: string;
  datafarm: string;
}

export interface Workspace {
  organisation_id: string;
  organisation_name: string;
  community_id: string;
  administrator: boolean;
  role: string;
  datamarts: Datamart[];
}

export interface ConnectedUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  locale: string;
  default_workspace: string;
  workspaces: Workspace[];
}

/** A document import exactly as the API answers it. */
export interface DocumentImport {
  id: string;
  datafarm_key: string;
  datamart_id: string;
  document_type: DocumentType;
  mime_type: MimeType;
  encoding: string;
  name: string;
  priority: Priority;
  use_processing_pipeline: boolean;
  shuffle_lines: boolean;
}

/** What the simulator learnt while receiving and checking an uploaded file. */
export interface UploadSummary {
  bytesReceived: number;
  /** Records in the file: blank lines and a CSV header are not records. */
  numberOfRecords: number;
  totalSuccess: number;
  totalFailure: number;
  /** The first reasons of failure, already formatted ("Line 3: ..."), for `error.message`. */
  firstFailureReasons: string[];
}

/**
 * Where an execution stands: computed from the clock, or frozen when a test
 * moved it by hand or the API canceled it.
 */
export interface StatusOverride {
  status: ExecutionStatus;
  startDate: number | null;
  endDate: number | null;
  cancelStatus: string | null;
  /** For FAILED-like statuses set by hand: the execution's error.message. */
  errorMessage?: string;
}

/** What the simulator keeps about one execution; rendered lazily at each request. */
export interface ExecutionRecord {
  id: string;
  datamartId: string;
  documentImportId: string;
  organisationId: string;
  documentType: DocumentType;
  mimeType: MimeType;
  creationDate: number;
  inputFileName: string;
  inputFileUri: string;
  errorFileUri: string;
  storedFilePath: string;
  errorFilePath: string;
  contentType: string;
  upload: UploadSummary;
  override?: StatusOverride;
}
