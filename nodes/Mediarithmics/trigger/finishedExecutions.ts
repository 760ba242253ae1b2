/**
 * Which executions are newly finished since the last poll: the trigger's
 * memory, as pure functions over plain JSON (it lives in the workflow's static
 * data, survives n8n restarts, and is tested without n8n or HTTP).
 *
 * The API lists an import's executions newest first and has no "finished
 * since" filter, so the state remembers, within a bounded size:
 * - `since`: a creation date. Every execution created before it has been
 *   dealt with (emitted, or finished before activation), except those in
 *   `pending`. It follows the newest creation date seen, WINDOW_MS behind (so
 *   an execution that appears in the list a little late, or is created while a
 *   poll is reading another import, is still treated as new), and the time
 *   of the last successful poll, CLOCK_WINDOW_MS behind (so that a quiet scope
 *   is read one page a poll; what was created after that poll, even during
 *   hours of downtime, stays new).
 * - `pending`: executions seen unfinished (in flight), whatever their age:
 *   an execution created before activation that finishes after it is emitted.
 * - `recent`: executions created at or after `since` that were already dealt
 *   with, so that each is emitted once however often it is listed.
 * - `starting`: imports the first poll had no time to read (n8n's poll
 *   budget). A later poll reads each as the first would have, down to
 *   `startFloor()`; of its finished executions, those that ended at or after
 *   `startedAt` (when the watch started, n8n's clock) are new, the others
 *   history.
 * A poll lists each import down to `scanFloor()` (plus the pending ones it did
 * not see), then calls `advance()`. Nothing here reads a clock: `now` is given.
 */

/** How far behind the newest creation date `since` stays. */
export const WINDOW_MS = 60 * 60 * 1000;
/**
 * How far behind the last successful poll (n8n's clock) `since` may follow:
 * more than any plausible difference between n8n's clock and the platform's.
 */
export const CLOCK_WINDOW_MS = 2 * 60 * 60 * 1000;
/**
 * How much further down a poll lists: an execution listed after older ones
 * (the list is by id, an id is given when an upload starts) is still seen.
 */
export const SCAN_SLACK_MS = 60 * 60 * 1000;
/** Executions unfinished this long after creation are no longer watched (and not looked for at activation). */
export const WATCH_LIMIT_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Upper bound of `recent`, so that the state stays small however long the
 * workflow runs. `pending` has none: dropping an in-flight execution would
 * lose its end (WATCH_LIMIT_MS bounds it instead, about 70 bytes each).
 */
export const RECENT_LIMIT = 2000;
/**
 * Above this many watched executions of an import, a poll lists the import
 * down to the oldest of them (500 a call) instead of reading each by ID.
 */
export const WATCHED_BY_ID_LIMIT = 50;

export const STATE_VERSION = 1;

/** One execution as a poll saw it. */
export interface ObservedExecution<T> {
	importId: string;
	id: string;
	finished: boolean;
	/** creation_date, epoch ms. */
	created: number;
	/** end_date when known, to order the output. */
	ended: number | null;
	/** The execution as the API answered it. */
	value: T;
}

export interface PendingExecution {
	importId: string;
	id: string;
	created: number;
}

export interface TriggerState {
	version: number;
	/** What is watched (datamart, import or filters): another scope starts afresh. */
	scope: string;
	since: number;
	/** When the last successful poll ran (n8n's clock). */
	polledAt: number;
	pending: PendingExecution[];
	/** [execution id, creation date] */
	recent: Array<[string, number]>;
	/** Imports the last poll had no time to read to the end (n8n's poll budget): the next poll reads them first. */
	unread?: string[];
	/** When this watch started (the first poll, n8n's clock); absent in states written before it was kept. */
	startedAt?: number;
	/** Imports the first poll had no time to read: later polls read them as the first would have, first of all. */
	starting?: string[];
}

