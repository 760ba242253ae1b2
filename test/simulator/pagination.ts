// The documented list envelope and its offset pagination.

import { badRequest } from './apiError';

export const DEFAULT_PAGE_SIZE = 50;

export interface PageRequest {
  firstResult: number;
  maxResults: number;
}

/**
 * Reads first_result / max_results. A page size above the server's maximum is
 * capped rather than refused (no maximum is documented; the envelope reports
 * the size actually used, so a client can notice).
 */
export function pageRequestOf(query: URLSearchParams, maxPageSize: number): PageRequest {
  const firstResult = integerParameter(query, 'first_result', 0, 0);
  const maxResults = integerParameter(query, 'max_results', DEFAULT_PAGE_SIZE, 1);
  return { firstResult, maxResults: Math.min(maxResults, maxPageSize) };
}

export interface ListEnvelope<T> {
  status: 'ok';
  data: T[];
  count: number;
  total: number;
  first_result: number;
  max_result: number;
  max_results: number;
}

export function listEnvelope<T>(all: T[], page: PageRequest): ListEnvelope<T> {
  const data = all.slice(page.firstResult, page.firstResult + page.maxResults);
  return {
    status: 'ok',
    data,
    count: data.length,
    total: all.length,
    first_result: page.firstResult,
    max_result: page.maxResults,
    max_results: page.maxResults,
  };
}

function integerParameter(query: URLSearchParams, name: string, fallback: number, minimum: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < minimum) {
    throw badRequest(`Invalid value '${raw}' for query parameter '${name}': an integer >= ${minimum} is expected`);
  }
  return Number(raw);
}
