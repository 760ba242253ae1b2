import fc from 'fast-check';

import {
	advance,
	CLOCK_WINDOW_MS,
	compareIds,
	importFloor,
	pendingIdsOf,
	readState,
	RECENT_LIMIT,
	scanFloor,
	startFloor,
	startState,
	WATCH_LIMIT_MS,
	WATCHED_BY_ID_LIMIT,
	WINDOW_MS,
	type ObservedExecution,
	type TriggerState,
} from '../../../nodes/Mediarithmics/trigger/finishedExecutions';

const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 1);

const execution = (id: number, created: number, finished: boolean, importId = '20001', ended: number | null = null): ObservedExecution<string> => ({
	importId,
	id: String(id),
	finished,
	created,
	ended: finished ? (ended ?? created) : null,
	value: `execution ${id}`,
});

const ids = (finished: Array<ObservedExecution<unknown>>) => finished.map((item) => item.id);
const poll = (observed: Array<ObservedExecution<string>>, now: number, extra: { gone?: string[]; importIds?: string[] } = {}) => ({
	observed,
	now,
	gone: extra.gone ?? [],
	importIds: extra.importIds ?? ['20001', '20002'],
});

describe('the first poll (activation)', () => {
	test('what had finished before activation is never emitted; what was in flight is emitted once it finishes', () => {
		const history = [execution(1, T0, true), execution(2, T0 + 1000, true), execution(3, T0 + 2000, false)];
		const state = startState('scope', history, T0 + 5000);
		expect(pendingIdsOf(state, '20001')).toEqual(['3']);

		const later = advance(state, poll([execution(1, T0, true), execution(2, T0 + 1000, true), execution(3, T0 + 2000, false)], T0 + 60_000));
		expect(later.finished).toEqual([]);
		const finished = advance(later.state, poll([execution(3, T0 + 2000, true)], T0 + 120_000));
		expect(ids(finished.finished)).toEqual(['3']);
		expect(ids(advance(finished.state, poll([execution(3, T0 + 2000, true)], T0 + 180_000)).finished)).toEqual([]);
	});

	test('an execution still in flight long before activation is watched; one older than the watch limit is not', () => {
		const now = T0 + 10 * 24 * HOUR;
		const state = startState('scope', [execution(1, now - 6 * 24 * HOUR, false), execution(2, now - 8 * 24 * HOUR, false)], now);
		expect(state.pending.map((entry) => entry.id)).toEqual(['1']);
		expect(startFloor(now)).toBe(now - WATCH_LIMIT_MS);
	});
});

describe('later polls', () => {
	const activated = () => startState('scope', [execution(1, T0, true)], T0 + 1000);

	test('an execution created and finished between two polls is emitted once', () => {
		const first = advance(activated(), poll([execution(1, T0, true), execution(2, T0 + 10_000, true)], T0 + 60_000));
		expect(ids(first.finished)).toEqual(['2']);
		const second = advance(first.state, poll([execution(1, T0, true), execution(2, T0 + 10_000, true)], T0 + 120_000));
		expect(second.finished).toEqual([]);
	});

	test('several finishing at once are all emitted, ordered by end date then id', () => {
		const observed = [
			execution(4, T0 + 4000, true, '20001', T0 + 50_000),
			execution(3, T0 + 3000, true, '20002', T0 + 40_000),
			execution(2, T0 + 2000, true, '20001', T0 + 50_000),
		];
		expect(ids(advance(activated(), poll(observed, T0 + 60_000)).finished)).toEqual(['3', '2', '4']);
	});

	test('an execution listed twice in one poll (a page boundary moved) is emitted once', () => {
		const twice = [execution(2, T0 + 2000, true), execution(2, T0 + 2000, true)];
		expect(ids(advance(activated(), poll(twice, T0 + 60_000)).finished)).toEqual(['2']);
	});

	test('an unfinished execution is watched, then emitted when it finishes even far below `since`', () => {
		const seen = advance(activated(), poll([execution(2, T0 + 2000, false)], T0 + 60_000));
		expect(pendingIdsOf(seen.state, '20001')).toEqual(['2']);
		// Much later: many newer executions moved `since` above it.
		const newer = Array.from({ length: 5 }, (_, index) => execution(10 + index, T0 + 5 * HOUR + index, true));
		const moved = advance(seen.state, poll(newer, T0 + 5 * HOUR + 60_000));
		expect(moved.state.since).toBeGreaterThan(T0 + 2000);
		const finished = advance(moved.state, poll([execution(2, T0 + 2000, true)], T0 + 6 * HOUR));
		expect(ids(finished.finished)).toEqual(['2']);
		expect(pendingIdsOf(finished.state, '20001')).toEqual([]);
	});

	test('hours without a successful poll (n8n down, API failing) lose nothing created meanwhile', () => {
		const state = activated();
		const created = execution(2, T0 + HOUR, true);
		expect(scanFloor(state)).toBeLessThanOrEqual(created.created);
		expect(ids(advance(state, poll([created], T0 + 9 * HOUR)).finished)).toEqual(['2']);
	});

	test('quiet hours move `since` with the time of the last successful poll, so a poll lists little', () => {
		const quiet = advance(activated(), poll([], T0 + 5 * HOUR)).state;
		expect(quiet.since).toBe(T0 + 5 * HOUR - CLOCK_WINDOW_MS);
		expect(quiet.recent).toEqual([]);
	});

	test('the previous state is left untouched (a failed poll keeps it)', () => {
		const state = activated();
		const copy = JSON.parse(JSON.stringify(state));
		advance(state, poll([execution(2, T0 + 2000, false), execution(3, T0 + 3000, true)], T0 + 60_000));
		expect(state).toEqual(copy);
	});

	test('pending executions that are gone (404) or whose import left the scope are dropped', () => {
		const watched = advance(activated(), poll([execution(2, T0 + 2000, false), execution(3, T0 + 3000, false, '20002')], T0 + 60_000)).state;
		const next = advance(watched, poll([], T0 + 120_000, { gone: ['2'], importIds: ['20001'] }));
		expect(next.state.pending).toEqual([]);
	});

	test('`since` follows the newest creation date, WINDOW_MS behind, and the scan goes SCAN_SLACK_MS further', () => {
		const next = advance(activated(), poll([execution(2, T0 + 3 * HOUR, true)], T0 + 3 * HOUR));
		expect(next.state.since).toBe(T0 + 3 * HOUR - WINDOW_MS);
		expect(scanFloor(next.state)).toBeLessThan(next.state.since);
		expect(next.state.recent).toEqual([['2', T0 + 3 * HOUR]]);
	});
});

