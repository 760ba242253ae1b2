import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequestEnvelope, cancelSignalOf, type CallReport } from '../../transport';

/**
 * How far the platform's clock (creation_date) may be behind n8n's when
 * deciding whether an execution is recent enough to be ours.
 */
const CLOCK_SKEW_MS = 60_000;
const PAGE_SIZE = 100;

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
 */
export class UploadLedger {
	private readonly claimed = new Set<string>();
	private readonly before = new Set<string>();
	/** Parts with an attempt that timed out and was found not done: the platform may still finish it. */
	private watched: LateCopyWatch[] = [];

	constructor(private readonly executionsPath: string) {}

	/** Notes the executions created lately (older ones are outside any attempt's window anyway). */
	async noteExisting(context: IExecuteFunctions, newImport: boolean): Promise<void> {
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
			try {
				late = await this.find(context, watch.lines, watch.since);
			} catch (error) {
				if (cancelSignalOf(context)?.aborted) throw new NodeOperationError(context.getNode(), error as Error);
				messages.push(
					`${part} was sent again after an attempt that timed out; looking afterwards for a late copy of it failed (${(error as Error).message}). List the executions of ${documentImport} to check that its ${watch.lines} lines are there once.`,
				);
				continue;
			}
			if (!late) continue;
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

	/** The execution the attempt started at `since` created, if any: created since then (allowing for clock skew), of `lines` lines, not there before the run and not a part's. */
	async find(context: IExecuteFunctions, lines: number, since: number): Promise<IDataObject | undefined> {
		return (await this.recent(context, since - CLOCK_SKEW_MS)).find(
			(execution) =>
				!this.claimed.has(String(execution.id)) &&
				!this.before.has(String(execution.id)) &&
				Number((execution.parameters as IDataObject | null)?.number_of_lines) === lines,
		);
	}

	/**
	 * Executions created at or after `notBefore`. The list is newest first (see
	 * README decisions), so reading stops at the first older one; a page that is
	 * not newest first makes it read the list to its end rather than miss one.
	 */
	private async recent(context: IExecuteFunctions, notBefore: number): Promise<IDataObject[]> {
		const recent: IDataObject[] = [];
		for (let firstResult = 0; ; ) {
			const page = (await apiRequestEnvelope.call(context, 'GET', this.executionsPath, {
				qs: { first_result: firstResult, max_results: PAGE_SIZE },
			})) as IDataObject;
			const data = (page.data as IDataObject[]) ?? [];
			const fresh = data.filter((execution) => Number(execution.creation_date) >= notBefore);
			recent.push(...fresh);
			firstResult += data.length;
			const newestFirst = data.every((execution, index) => index === 0 || Number(data[index - 1].creation_date) >= Number(execution.creation_date));
			if (data.length < PAGE_SIZE || (newestFirst && fresh.length < data.length)) return recent;
		}
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
