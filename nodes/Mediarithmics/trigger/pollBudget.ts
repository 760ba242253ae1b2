import type { IPollFunctions } from 'n8n-workflow';

import { setCallDeadline } from '../transport';

/**
 * n8n's newer scheduler (2.41, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED) abandons a
 * poll that runs past N8N_SCHEDULER_POLL_TIMEOUT and tells the poll its budget
 * (the timeout less a margin) through `getPollBudgetMs()` (absent in older n8n:
 * no limit then; 5 minutes by default under n8n's default scheduling). Past
 * half of it, a poll starts no new API call (the returned function says so)
 * and what is left is read by the next poll. The call in flight has the other
 * half: its retries and its request timeout end with the budget (the
 * transport's call deadline), so the poll fails with the platform's error in
 * time rather than being abandoned without one.
 */
export function startPollBudget(context: IPollFunctions, startedAt: number): () => boolean {
	const budget = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : undefined;
	if (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0) {
		setCallDeadline(context, undefined);
		return () => false;
	}
	setCallDeadline(context, startedAt + budget);
	const newCallsUntil = startedAt + budget / 2;
	return () => Date.now() >= newCallsUntil;
}
