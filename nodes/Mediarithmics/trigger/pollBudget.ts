import type { IPollFunctions } from 'n8n-workflow';

/**
 * n8n's newer scheduler (2.41, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED) abandons a
 * poll that runs past its budget and tells the poll that budget through
 * `getPollBudgetMs()` (absent in older n8n: no limit then). Past half of it, a
 * poll starts no new API call: the call in flight (with the transport's
 * retries) has the other half, and what is left is read by the next poll.
 */
export function pollOutOfTime(context: IPollFunctions, startedAt: number): () => boolean {
	const budget = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : undefined;
	if (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0) return () => false;
	const deadline = startedAt + budget / 2;
	return () => Date.now() >= deadline;
}
