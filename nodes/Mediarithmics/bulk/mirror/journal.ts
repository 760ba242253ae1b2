/**
 * The mirror's import as its journal (docs/mirror.md, Never wrong for good): which executions a run
 * must read back before it diffs, and what the next state records.
 */
import { SUCCESS_STATUSES, TERMINAL_STATUSES } from '../rules/documentTypes';
import type { MirrorJournal } from './state';

/** An execution of the mirror's import, as the executions list gives it. */
export interface ImportExecution {
	id: string;
	/** creation_date, ms. */
	creationDate: number;
	status: string;
	/** result.total_failure; undefined while there is no result. */
	totalFailure?: number;
}

const FINISHED = new Set<string>(TERMINAL_STATUSES);
const SUCCEEDED = new Set<string>(SUCCESS_STATUSES);

export interface JournalCheck {
	/** Executions whose input files must be read and their members marked uncertain. */
	toRead: string[];
	/** Executions not finished yet: the run must stop (two runs' lines could be applied in either order). */
	running: string[];
}

export function checkJournal(journal: MirrorJournal | undefined, executions: ImportExecution[]): JournalCheck {
	const pending = new Set(journal?.executions.filter((execution) => !execution.settled).map((execution) => execution.id));
	const toRead: string[] = [];
	const running: string[] = [];
	for (const execution of executions) {
		if (!FINISHED.has(execution.status)) {
			running.push(execution.id);
			continue;
		}
		if (journal === undefined) continue;
		const unknown = execution.creationDate >= journal.knownThrough;
		const clean = SUCCEEDED.has(execution.status) && execution.totalFailure === 0;
		if (unknown || (pending.has(execution.id) && !clean)) toRead.push(execution.id);
	}
	return { toRead, running };
}

/** The journal of the state a run outputs: every execution of the import now is known, the run's own pending. */
export function nextJournal(executionsNow: ImportExecution[], createdByRun: string[]): MirrorJournal {
	const newest = executionsNow.reduce((latest, execution) => Math.max(latest, execution.creationDate), 0);
	return { knownThrough: newest + 1, executions: createdByRun.map((id) => ({ id, settled: false })) };
}