describe('bounded state', () => {
	test('a year of busy polling keeps the state small', () => {
		let state = startState('scope', [], T0);
		let id = 1;
		let emitted = 0;
		for (let hour = 0; hour < 365 * 24; hour += 1) {
			const now = T0 + hour * HOUR;
			// 10 executions an hour, each finishing within the hour; one stays in flight until the next poll.
			const observed = Array.from({ length: 10 }, (_, index) => execution(id + index, now + index * 1000, index !== 9));
			if (hour > 0) observed.push(execution(id - 1, now - HOUR + 9000, true));
			id += 10;
			const next = advance(state, poll(observed, now + 30 * 60 * 1000));
			emitted += next.finished.length;
			state = next.state;
		}
		expect(emitted).toBe(id - 2);
		expect(JSON.stringify(state).length).toBeLessThan(2000);
	});

	test('more than RECENT_LIMIT executions within the window: the oldest are forgotten and `since` rises above them', () => {
		const burst = Array.from({ length: RECENT_LIMIT + 500 }, (_, index) => execution(index + 1, T0 + index, true));
		const next = advance(startState('scope', [], T0), poll(burst, T0 + 60_000));
		expect(next.finished).toHaveLength(burst.length);
		expect(next.state.recent.length).toBeLessThanOrEqual(RECENT_LIMIT);
		// Listed again: nothing is taken for new.
		expect(advance(next.state, poll(burst, T0 + 120_000)).finished).toEqual([]);
	});

	test('every execution in flight is watched, however many: 2,500 that finish after 150 minutes are all emitted', () => {
		const count = 2500;
		const inFlight = Array.from({ length: count }, (_, index) => execution(index + 1, T0 + index, false));
		let state = startState('scope', inFlight, T0 + 60_000);
		expect(state.pending).toHaveLength(count);
		let emitted = 0;
		// A poll every 5 minutes; all of them still running until minute 150.
		for (let minute = 5; minute <= 160; minute += 5) {
			const now = T0 + minute * 60_000;
			const finishedNow = minute >= 150;
			const next = advance(state, poll(inFlight.map((item) => ({ ...item, finished: finishedNow, ended: finishedNow ? now : null })), now));
			emitted += next.finished.length;
			expect(next.abandoned).toEqual([]);
			state = next.state;
		}
		expect(emitted).toBe(count);
		expect(state.pending).toEqual([]);
	});

	test('an import with many watched executions is listed down to the oldest of them, not read one by one', () => {
		const inFlight = Array.from({ length: WATCHED_BY_ID_LIMIT + 1 }, (_, index) => execution(index + 1, T0 + index * 1000, false));
		let state = startState('scope', inFlight, T0 + 60_000);
		state = advance(state, poll(inFlight, T0 + 10 * HOUR)).state;
		expect(importFloor(state, '20001')).toBe(T0);
		expect(importFloor(state, '20002')).toBe(scanFloor(state));
		const few = advance(startState('scope', inFlight.slice(0, WATCHED_BY_ID_LIMIT), T0 + 60_000), poll(inFlight.slice(0, WATCHED_BY_ID_LIMIT), T0 + 10 * HOUR)).state;
		expect(importFloor(few, '20001')).toBe(scanFloor(few));
	});

	test('an execution still unfinished WATCH_LIMIT_MS after creation is given up, and said so (abandoned)', () => {
		const old = execution(1, T0, false);
		const state = startState('scope', [old], T0 + 60_000);
		const next = advance(state, poll([old], T0 + WATCH_LIMIT_MS + HOUR));
		expect(next.state.pending).toEqual([]);
		expect(next.abandoned).toEqual([{ importId: '20001', id: '1', created: T0 }]);
	});
});

