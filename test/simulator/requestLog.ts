// A record of every request the simulator received, so tests can assert on
// what a client actually sent. The Authorization value is never kept: only
// whether it was right.

import type { IncomingHttpHeaders } from 'http';

export type AuthorizationOutcome = 'valid' | 'invalid' | 'missing' | 'not-required';

export interface RequestLogEntry {
  method: string;
  /** URL path without the query. */
  path: string;
  query: Record<string, string>;
  /** Request headers, lower-case names, without `authorization`. */
  headers: Record<string, string | string[] | undefined>;
  authorization: AuthorizationOutcome;
  /** Status answered; null when the connection was dropped (or the client left first). */
  status: number | null;
  bytesReceived: number;
  /** Set when an injected fault hit this request: "status 503", "drop before-body"... */
  fault?: string;
  /** Simulator clock when the request arrived. */
  receivedAt: number;
  /** Wall-clock time the simulator spent on the request; absent while it is still being handled. */
  durationMs?: number;
}

export function headersWithoutAuthorization(headers: IncomingHttpHeaders): RequestLogEntry['headers'] {
  const copy: RequestLogEntry['headers'] = { ...headers };
  delete copy.authorization;
  return copy;
}
