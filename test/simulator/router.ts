// A minimal router: path templates with :params, an optional trailing slash
// (the docs' curl example ends an URL with "/"), 405 when the path exists
// with another method.

import type { RouteHandler } from './context';

export interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  /** Routes of the real API need the token; the simulator's own control routes do not. */
  requiresAuthorization: boolean;
  handler: RouteHandler;
}

export function route(method: string, template: string, handler: RouteHandler, requiresAuthorization = true): Route {
  const source = template
    .split('/')
    .map((segment) => (segment.startsWith(':') ? `(?<${segment.slice(1)}>[^/]+)` : escapeRegExp(segment)))
    .join('/');
  return { method, template, pattern: new RegExp(`^${source}/?$`), requiresAuthorization, handler };
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export function matchRoute(routes: Route[], method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const candidate of routes) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    if (candidate.method === method) {
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = safelyDecoded(value);
      return { kind: 'found', route: candidate, params };
    }
    allowed.push(candidate.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}

function safelyDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes: keep the raw text, it will simply not be found
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