describe('readState', () => {
	test('accepts only a state of this version and scope', () => {
		const state = startState('scope-a', [], T0);
		expect(readState(JSON.parse(JSON.stringify(state)), 'scope-a')).toEqual(state);
		expect(readState(state, 'scope-b')).toBeUndefined();
		expect(readState({ ...state, version: 0 }, 'scope-a')).toBeUndefined();
		expect(readState(undefined, 'scope-a')).toBeUndefined();
		expect(readState({ scope: 'scope-a', version: 1 }, 'scope-a')).toBeUndefined();
	});
});

test('compareIds orders digit strings as numbers', () => {
	expect(['11600010', '9', '11600002'].sort(compareIds)).toEqual(['9', '11600002', '11600010']);
});

/**
 * A model of the platform and of n8n around the pure functions: executions
 * are created and finish over time, polls list what the node lists (down to
 * the scan floor, plus the watched ones), some polls fail, and n8n restarts
 * from the state it last saved (n8n saves static data when a poll emits).
 * Whatever happens, each execution that finished after activation is emitted
 * exactly once, and none that finished before.
 */
describe('property: exactly once, whatever the interleaving', () => {
	type Action =
		| { kind: 'create'; importIndex: number; finished: boolean }
		| { kind: 'finish'; pick: number }
		| { kind: 'tick'; ms: number }
		| { kind: 'poll'; fails: boolean; extra: number }
		| { kind: 'restart' };

	const action: fc.Arbitrary<Action> = fc.oneof(
		fc.record({ kind: fc.constant('create' as const), importIndex: fc.nat(2), finished: fc.boolean() }),
		fc.record({ kind: fc.constant('finish' as const), pick: fc.nat() }),
		fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 2 * HOUR }) }),
		fc.record({ kind: fc.constant('poll' as const), fails: fc.boolean(), extra: fc.nat() }),
		fc.record({ kind: fc.constant('restart' as const) }),
	);

	interface WorldExecution {
		id: number;
		importId: string;
		created: number;
		finishedAt?: number;
	}

	test('random histories', () => {
		fc.assert(
			fc.property(fc.array(action, { maxLength: 8 }), fc.array(action, { maxLength: 60 }), (before, after) => {
				const world: WorldExecution[] = [];
				let clock = T0;
				let nextId = 11600001;
				const imports = ['20001', '20002', '20003'];
				const apply = (step: Action, onPoll: (step: { fails: boolean; extra: number }) => void, onRestart: () => void) => {
					if (step.kind === 'create') {
						clock += 1;
						world.push({ id: nextId++, importId: imports[step.importIndex], created: clock, finishedAt: step.finished ? clock : undefined });
					} else if (step.kind === 'finish') {
						const open = world.filter((item) => item.finishedAt === undefined);
						if (open.length) open[step.pick % open.length].finishedAt = ++clock;
					} else if (step.kind === 'tick') {
						clock += step.ms;
					} else if (step.kind === 'poll') {
						onPoll(step);
					} else {
						onRestart();
					}
				};
				const observe = (state: TriggerState | undefined, extra: number): Array<ObservedExecution<string>> => {
					const floor = state ? scanFloor(state) : startFloor(clock);
					const watched = new Set((state?.pending ?? []).map((entry) => entry.id));
					return world
						.filter((item, index) => item.created >= floor || watched.has(String(item.id)) || (extra >> index % 30) % 2 === 1)
						.map((item) => execution(item.id, item.created, item.finishedAt !== undefined, item.importId, item.finishedAt ?? null));
				};

				// History before activation: polls and restarts mean nothing yet.
				for (const step of before) apply(step, () => {}, () => {});
				const activation = clock;
				let live = startState('scope', observe(undefined, 0), clock);
				let saved = live;
				const emitted: string[] = [];
				const pollOnce = (step: { fails: boolean; extra: number }) => {
					clock += 1;
					const next = advance(live, poll(observe(live, step.extra), clock, { importIds: imports }));
					if (step.fails) return; // the poll threw after reading: nothing is kept
					live = next.state;
					if (next.finished.length) {
						emitted.push(...ids(next.finished));
						saved = JSON.parse(JSON.stringify(live));
					}
				};
				for (const step of after) apply(step, pollOnce, () => (live = JSON.parse(JSON.stringify(saved))));
				// Everything finishes, then two good polls.
				for (const item of world) if (item.finishedAt === undefined) item.finishedAt = ++clock;
				pollOnce({ fails: false, extra: 0 });
				pollOnce({ fails: false, extra: 0 });

				const expected = world.filter((item) => item.finishedAt! > activation).map((item) => String(item.id));
				expect([...emitted].sort()).toEqual([...expected].sort());
			}),
			{ numRuns: 300 },
		);
	});
});
