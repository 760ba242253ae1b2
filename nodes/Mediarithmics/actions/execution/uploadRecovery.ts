import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { apiRequestEnvelope, type CallReport } from '../../transport';

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

	constructor(private readonly executionsPath: string) {}

	/** Notes the executions created lately (older ones are outside any attempt's window anyway). */
	async noteExisting(context: IExecuteFunctions, newImport: boolean): Promise<void> {
		if (newImport) return;
		for (const execution of await this.recent(context, Date.now() - CLOCK_SKEW_MS)) this.before.add(String(execution.id));
	}

	claim(executionId: string): void {
		this.claimed.add(executionId);
	}

	/** The execution the attempt started at `since` created, if any. */
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

/** A part sent again after an attempt whose outcome was unknown: its output item, its line count, when its call started. */
export interface ReuploadedPart {
	item: INodeExecutionData;
	lines: number;
	since: number;
}

/**
 * Once a job's parts are all up, each part that was sent again after an
 * unknown outcome is looked for once more: the attempt given up on may have
 * been finished by the platform later than the check (after a timeout, the
 * platform is not stopped). Such a late copy means the part's lines are in
 * the import twice. It is reported, never acted on (it might be another
 * workflow's upload of as many lines): the part's output gets `lateCopy`
 * (the execution's id and status), n8n shows a warning hint, the log a
 * warning.
 */
export async function reportLateCopies(context: IExecuteFunctions, ledger: UploadLedger, parts: ReuploadedPart[]): Promise<void> {
	for (const part of parts) {
		let late: IDataObject | undefined;
		try {
			late = await ledger.find(context, part.lines, part.since);
		} catch (error) {
			// Every part is up: a failed look must not turn the upload into a failure, but it is said.
			const message = `Part ${String(part.item.json.part)} was uploaded again after an attempt with an unknown outcome; looking for a late copy of it afterwards failed (${(error as Error).message}). List the executions of document import ${String(part.item.json.document_import_id)} to check that it is there once.`;
			context.logger.warn(`mediarithmics: ${message}`);
			context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
			continue;
		}
		if (!late) continue;
		ledger.claim(String(late.id));
		part.item.json.lateCopy = { executionId: String(late.id), status: late.status ?? null };
		const message = `Part ${String(part.item.json.part)} may be in document import ${String(part.item.json.document_import_id)} twice: execution ${String(late.id)} (${part.lines} lines, created during this upload) appeared after an attempt with an unknown outcome had been checked and the part uploaded again as execution ${String(part.item.json.id)}. If it is the timed-out attempt, cancel it while it is PENDING (Execution > Cancel).`;
		context.logger.warn(`mediarithmics: ${message}`);
		context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
	}
}

/** What became of an upload, in the output: created at once, found after an unknown outcome, or uploaded again. */
export function uploadOutcomeOf(report: CallReport): 'created' | 'recovered' | 're-uploaded' {
	if (report.outcome === 'recovered') return 'recovered';
	return report.outcome === 'redone' ? 're-uploaded' : 'created';
}
