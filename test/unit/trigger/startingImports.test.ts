/**
 * Imports the first poll had no time to read (n8n's poll budget): a later
 * poll reads each as the first poll would have, taking as new only what
 * ended after the watch started.
 */
import { advance, pendingIdsOf, startState, type ObservedExecution } from '../../../nodes/Mediarithmics/trigger/finishedExecutions';

const T0 = Date.UTC(2026, 10, 1);
const MINUTE = 60_000;

const execution = (id: number, importId: string, created: number, ended: number | null): ObservedExecution<string> => ({
	importId,
	id: String(id),
	finished: ended !== null,
	created,
	ended,
	value: `execution ${id}`,
});
const ids = (finished: Array<ObservedExecution<unknown>>) => finished.map((item) => item.id);
const importIds = ['A', 'B', 'C'];

test('the first poll keeps when the watch started and the imports it did not read', () => {
	const state = startState('scope', [execution(1, 'A', T0 - MINUTE, T0 - MINUTE)], T0, ['B', 'C']);
	expect(state).toMatchObject({ startedAt: T0, starting: ['B', 'C'] });
	expect(startState('scope', [], T0)).not.toHaveProperty('starting');
});

test('an import read late: what ended before the watch started is history, what ended after is emitted once, what is in flight is watched', () => {
	const start = startState('scope', [], T0, ['B']);
	const inB = [
		execution(1, 'B', T0 - 10 * MINUTE, T0 - 5 * MINUTE),
		execution(2, 'B', T0 - 10 * MINUTE, T0 + MINUTE),
		execution(3, 'B', T0 - 2 * MINUTE, null),
		execution(4, 'B', T0 + MINUTE, T0 + 2 * MINUTE),
	];
	const read = advance(start, { observed: inB, gone: [], importIds, now: T0 + 3 * MINUTE, started: ['B'] });
	expect(ids(read.finished)).toEqual(['2', '4']);
	expect(read.state).not.toHaveProperty('starting');
	expect(pendingIdsOf(read.state, 'B')).toEqual(['3']);

	// Read again as any import: nothing twice, and the one in flight once it finishes.
	const again = advance(read.state, {
		observed: [...inB.filter((item) => item.id !== '3'), execution(3, 'B', T0 - 2 * MINUTE, T0 + 4 * MINUTE)],
		gone: [],
		importIds,
		now: T0 + 5 * MINUTE,
	});
	expect(ids(again.finished)).toEqual(['3']);
	expect(advance(again.state, { observed: inB.filter((item) => item.id !== '3'), gone: [], importIds, now: T0 + 6 * MINUTE }).finished).toEqual([]);
});

test('imports not read yet stay to be started; one that left the scope is dropped', () => {
	const start = startState('scope', [], T0, ['B', 'C']);
	const partial = advance(start, { observed: [], gone: [], importIds, now: T0 + MINUTE, started: ['B'] });
	expect(partial.state.starting).toEqual(['C']);
	const outOfScope = advance(start, { observed: [], gone: [], importIds: ['A', 'B'], now: T0 + MINUTE });
	expect(outOfScope.state.starting).toEqual(['B']);
});
