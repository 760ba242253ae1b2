// The simulator's memory: the connected user and its datamarts (the seed),
// the document imports and executions created through the API, and where
// each received file lives. reset() brings it back to the seed.

import type { ConnectedUser, Datamart, DocumentImport, ExecutionRecord } from './types';

const FIRST_DOCUMENT_IMPORT_ID = 20001;
const FIRST_EXECUTION_ID = 11600001;

function seedDatamart(id: string, name: string, organisationId: string, datafarm: string): Datamart {
  return {
    id,
    name,
    organisation_id: organisationId,
    token: `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-token`,
    creation_date: 1577836800000,
    time_zone: 'Europe/Paris',
    type: 'DATAMART',
    datafarm,
  };
}

/** The seed: one user with two workspaces, one datamart each (ids are strings of digits). */
export function seedConnectedUser(): ConnectedUser {
  return {
    id: '2001',
    first_name: 'Sam',
    last_name: 'Simulator',
    email: 'sam.simulator@example.com',
    locale: 'en-US',
    default_workspace: '1426',
    workspaces: [
      {
        organisation_id: '1426',
        organisation_name: 'Acme Retail',
        community_id: '1426',
        administrator: false,
        role: 'EDITOR',
        datamarts: [seedDatamart('1509', 'Acme Retail', '1426', 'DF_EU_2020_02')],
      },
      {
        organisation_id: '1500',
        organisation_name: 'Acme Travel',
        community_id: '1500',
        administrator: true,
        role: 'ORGANISATION_ADMIN',
        datamarts: [seedDatamart('1600', 'Acme Travel', '1500', 'DF_EU_2022_01')],
      },
    ],
  };
}

/** A stored file reachable through GET /v1/data_file/data?uri=... */
export interface DataFile {
  path: string;
  contentType: string;
}

export class SimulatorState {
  connectedUser: ConnectedUser = seedConnectedUser();
  private readonly documentImportsById = new Map<string, DocumentImport>();
  private readonly executionsById = new Map<string, ExecutionRecord>();
  private readonly dataFilesByUri = new Map<string, DataFile>();
  private nextDocumentImportId = FIRST_DOCUMENT_IMPORT_ID;
  private nextExecutionId = FIRST_EXECUTION_ID;

  reset(): void {
    this.connectedUser = seedConnectedUser();
    this.documentImportsById.clear();
    this.executionsById.clear();
    this.dataFilesByUri.clear();
    this.nextDocumentImportId = FIRST_DOCUMENT_IMPORT_ID;
    this.nextExecutionId = FIRST_EXECUTION_ID;
  }

  datamart(datamartId: string): Datamart | undefined {
    for (const workspace of this.connectedUser.workspaces) {
      const found = workspace.datamarts.find((datamart) => datamart.id === datamartId);
      if (found) return found;
    }
    return undefined;
  }

  allocateDocumentImportId(): string {
    return String(this.nextDocumentImportId++);
  }

  allocateExecutionId(): string {
    return String(this.nextExecutionId++);
  }

  saveDocumentImport(documentImport: DocumentImport): void {
    this.documentImportsById.set(documentImport.id, documentImport);
  }

  documentImport(id: string): DocumentImport | undefined {
    return this.documentImportsById.get(id);
  }

  /** All document imports, oldest first. */
  documentImports(): DocumentImport[] {
    return [...this.documentImportsById.values()].sort(byNumericId);
  }

  /** Removes the import with its executions and their files from the API's view. */
  deleteDocumentImport(id: string): void {
    this.documentImportsById.delete(id);
    for (const execution of this.executionsOf(id)) {
      this.executionsById.delete(execution.id);
      this.dataFilesByUri.delete(execution.inputFileUri);
      this.dataFilesByUri.delete(execution.errorFileUri);
    }
  }

  saveExecution(execution: ExecutionRecord): void {
    this.executionsById.set(execution.id, execution);
    this.dataFilesByUri.set(execution.inputFileUri, {
      path: execution.storedFilePath,
      contentType: execution.contentType,
    });
    this.dataFilesByUri.set(execution.errorFileUri, {
      path: execution.errorFilePath,
      contentType: 'text/csv; charset=utf-8',
    });
  }

  execution(id: string): ExecutionRecord | undefined {
    return this.executionsById.get(id);
  }

  /** All executions, oldest first. */
  executions(): ExecutionRecord[] {
    return [...this.executionsById.values()].sort(byNumericId);
  }

  executionsOf(documentImportId: string): ExecutionRecord[] {
    return this.executions().filter((execution) => execution.documentImportId === documentImportId);
  }

  dataFile(uri: string): DataFile | undefined {
    return this.dataFilesByUri.get(uri);
  }
}

/** Ids are digit strings: compare them as numbers, not as text ("9" < "10"). */
export function byNumericId(a: { id: string }, b: { id: string }): number {
  return Number(a.id) - Number(b.id);
}
