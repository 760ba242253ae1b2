// A client of the simulator for tests (its own, and the set-up of the node and e2e tests): real HTTP calls with Node's fetch.

import { request as httpRequest } from 'http';
import type { Simulator } from './server';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body (string or bytes) sent as is, with `contentType`. */
  raw?: string | Buffer;
  contentType?: string;
  /** Overrides the token; null sends no Authorization header. */
  authorization?: string | null;
  headers?: Record<string, string>;
}

export async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  const authorization = options.authorization === undefined ? sim.token : options.authorization;
  if (authorization !== null) headers.Authorization = authorization;
  let body: string | Buffer | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    if (options.contentType) headers['Content-Type'] = options.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export const importsPath = (datamartId = '1509') => `/v1/datamarts/${datamartId}/document_imports`;
export const executionsPath = (importId: string, datamartId = '1509') =>
  `${importsPath(datamartId)}/${importId}/executions`;

export async function createImport(
  sim: Simulator,
  fields: Record<string, unknown> = {},
  datamartId = '1509',
): Promise<Record<string, unknown> & { id: string }> {
  const answer = await call(sim, 'POST', importsPath(datamartId), {
    body: { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', name: 'Test import', ...fields },
  });
  if (answer.status !== 200) throw new Error(`create import failed: ${answer.status} ${answer.text}`);
  return answer.json.data;
}

export async function upload(
  sim: Simulator,
  importId: string,
  content: string | Buffer,
  contentType = 'application/x-ndjson',
  datamartId = '1509',
): Promise<ApiAnswer> {
  return call(sim, 'POST', executionsPath(importId, datamartId), { raw: content, contentType });
}

/** A well-formed USER_SEGMENT line. */
export function segmentLine(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ operation: 'UPDATE', user_account_id: 'u-1', segment_id: '42', expiration_duration: 0, ...overrides });
}

/**
 * POSTs a body written chunk by chunk with Transfer-Encoding: chunked (no
 * Content-Length), as a client streaming a large file does.
 */
export function postChunked(
  sim: Simulator,
  path: string,
  contentType: string,
  chunks: Iterable<Buffer>,
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${sim.url}${path}`);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: sim.token, 'Content-Type': contentType } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString('utf8')) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const iterator = chunks[Symbol.iterator]();
    const writeMore = (): void => {
      for (;;) {
        const next = iterator.next();
        if (next.done) {
          req.end();
          return;
        }
        if (!req.write(next.value)) {
          req.once('drain', writeMore);
          return;
        }
      }
    };
    writeMore();
  });
}
