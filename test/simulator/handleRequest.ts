// One request from arrival to answer: log it, apply any injected fault, check
// the token, route it, and turn every error into the documented envelope.

import type { IncomingMessage, ServerResponse } from 'http';
import { performance } from 'perf_hooks';
import { ApiError, errorCodeForStatus } from './apiError';
import type { SimulatorCore } from './context';
import type { ActiveFault } from './faults';
import { Reply } from './reply';
import { RequestBody } from './requestBody';
import { headersWithoutAuthorization, type AuthorizationOutcome, type RequestLogEntry } from './requestLog';
import { matchRoute, type Route } from './router';

export async function handleRequest(
  core: SimulatorCore,
  routes: Route[],
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // Prefixing (rather than resolving against a base) keeps a target like "//x" a path, not a host.
  const url = new URL(`http://simulator.invalid${req.url ?? '/'}`);
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const isControlRoute = path === '/__simulator' || path.startsWith('/__simulator/');
  const entry: RequestLogEntry = {
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    headers: headersWithoutAuthorization(req.headers),
    authorization: isControlRoute ? 'not-required' : authorizationOutcome(req.headers.authorization, token),
    status: null,
    bytesReceived: 0,
    receivedAt: core.now(),
  };
  core.requests.push(entry);
  const startedAt = performance.now();
  const body = new RequestBody(req);
  // The control routes are never faulted, so a test can always clear faults.
  const fault = isControlRoute ? undefined : core.faults.take(method, path);
  if (fault) entry.fault = describeFault(fault);
  const reply = new Reply(res, fault?.drop === 'after-body', fault?.perform && fault.status !== undefined ? (instead) => answerWithFaultStatus(fault, fault.status!, instead) : undefined);
  try {
    // finishLate: the body is all here before the wait, so the operation no longer needs the client.
    if (fault?.finishLate) await body.hold();
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop === 'before-body') {
      reply.drop();
      return;
    }
    if (fault?.status !== undefined && !fault.perform) {
      await answerFaultStatus(fault, fault.status, body, reply);
      return;
    }
    await routeRequest(core, routes, { req, reply, body, url, method, path, authorization: entry.authorization });
  } catch (error) {
    await answerError(error, req, body, reply);
  } finally {
    // After-body drops cut the connection whatever the route did (even an error answer).
    if (fault?.drop === 'after-body' && !reply.dropped) reply.drop();
    entry.status = reply.status;
    entry.bytesReceived = body.bytesReceived;
    entry.durationMs = Math.round(performance.now() - startedAt);
  }
}

interface Incoming {
  req: IncomingMessage;
  reply: Reply;
  body: RequestBody;
  url: URL;
  method: string;
  path: string;
  authorization: AuthorizationOutcome;
}

async function routeRequest(core: SimulatorCore, routes: Route[], incoming: Incoming): Promise<void> {
  const { req, reply, body, url, method, path, authorization } = incoming;
  // The token is checked before saying whether a path exists.
  if (authorization !== 'not-required' && authorization !== 'valid') {
    throw unauthorized(req.headers.authorization);
  }
  const match = matchRoute(routes, method, path);
  if (match.kind === 'not-found') throw new ApiError(404, `No such endpoint: ${method} ${path}`, 'NOT_FOUND');
  if (match.kind === 'method-not-allowed') {
    throw new ApiError(405, `Method ${method} is not allowed on ${path}: use ${match.allowed.join(' or ')}`, 'METHOD_NOT_ALLOWED', {
      Allow: match.allowed.join(', '),
    });
  }
  await match.route.handler({ core, req, reply, body, query: url.searchParams, params: match.params });
  if (!reply.done) reply.ok();
}

function authorizationOutcome(header: string | undefined, token: string): AuthorizationOutcome {
  if (header === undefined || header === '') return 'missing';
  return header === token ? 'valid' : 'invalid';
}

/** Never echoes what was received: the header may hold a real token sent by mistake. */
function unauthorized(header: string | undefined): ApiError {
  const hint = /^bearer\s/i.test(header ?? '')
    ? " The Authorization header must hold the raw API token, without 'Bearer'."
    : '';
  return new ApiError(401, `Authentication failed: the API token is missing, invalid or expired.${hint}`, 'UNAUTHORIZED');
}

async function answerFaultStatus(fault: ActiveFault, status: number, body: RequestBody, reply: Reply): Promise<void> {
  // Read the body first, as a server that refuses after receiving would; the operation is NOT performed.
  await body.drain();
  answerWithFaultStatus(fault, status, reply);
}

function answerWithFaultStatus(fault: ActiveFault, status: number, reply: Reply): void {
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {};
  if (fault.location !== undefined) headers.Location = fault.location;
  if (fault.body !== undefined) {
    reply.json(status, fault.body, headers);
    return;
  }
  reply.error(new ApiError(status, `Injected fault: the simulator answers HTTP ${status}`, errorCodeForStatus(status), headers));
}

async function answerError(error: unknown, req: IncomingMessage, body: RequestBody, reply: Reply): Promise<void> {
  if (reply.done) return;
  if ((req.destroyed && !req.complete) || (error as { code?: string })?.code === 'ECONNRESET') {
    // The client went away mid-request: nobody to answer.
    reply.drop();
    return;
  }
  // Read what is left of the body so that the client, still sending, gets the answer.
  await body.drain().catch(() => undefined);
  if (error instanceof ApiError) {
    reply.error(error);
    return;
  }
  console.error('[simulator] internal error', error);
  reply.error(new ApiError(500, `Simulator internal error: ${(error as Error)?.message ?? String(error)}`, 'INTERNAL_ERROR'));
}

function describeFault(fault: ActiveFault): string {
  const parts: string[] = [];
  if (fault.delayMs) parts.push(`delay ${fault.delayMs}ms`);
  if (fault.status !== undefined) parts.push(`status ${fault.status}${fault.perform ? ' after performing' : ''}`);
  if (fault.drop) parts.push(`drop ${fault.drop}`);
  if (fault.finishLate) parts.push('finish late');
  return parts.join(', ');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
