import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequestPage, cancelSignalOf, retryPolicyOf, sleepUnlessCanceled, type CallReport } from '../../../../transport';

/**
 * How far the platform's clock (creation_date) may be behind n8n's when
 * deciding whether an execution is recent enough to be ours.
 */
const CLOCK_SKEW_MS = 60_000;
const PAGE_SIZE = 100;
/** Between two looks at executions whose line count the platform has not filled in yet: 1 s, doubling up to 10 s. */
const FIRST_LOOK_INTERVAL_MS = 1000;
const MAX_LOOK_INTERVAL_MS = 10_000;

/**
 * The executions of one import as this run knows them, to tell after an
 * upload attempt with an unknown outcome whether that attempt created one.
 *
 * An execution is taken as the attempt's when it has the part's number of
 * lines (`parameters.number_of_lines`), was created since the attempt
 * started (allowing for clock skew), was not there before the run (the recent
 * executions are noted before the first upload) and is not already another
 * part's. Another workflow uploading a file of the same number of lines to
 * the same import at the same moment is the one case it cannot tell apart.
 *
 * A new execution has `parameters: null` until the platform has read its file
 * (the docs' create answer), so its line count may not be known yet: such a
 * candidate is looked at again, within Max Retry Time, until it shows its
 * line count. One that still does not is never guessed at: the part is not
 * sent again, and the error names the execution that may hold it
 * (UploadOutcomeUnknownError).
 */
export class UploadLedger {
	private readonly claimed = new Set<string>();
	private readonly before = new Set<string>();
	/** Parts with an attempt that timed out and was found not done: the platform may still finish it. */
	private watched: LateCopyWatch[] = [];
	/** The import was created by this run: no one else adds executions to it (see settledByCount). */
	private newImport = false;

	constructor(private readonly executionsPath: string) {}

	/** Notes the executions created lately (older ones are outside any attempt's window anyway). */
	async noteExisting(context: IExecuteFunctions, newImport: boolean): Promise<void> {
		this.newImport = newImport;
		if (newImport) return;
		for (const execution of await this.recent(context, Date.now() - CLOCK_SKEW_MS)) this.before.add(String(execution.id));
	}

	claim(executionId: string): void {
		this.claimed.add(executionId);
	}

	/** After the part's call: look for a late copy once every part is up (see reportLateCopies). */
	watchForLateCopy(watch: LateCopyWatch): void {
		this.watched.push(watch);
	}

	/**
	 * Looks once more for each watched part: the platform may have finished
	 * the timed-out attempt after it was checked, so the part's lines are in
	 * the import twice. Reported, never acted on (it might be another
	 * workflow's upload of as many lines): the part's output gets `lateCopy`,
	 * n8n shows a warning hint, the log a warning. Returns the messages (for a
	 * failure's description). Never throws, but for a stopped workflow.
	 */
	async reportLateCopies(context: IExecuteFunctions): Promise<string[]> {
		const messages: string[] = [];
		const watched = this.watched;
		this.watched = [];
		for (const watch of watched) {
			const part = `Part ${String(watch.item.json.part)}`;
			const documentImport = `document import ${String(watch.item.json.document_import_id)}`;
			let late: IDataObject | undefined;
			let unread: IDataObject[] = [];
			try {
				({ found: late, unread } = await this.look(context, watch.lines, watch.since, Date.now() + retryPolicyOf(context).maxRetryMs));
			} catch (error) {
				if (cancelSignalOf(context)?.aborted) throw new NodeOperationError(context.getNode(), error as Error);
				messages.push(
					`${part} was sent again after an attempt that timed out; looking afterwards for a late copy of it failed (${(error as Error).message}). List the executions of ${documentImport} to check that its ${watch.lines} lines are there once.`,
				);
				continue;
			}
			if (!late) {
				if (unread.length) {
					messages.push(
						`${part} was sent again after an attempt that timed out; ${describeUnread(unread)}, created during this upload in ${documentImport}, may be a late copy of it. Look at ${unread.length === 1 ? 'it' : 'them'} with Execution > Get: one with parameters.number_of_lines ${watch.lines} holds its lines a second time; cancel it while it is PENDING (Execution > Cancel).`,
					);
				}
				continue;
			}
			this.claim(String(late.id));
			watch.item.json.lateCopy = { executionId: String(late.id), statusWhenFound: late.status ?? null };
			messages.push(
				`${part} (or another part of ${watch.lines} lines sent again after a timeout) may be in ${documentImport} twice: execution ${String(late.id)} (${watch.lines} lines, created during this upload, ${String(late.status ?? 'status unknown')} when found) appeared after the timed-out attempt had been checked and the part uploaded again as execution ${String(watch.item.json.id)}. If it is the copy, cancel it while it is PENDING (Execution > Cancel).`,
			);
		}
		for (const message of messages) {
			context.logger.warn(`mediarithmics: ${message}`);
			// The output also carries it (lateCopy), where an n8n shows no hints.
			context.addExecutionHints?.({ message, type: 'warning', location: 'outputPane' });
		}
		return messages;
	}

