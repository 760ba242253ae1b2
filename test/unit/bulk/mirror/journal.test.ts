import { checkJournal, nextJournal } from '../../../../nodes/Mediarithmics/bulk/mirror';

const execution = (id: string, creationDate: number, status = 'SUCCEEDED', totalFailure: number | undefined = 0) => ({ id, creationDate, status, totalFailure });

describe('the import as the mirror journal', () => {
	const journal = { knownThrough: 1000, executions: [{ id: '3', settled: false }, { id: '4', settled: false }, { id: '5', settled: false }] };

	it('reads back the executions the state does not know and its own that did not end cleanly', () => {
		const check = checkJournal(journal, [
			execution('1', 500),
			execution('3', 900),
			execution('4', 901, 'SUCCEEDED', 2),
			execution('5', 902, 'FAILED', undefined),
			execution('6', 1000),
			execution('7', 1500, 'CANCELED', undefined),
		]);
		expect(check).toEqual({ toRead: ['4', '5', '6', '7'], running: [] });
	});

	it('names the executions still running, so that the run stops', () => {
		expect(checkJournal(journal, [execution('6', 1200, 'PENDING', undefined), execution('7', 1300, 'RUNNING', undefined)]).running).toEqual(['6', '7']);
		expect(checkJournal(undefined, [execution('6', 1200, 'RUNNING', undefined)]).running).toEqual(['6']);
	});

	it('without a state reads nothing back (a full refresh)', () => {
		expect(checkJournal(undefined, [execution('1', 500, 'FAILED', undefined)]).toRead).toEqual([]);
	});

	it('records every execution now as known, the run own ones as pending', () => {
		expect(nextJournal([execution('1', 500), execution('8', 1700)], ['8'])).toEqual({ knownThrough: 1701, executions: [{ id: '8', settled: false }] });
	});
});
