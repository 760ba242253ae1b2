// startSimulator(): a local HTTP stand-in for the mediarithmics bulk-import
// API (/work/shared/mediarithmics-api), on loopback, for tests, the e2e run
// and people trying the node by hand (see cli.ts).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { notFound } from './apiError';
import type { SimulatorCore } from './context';
import { phaseAt, phaseSetByHand } from './executionLifecycle';
import { executionJsonAt } from './executionJson';
import { FaultInjector } from './faults';
import { handleRequest } from './handleRequest';
import type { RequestLogEntry } from './requestLog';
import type { Route } from './router';
import { connectedUserRoutes } from './routes/connectedUser';
import { controlRoutes } from './routes/control';
import { dataFileRoutes } from './routes/dataFile';
import { documentImportRoutes } from './routes/documentImports';
import { executionRoutes } from './routes/executions';
import { segmentMembership, type Membership } from './segmentMembership';
import { SimulatorState } from './state';
import type { DocumentImport, ExecutionRecord, ExecutionStatus } from './types';

export const DEFAULT_TOKEN = 'simulator-api-token';

export interface SimulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The API token the simulator accepts (default DEFAULT_TOKEN). */
  token?: string;
  /** How long a new execution stays PENDING (default 0; Infinity = until a test moves it). */
  pendingMs?: number;
  /** How long it then stays RUNNING before SUCCEEDED (default 0). */
  runningMs?: number;
  /**
   * How long after creation `parameters` stays null, the platform not having
   * read the file yet (default 0). The create answer always has null (the
   * docs' create example); a GET or list after fileReadMs has it filled, also
   * while PENDING (the docs' get example). Infinity: null until the execution
   * runs. Changed at run time with setFileReadMs.
   */
  fileReadMs?: number;
  /** Where received files are stored (default: a fresh temp folder, removed on stop). */
  storeDir?: string;
  /** The clock (default Date.now): tests pass their own to move time by hand. */
  now?: () => number;
  /** Largest page a list answers (default 1000); bigger max_results are capped. */
  maxPageSize?: number;
  /**
   * Check every uploaded line (default true). false: store and count lines
   * only, so that benchmarks measure the client, not the simulator's checks.
   */
  checkLines?: boolean;
  /**
   * Order of the executions list: newest first (default, as in the docs'
   * example) or oldest first, to test clients that must not depend on it.
   */
  executionListOrder?: 'newest-first' | 'oldest-first';
}

export type TerminalStatus = 'SUCCEEDED' | 'SUCCESS' | 'FAILED' | 'CANCELED' | 'LOST' | 'EXECUTOR_NOT_RESPONDING';

/** How finishExecution ends an execution: SUCCEEDED by default. */
export type FinishOutcome = TerminalStatus | { status?: TerminalStatus; errorMessage?: string };

/** Read access to what the simulator holds, as the API would answer it now. */
export interface SimulatorStateView {
  readonly documentImports: DocumentImport[];
  /** Executions oldest first, rendered as GET .../executions/:id would answer now. */
  readonly executions: Record<string, unknown>[];
  documentImport(importId: string): DocumentImport | undefined;
  execution(executionId: string): Record<string, unknown> | undefined;
  /** Every request received, oldest first. */
  readonly requests: readonly RequestLogEntry[];
}

export interface Simulator {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly token: string;
  readonly state: SimulatorStateView;
  readonly faults: FaultInjector;
  /** Every request received: method, path, query, headers without Authorization, status, bytes. */
  readonly requests: readonly RequestLogEntry[];
  /** Folder holding the received files. */
  readonly storeDir: string;
  stop(): Promise<void>;
  /** Back to the seeded state: no imports, executions, faults, logged requests or stored files. */
  reset(): void;
  setExecutionStatus(executionId: string, status: ExecutionStatus): void;
  /** From now on, `parameters` is null for this long after an execution's creation (see SimulatorOptions.fileReadMs). */
  setFileReadMs(ms: number): void;
  finishExecution(executionId: string, outcome?: FinishOutcome): void;
  /** The exact bytes received for an execution's upload. */
  receivedFile(executionId: string): Buffer;
  receivedFilePath(executionId: string): string;
  /** The execution's error file (CSV: line_number,reason,line). */
  errorFile(executionId: string): string;
  /** The datamart's segments and their members now, from the USER_SEGMENT lines applied (segmentMembership.ts). */
  segmentMembers(datamartId?: string): Membership;
}