	/**
	 * The execution the attempt started at `since` created, if any: created
	 * since then (allowing for clock skew), of `lines` lines, not there before
	 * the run and not a part's. Undefined when none is and every candidate
	 * shows another line count: nothing was created, the part may be sent
	 * again. Throws UploadOutcomeUnknownError when, at `deadline`, a candidate
	 * still does not show its line count.
	 */
	async find(context: IExecuteFunctions, part: PartLines, since: number, deadline: number): Promise<IDataObject | undefined> {
		const { found, unread } = await this.look(context, part.lines, since, deadline, true);
		if (found || unread.length === 0) return found;
		throw new UploadOutcomeUnknownError(context, part, unread);
	}

	/** Looks until a candidate has `lines` lines, or none is left without a line count, or `deadline` has passed. */
	private async look(
		context: IExecuteFunctions,
		lines: number,
		since: number,
		deadline: number,
		settleByCount = false,
	): Promise<{ found?: IDataObject; unread: IDataObject[] }> {
		for (let interval = FIRST_LOOK_INTERVAL_MS; ; interval = Math.min(interval * 2, MAX_LOOK_INTERVAL_MS)) {
			const candidates = (await this.recent(context, since - CLOCK_SKEW_MS)).filter(
				(execution) => !this.claimed.has(String(execution.id)) && !this.before.has(String(execution.id)),
			);
			const found = candidates.find((execution) => lineCountOf(execution) === lines);
			const unread = candidates.filter((execution) => lineCountOf(execution) === undefined);
			if (!found && unread.length > 0 && settleByCount) {
				const settled = await this.settledByCount(context, unread);
				if (settled) return { found: settled, unread: [] };
			}
			const remaining = deadline - Date.now();
			if (found || unread.length === 0 || remaining <= 0) return { found, unread };
			context.logger.debug(`mediarithmics: ${describeUnread(unread)} shows no line count yet; looking again in ${Math.min(interval, remaining)} ms`);
			await sleepUnlessCanceled.call(context, Math.min(interval, remaining), `to retry GET ${this.executionsPath}`);
		}
	}

	/**
	 * On an import this run created, nothing else adds executions (the
	 * platform's advice: one import per batch), so when the import holds
	 * exactly one execution that is no part's, and no earlier part may have a
	 * late copy there, that execution is the one the attempt created, line
	 * count shown or not. Anything else (an existing import, two unclaimed
	 * executions) takes the careful path: wait for the line counts.
	 */
	private async settledByCount(context: IExecuteFunctions, unread: IDataObject[]): Promise<IDataObject | undefined> {
		if (!this.newImport || this.watched.length > 0) return undefined;
		const unclaimed = (await this.recent(context, 0)).filter((execution) => !this.claimed.has(String(execution.id)));
		if (unclaimed.length !== 1 || !unread.some((execution) => String(execution.id) === String(unclaimed[0].id))) return undefined;
		context.logger.debug(
			`mediarithmics: execution ${String(unclaimed[0].id)} is the only execution of the new import that is no part's: it is the attempt's (settled by count, its line count not shown yet)`,
		);
		return unclaimed[0];
	}