export interface PollObservation<T> {
	/** Executions listed (down to the scan floor) and pending ones read one by one. */
	observed: Array<ObservedExecution<T>>;
	/** Pending executions the API no longer knows (404). */
	gone: string[];
	/** The imports in scope now: pending executions of any other import are dropped. */
	importIds: string[];
	now: number;
	/**
	 * Imports in scope that this poll did not read to the end (out of time).
	 * Then `since` and the poll time stay where they were, so that the next
	 * poll lists them as deep as this one should have: nothing is missed, and
	 * `recent` keeps what this poll emitted from being emitted again.
	 */
	unread?: string[];
	/**
	 * Imports of `starting` that this poll read to the end (down to
	 * `startFloor()`): their finished executions are new only if they ended at
	 * or after `startedAt`. Imports of `starting` not read stay there.
	 */
	started?: string[];
}

/** The state found in static data, if it is one this code wrote for this scope. */
export function readState(stored: unknown, scope: string): TriggerState | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const state = stored as Partial<TriggerState>;
	if (state.version !== STATE_VERSION || state.scope !== scope) return undefined;
	if (typeof state.since !== 'number' || typeof state.polledAt !== 'number' || !Array.isArray(state.pending) || !Array.isArray(state.recent)) return undefined;
	return state as TriggerState;
}

/** How deep the first poll lists: executions created since then may still be in flight. */
export function startFloor(now: number): number {
	return now - WATCH_LIMIT_MS;
}

/**
 * `since` moved by the time of the last successful poll: everything created
 * before that poll was listed by it, so quiet hours move `since` too.
 */
function sinceOf(state: TriggerState): number {
	return Math.max(state.since, state.polledAt - CLOCK_WINDOW_MS);
}

/** How deep a later poll lists each import. */
export function scanFloor(state: TriggerState): number {
	return sinceOf(state) - SCAN_SLACK_MS;
}

/** The pending executions of one import: a poll reads those it did not see in the list. */
export function pendingIdsOf(state: TriggerState | undefined, importId: string): string[] {
	return (state?.pending ?? []).filter((entry) => entry.importId === importId).map((entry) => entry.id);
}

/**
 * How deep a later poll lists one import: below `scanFloor()` down to its
 * oldest watched execution when it has many (one list call per 500 instead
 * of one call per execution).
 */
export function importFloor(state: TriggerState, importId: string): number {
	const watched = state.pending.filter((entry) => entry.importId === importId);
	const floor = scanFloor(state);
	if (watched.length <= WATCHED_BY_ID_LIMIT) return floor;
	return Math.min(floor, ...watched.map((entry) => entry.created));
}

/**
 * The state after the first poll (activation): what had finished is history
 * and is never emitted; what is in flight is watched.
 */
export function startState<T>(scope: string, observed: Array<ObservedExecution<T>>, now: number, starting: string[] = []): TriggerState {
	const state: TriggerState = { version: STATE_VERSION, scope, since: 0, polledAt: now, pending: [], recent: [], startedAt: now };
	if (starting.length > 0) state.starting = [...starting];
	for (const execution of uniqueById(observed)) {
		if (execution.finished) state.recent.push([execution.id, execution.created]);
		else state.pending.push(pendingEntry(execution));
	}
	return bounded(state, newestCreation(observed), now);
}

/**
 * The executions that finished since the state was written, each once, oldest
 * end first; and the state to keep. The given state is not changed, so a poll
 * that fails halfway keeps the previous one and the next poll sees it all again.
 */