const STORED_FILE_PREFIX = 'execution-';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const token = options.token ?? DEFAULT_TOKEN;
  const host = options.host ?? '127.0.0.1';
  const ownsStoreDir = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'mediarithmics-simulator-'));
  mkdirSync(storeDir, { recursive: true });

  const state = new SimulatorState();
  const core: SimulatorCore = {
    state,
    faults: new FaultInjector(),
    requests: [],
    now: options.now ?? Date.now,
    timing: { pendingMs: options.pendingMs ?? 0, runningMs: options.runningMs ?? 0, fileReadMs: options.fileReadMs ?? 0 },
    maxPageSize: options.maxPageSize ?? 1000,
    checkLines: options.checkLines ?? true,
    executionListOrder: options.executionListOrder ?? 'newest-first',
    storeDir,
    setExecutionStatus(executionId, status, errorMessage) {
      const execution = existingExecution(state, executionId);
      const now = core.now();
      execution.override = phaseSetByHand(phaseAt(execution, now, core.timing), status, now, errorMessage);
    },
    reset() {
      state.reset();
      core.faults.clear();
      core.requests.length = 0;
      removeStoredFiles(storeDir);
    },
  };
  const routes: Route[] = [
    ...connectedUserRoutes,
    ...documentImportRoutes,
    ...executionRoutes,
    ...dataFileRoutes,
    ...controlRoutes,
  ];

  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    void handleRequest(core, routes, token, req, res);
  });
  // An idle keep-alive connection is kept about a minute, as servers behind a
  // load balancer do. Node's 5 s default races clients that reuse a pooled
  // connection after about 5 s idle (the test fixtures' fetch between two long
  // node runs on a loaded machine): the server closes it as the request leaves,
  // and the client reads ECONNRESET for a request the server never saw.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const render = (execution: ExecutionRecord) => executionJsonAt(execution, core.now(), core.timing);
  const stateView: SimulatorStateView = {
    get documentImports() {
      return state.documentImports().map((documentImport) => ({ ...documentImport }));
    },
    get executions() {
      return state.executions().map(render);
    },
    documentImport: (importId) => {
      const found = state.documentImport(importId);
      return found && { ...found };
    },
    execution: (executionId) => {
      const found = state.execution(executionId);
      return found && render(found);
    },
    get requests() {
      return core.requests;
    },
  };

  return {
    url,
    token,
    state: stateView,
    faults: core.faults,
    requests: core.requests,
    storeDir,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsStoreDir) rmSync(storeDir, { recursive: true, force: true });
    },
    reset: () => core.reset(),
    setExecutionStatus: (executionId, status) => core.setExecutionStatus(executionId, status),
    setFileReadMs: (ms) => {
      core.timing.fileReadMs = ms;
    },
    finishExecution(executionId, outcome = 'SUCCEEDED') {
      const { status = 'SUCCEEDED', errorMessage } = typeof outcome === 'string' ? { status: outcome } : outcome;
      core.setExecutionStatus(executionId, status, errorMessage);
    },
    receivedFile: (executionId) => readFileSync(existingExecution(state, executionId).storedFilePath),
    receivedFilePath: (executionId) => existingExecution(state, executionId).storedFilePath,
    errorFile: (executionId) => readFileSync(existingExecution(state, executionId).errorFilePath, 'utf8'),
    segmentMembers: (datamartId = '1509') => segmentMembership(core, datamartId),
  };
}

function existingExecution(state: SimulatorState, executionId: string): ExecutionRecord {
  const execution = state.execution(executionId);
  if (!execution) throw notFound(`Execution ${executionId} not found`);
  return execution;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Only the simulator's own files: a storeDir given by the caller may hold others. */
function removeStoredFiles(storeDir: string): void {
  for (const name of readdirSync(storeDir)) {
    if (name.startsWith(STORED_FILE_PREFIX)) rmSync(join(storeDir, name), { force: true });
  }
}