	/**
	 * Executions created at or after `notBefore`. The list is newest first (see
	 * README decisions), so reading stops at the first older one; a page that is
	 * not newest first makes it read the list to its end rather than miss one.
	 */
	private async recent(context: IExecuteFunctions, notBefore: number): Promise<IDataObject[]> {
		const recent: IDataObject[] = [];
		for (let firstResult = 0; ; ) {
			const { data } = await apiRequestPage.call(context, this.executionsPath, firstResult, PAGE_SIZE);
			const fresh = data.filter((execution) => Number(execution.creation_date) >= notBefore);
			recent.push(...fresh);
			firstResult += data.length;
			const newestFirst = data.every((execution, index) => index === 0 || Number(data[index - 1].creation_date) >= Number(execution.creation_date));
			if (data.length < PAGE_SIZE || (newestFirst && fresh.length < data.length)) return recent;
		}
	}
}

/** The line count of an execution, once the platform has read its file (`parameters` is null before). */
function lineCountOf(execution: IDataObject): number | undefined {
	const count = (execution.parameters as IDataObject | null | undefined)?.number_of_lines;
	return typeof count === 'number' || (typeof count === 'string' && count.trim() !== '') ? Number(count) : undefined;
}

function describeUnread(unread: IDataObject[]): string {
	const ids = unread.map((execution) => String(execution.id)).join(', ');
	return unread.length === 1 ? `execution ${ids} (line count not shown yet)` : `executions ${ids} (line counts not shown yet)`;
}

/** What the check after an unknown outcome needs of the part: its line count, and where it sits in the input. */
export interface PartLines {
	index: number;
	lines: number;
	firstLine: number;
	lastLine: number;
	/**
	 * The next part's first line, when known: where an upload that holds this
	 * part goes on. Not lastLine + 1 when the part's last record is a CSV record
	 * over several lines (Start From Input Line inside it is refused).
	 */
	nextLine?: number;
}

/**
 * After an attempt with an unknown outcome, an execution created meanwhile
 * still did not show its line count when Max Retry Time ran out: it may hold
 * the part, or be someone else's. The part is not sent again blindly; the
 * error says which execution to look at and what decides.
 */
export class UploadOutcomeUnknownError extends NodeOperationError {
	readonly executionIds: string[];

	constructor(context: IExecuteFunctions, part: PartLines, unread: IDataObject[]) {
		const ids = unread.map((execution) => String(execution.id));
		const which = unread.length === 1 ? `execution ${ids[0]}` : `one of executions ${ids.join(', ')}`;
		super(
			context.getNode(),
			`the outcome of the upload is unknown and could not be settled: ${which}, created since the attempt, may hold it, but the platform did not show ${unread.length === 1 ? 'its line count' : 'their line counts'} within Max Retry Time`,
			{
				description: `It was not sent again, so that its lines are not imported twice. Look at ${which} (Execution > Get, or Get Many on the import): once parameters.number_of_lines shows ${part.lines}, it holds part ${part.index} (lines ${part.firstLine} to ${part.lastLine} of the input), and the upload goes on after line ${part.lastLine} (set Start From Input Line to ${part.nextLine ?? part.lastLine + 1}). With another count (or none there), part ${part.index} was not uploaded: upload again from line ${part.firstLine} (set Start From Input Line to ${part.firstLine}).`,
			},
		);
		this.executionIds = ids;
	}
}

/** A part with an attempt that timed out and was found not done: its output item, its line count, when its call started. */
export interface LateCopyWatch {
	item: INodeExecutionData;
	lines: number;
	since: number;
}

/** What became of an upload, in the output: created at once, found after an unknown outcome, or uploaded again. */
export function uploadOutcomeOf(report: CallReport): 'created' | 'recovered' | 're-uploaded' {
	if (report.outcome === 'recovered') return 'recovered';
	return report.outcome === 'redone' ? 're-uploaded' : 'created';
}
