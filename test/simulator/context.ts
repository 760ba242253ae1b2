// What routes share: the state, the clock, the settings, and one request's
// inputs and reply.

import type { IncomingMessage } from 'http';
import type { LifecycleTiming } from './executionLifecycle';
import type { FaultInjector } from './faults';
import type { Reply } from './reply';
import type { RequestBody } from './requestBody';
import type { RequestLogEntry } from './requestLog';
import type { SimulatorState } from './state';
import type { ExecutionStatus } from './types';

export interface SimulatorCore {
  state: SimulatorState;
  faults: FaultInjector;
  requests: RequestLogEntry[];
  now: () => number;
  timing: LifecycleTiming;
  maxPageSize: number;
  executionListOrder: 'newest-first' | 'oldest-first';
  storeDir: string;
  /** Moves an execution by hand (tests, /__simulator). */
  setExecutionStatus(executionId: string, status: ExecutionStatus, errorMessage?: string): void;
  reset(): void;
}

export interface RouteContext {
  core: SimulatorCore;
  req: IncomingMessage;
  reply: Reply;
  body: RequestBody;
  query: URLSearchParams;
  params: Record<string, string>;
}

export type RouteHandler = (context: RouteContext) => Promise<void> | void;