export function advance<T>(
	previous: TriggerState,
	poll: PollObservation<T>,
): { state: TriggerState; finished: Array<ObservedExecution<T>>; abandoned: PendingExecution[] } {
	const since = sinceOf(previous);
	const pending = new Map(previous.pending.map((entry) => [entry.id, entry]));
	const recent = new Map(previous.recent);
	const finished: Array<ObservedExecution<T>> = [];
	const started = new Set(poll.started ?? []);
	for (const execution of uniqueById(poll.observed)) {
		if (started.has(execution.importId)) {
			// Read as the first poll would have: only what ended after the watch started is new.
			const endedSinceStart = execution.ended !== null && execution.ended >= (previous.startedAt ?? Infinity);
			if (execution.finished && endedSinceStart && !recent.has(execution.id)) finished.push(execution);
			if (execution.finished && execution.created >= since) recent.set(execution.id, execution.created);
			if (!execution.finished) pending.set(execution.id, pendingEntry(execution));
			continue;
		}
		const wasPending = pending.has(execution.id);
		const isNew = execution.created >= since && !recent.has(execution.id);
		if (execution.finished) {
			if (wasPending || isNew) finished.push(execution);
			pending.delete(execution.id);
			if (execution.created >= since) recent.set(execution.id, execution.created);
		} else if (wasPending || isNew || execution.created >= startFloor(poll.now)) {
			// Unfinished: watch it, even one older than `since` that showed up late.
			pending.set(execution.id, pendingEntry(execution));
		}
	}
	const inScope = new Set(poll.importIds);
	const gone = new Set(poll.gone);
	const complete = (poll.unread ?? []).length === 0;
	const state: TriggerState = {
		...previous,
		since,
		polledAt: complete ? poll.now : previous.polledAt,
		pending: [...pending.values()].filter((entry) => inScope.has(entry.importId) && !gone.has(entry.id)),
		recent: [...recent.entries()],
	};
	if (complete) delete state.unread;
	else state.unread = [...(poll.unread ?? [])];
	const starting = (previous.starting ?? []).filter((importId) => !started.has(importId) && inScope.has(importId));
	if (starting.length > 0) state.starting = starting;
	else delete state.starting;
	finished.sort(byEndThenId);
	const next = bounded(state, complete ? newestCreation(poll.observed) : 0, poll.now);
	// Unfinished WATCH_LIMIT_MS after creation: no longer watched (the caller logs a warning for each).
	const kept = new Set(next.pending.map((entry) => entry.id));
	const abandoned = state.pending.filter((entry) => !kept.has(entry.id));
	return { state: next, finished, abandoned };
}

/** Moves `since` up and trims both lists to their limits. */
function bounded(state: TriggerState, newest: number, now: number): TriggerState {
	let since = Math.max(sinceOf(state), newest - WINDOW_MS);
	let recent = state.recent.filter(([, created]) => created >= since);
	if (recent.length > RECENT_LIMIT) {
		// Forget the oldest, and raise `since` above them so that they are not taken for new ones.
		const ascending = [...recent].sort((a, b) => a[1] - b[1]);
		since = ascending[ascending.length - RECENT_LIMIT - 1][1] + 1;
		recent = recent.filter(([, created]) => created >= since);
	}
	const pending = state.pending.filter((entry) => entry.created >= startFloor(now)).sort((a, b) => b.created - a.created);
	return { ...state, since, recent, pending };
}

function pendingEntry(execution: ObservedExecution<unknown>): PendingExecution {
	return { importId: execution.importId, id: execution.id, created: execution.created };
}

function newestCreation(observed: Array<ObservedExecution<unknown>>): number {
	return observed.reduce((newest, execution) => Math.max(newest, execution.created), 0);
}

/** An execution can be listed twice when a page boundary moves during a poll. */
function uniqueById<T>(observed: Array<ObservedExecution<T>>): Array<ObservedExecution<T>> {
	const byId = new Map<string, ObservedExecution<T>>();
	for (const execution of observed) byId.set(execution.id, execution);
	return [...byId.values()];
}

function byEndThenId(a: ObservedExecution<unknown>, b: ObservedExecution<unknown>): number {
	const end = (a.ended ?? a.created) - (b.ended ?? b.created);
	return end !== 0 ? end : compareIds(a.id, b.id);
}

/** Ids are strings of digits: compare them as numbers without losing precision. */
export function compareIds(a: string, b: string): number {
	if (a.length !== b.length) return a.length - b.length;
	return a < b ? -1 : a > b ? 1 : 0;
}
