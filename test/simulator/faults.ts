// Fault injection: make the next matching requests fail the way real networks
// and servers do, so that the node's retries and its handling of unknown
// outcomes can be tested.
//
//   status      answer this error status (e.g. 429 with retryAfter, 500, 503)
//               WITHOUT performing the operation
//   delayMs     wait, then go on (normally, or with the status / drop below)
//   drop        'before-body': cut the connection as soon as the headers
//               arrive; nothing is done
//               'after-body': read the whole body, PERFORM the operation (e.g.
//               create the execution), then cut the connection without
//               answering: the client cannot know whether it worked
//   perform     with status: read the whole body, PERFORM the operation, then
//               answer the status instead of its result (a platform or proxy
//               that did the work and then failed to say so: a 500 after the
//               commit, a proxy's 52x)
//   location    with status: the Location header sent with it (a 3xx: a
//               redirect, e.g. a proxy sending a POST elsewhere after the
//               platform did it, with perform)
//   finishLate  with delayMs: read the whole body first, then wait, then
//               perform the operation even if the client has given up and
//               left meanwhile (a platform that finishes a request its client
//               timed out on)

import { badRequest } from './apiError';

export type DropMoment = 'before-body' | 'after-body';

export interface FaultSpec {
  /** HTTP method to match (any when absent), case-insensitive. */
  method?: string;
  /** Exact URL path (no query), or a RegExp tested against it. */
  path: string | RegExp;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** How many matching requests pass untouched before the fault starts (default 0): "fail part 3". */
  after?: number;
  status?: number;
  /** Value of the Retry-After header sent with `status`. */
  retryAfter?: string;
  /** Value of the Location header sent with `status` (a redirect). */
  location?: string;
  /** Body sent with `status` instead of the standard error envelope. */
  body?: object;
  delayMs?: number;
  drop?: DropMoment;
  /** With status: the operation is performed, then answered with `status` instead of its result. */
  perform?: boolean;
  /** With delayMs: the body is read before the wait, and the operation is performed after it whether the client stayed or not. */
  finishLate?: boolean;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  /** Matching requests still to let through before the fault starts. */
  toLetThrough: number;
  /** Matching requests still to be hit. */
  remaining: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  inject(spec: FaultSpec): ActiveFault {
    checkFaultSpec(spec);
    const fault: ActiveFault = { ...spec, id: this.nextId++, remaining: spec.times ?? 1, toLetThrough: spec.after ?? 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults still waiting for matching requests, in the order they were injected. */
  list(): readonly ActiveFault[] {
    return this.faults;
  }

  /** The fault for this request, if any; using it counts one of its `times`. */
  take(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find((candidate) => matches(candidate, method, path));
    if (!fault) return undefined;
    if (fault.toLetThrough > 0) {
      fault.toLetThrough -= 1;
      return undefined;
    }
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault;
  }
}

function matches(fault: FaultSpec, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  if (typeof fault.path === 'string') return fault.path === path;
  fault.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests
  return fault.path.test(path);
}

function checkFaultSpec(spec: FaultSpec): void {
  if (typeof spec.path !== 'string' && !(spec.path instanceof RegExp)) {
    throw badRequest('A fault needs a path: a string (exact path) or a RegExp');
  }
  if (spec.after !== undefined && (!Number.isInteger(spec.after) || spec.after < 0)) {
    throw badRequest(`Invalid fault after ${JSON.stringify(spec.after)}: an integer >= 0 is expected`);
  }
  if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
    throw badRequest(`Invalid fault times ${JSON.stringify(spec.times)}: an integer >= 1 is expected`);
  }
  if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)) {
    throw badRequest(`Invalid fault status ${JSON.stringify(spec.status)}: an HTTP status 100-599 is expected`);
  }
  if (spec.delayMs !== undefined && (typeof spec.delayMs !== 'number' || spec.delayMs < 0)) {
    throw badRequest(`Invalid fault delayMs ${JSON.stringify(spec.delayMs)}: a number >= 0 is expected`);
  }
  if (spec.drop !== undefined && spec.drop !== 'before-body' && spec.drop !== 'after-body') {
    throw badRequest(`Invalid fault drop ${JSON.stringify(spec.drop)}: allowed values are before-body, after-body`);
  }
  if (spec.status !== undefined && spec.drop !== undefined) {
    throw badRequest('A fault answers a status or drops the connection, not both');
  }
  if (spec.perform !== undefined && (typeof spec.perform !== 'boolean' || (spec.perform && spec.status === undefined))) {
    throw badRequest('Invalid fault perform: true or false, and true needs a status');
  }
  if (spec.location !== undefined && (typeof spec.location !== 'string' || spec.status === undefined)) {
    throw badRequest('Invalid fault location: a string, and it needs a status');
  }
  if (spec.finishLate !== undefined && (typeof spec.finishLate !== 'boolean' || (spec.finishLate && !spec.delayMs))) {
    throw badRequest('Invalid fault finishLate: true or false, and true needs a delayMs > 0');
  }
  if (spec.status === undefined && spec.drop === undefined && spec.delayMs === undefined) {
    throw badRequest('A fault needs at least one of status, delayMs, drop');
  }
}

/**
 * The same spec received as JSON over HTTP (POST /__simulator/faults): a path
 * starting with "^" is a regular expression, any other is an exact path.
 */
export function faultSpecFromJson(json: unknown): FaultSpec {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw badRequest('A fault is a JSON object: {path, method?, times?, status?, retryAfter?, location?, body?, perform?, delayMs?, drop?, finishLate?}');
  }
  const spec = json as Record<string, unknown>;
  const known = ['method', 'path', 'times', 'after', 'status', 'retryAfter', 'location', 'body', 'perform', 'delayMs', 'drop', 'finishLate'];
  const unknown = Object.keys(spec).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw badRequest(`Unknown fault field(s) ${unknown.join(', ')}: allowed are ${known.join(', ')}`);
  if (typeof spec.path !== 'string') throw badRequest('A fault needs a path (a string; starting with ^ for a regular expression)');
  if (spec.method !== undefined && typeof spec.method !== 'string') throw badRequest('Fault method must be a string');
  if (spec.retryAfter !== undefined && typeof spec.retryAfter !== 'string') throw badRequest('Fault retryAfter must be a string');
  if (spec.location !== undefined && typeof spec.location !== 'string') throw badRequest('Fault location must be a string');
  if (spec.body !== undefined && (typeof spec.body !== 'object' || spec.body === null)) {
    throw badRequest('Fault body must be a JSON object');
  }
  let path: string | RegExp = spec.path;
  if (spec.path.startsWith('^')) {
    try {
      path = new RegExp(spec.path);
    } catch (error) {
      throw badRequest(`Invalid fault path regular expression: ${(error as Error).message}`);
    }
  }
  return { ...(spec as Omit<FaultSpec, 'path'>), path };
}
