import fc from 'fast-check';

import { CLEAN, membershipOf, MirrorWorld, type PartFault, type Row, type RunFaults } from './mirrorModel';

const row: fc.Arbitrary<Row> = fc.record({
	who: fc.integer({ min: 0, max: 11 }),
	segments: fc.subarray(['a', 'b', '9', '10'], { minLength: 1 }),
	bag: fc.integer({ min: 0, max: 2 }),
	flagged: fc.boolean(),
});
const list = fc.array(row, { maxLength: 25 });
const partFault = fc.constantFrom<PartFault>('ok', 'ok', 'lineFailures', 'refused', 'unknownApplied', 'unknownLost');
const faults: fc.Arbitrary<RunFaults> = fc.record({
	stateAge: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
	partSize: fc.integer({ min: 1, max: 6 }),
	parts: fc.array(partFault, { minLength: 1, maxLength: 5 }),
	failEvery: fc.integer({ min: 1, max: 3 }),
	killAfter: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }),
	saved: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

describe('segment mirror over runs with faults (model of the platform membership table)', () => {
	it('after any faulty runs, a clean run leaves the segment equal to its list, sending only differences and uncertain members', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(list, faults), { maxLength: 6 }), list, fc.integer({ min: 0, max: 3 }), (runs, last, lastStateAge) => {
				const world = new MirrorWorld();
				// The first run has no state and a segment that starts empty: a full refresh.
				world.run(runs[0]?.[0] ?? [], CLEAN);
				for (const [rows, runFaults] of runs) world.run(rows, runFaults);
				// The last run is clean, but may be handed an older state than the newest saved one.
				const record = world.run(last, { ...CLEAN, stateAge: lastStateAge });
				expect(new Map([...world.platform].sort())).toEqual(new Map([...membershipOf(last)].sort()));
				for (const key of record.sent) expect(record.differences.has(key) || record.uncertain.has(key)).toBe(true);
			}),
			{ numRuns: 300 },
		);
	});

	it('without faults, each run sends exactly the members whose membership or line differs', () => {
		fc.assert(
			fc.property(fc.array(list, { minLength: 1, maxLength: 6 }), (lists) => {
				const world = new MirrorWorld();
				for (const rows of lists) {
					const record = world.run(rows, CLEAN);
					expect(record.uncertain.size).toBe(0);
					expect(new Set(record.sent)).toEqual(record.differences);
					expect(record.sent.length).toBe(record.differences.size);
					expect(new Map([...world.platform].sort())).toEqual(new Map([...membershipOf(rows)].sort()));
				}
			}),
			{ numRuns: 200 },
		);
	});
});
