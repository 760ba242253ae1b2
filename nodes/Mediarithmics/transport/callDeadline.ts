import type { ApiContext } from './context';

/**
 * A time (epoch ms) by which every call of a context must be over, retries
 * and waits included: the end of a trigger poll's budget (n8n's scheduler
 * abandons a poll that runs past it, and would then show no error at all).
 * Set by the poll for its context; calls from other contexts have none.
 */
const deadlines = new WeakMap<object, number>();

export function setCallDeadline(context: ApiContext, deadline: number | undefined): void {
	if (deadline === undefined) deadlines.delete(context);
	else deadlines.set(context, deadline);
}

export function callDeadlineOf(context: ApiContext): number | undefined {
	return deadlines.get(context);
}
