/**
 * The corpus of documented lines (test/corpus/documentedLines.ts) through the
 * node's checks and the simulator's, as each reads an uploaded file: the node
 * by checkNdjsonLine / checkCsvRecord (fast paths included), the simulator by
 * its NDJSON and CSV checkers. Both must give the corpus's verdict, so they
 * agree with each other and with the docs.
 */
import { checkCsvRecord, checkNdjsonLine, parseCsvHeader } from '../../../nodes/Mediarithmics/bulk/rules/checkLine';
import { validateLine } from '../../../nodes/Mediarithmics/bulk/rules/lineRules';
import { forgetTemplate } from '../../../nodes/Mediarithmics/bulk/rules/segmentLineTemplate';
import { DOCUMENTED_CSV_RECORDS, DOCUMENTED_LINES, type CorpusLine } from '../../corpus/documentedLines';
import { CsvChecker } from '../../simulator/upload/csvChecker';
import { NdjsonChecker } from '../../simulator/upload/ndjsonChecker';
import type { CheckedRecord } from '../../simulator/upload/recordChecker';
import type { DocumentType } from '../../simulator/types';

const textOf = (entry: CorpusLine) => (typeof entry.line === 'string' ? entry.line : JSON.stringify(entry.line));

/** The simulator's verdicts on these physical lines of one file, in order. */
function simulatorFailures(documentType: string, lines: string[], csv: boolean): Array<string | undefined> {
	const records: CheckedRecord[] = [];
	const sink = (record: CheckedRecord) => records.push(record);
	const checker = csv ? new CsvChecker(documentType as DocumentType, 8 << 20, sink) : new NdjsonChecker(documentType as DocumentType, 8 << 20, sink);
	lines.forEach((line, index) => checker.line({ lineNumber: index + 1, bytes: Buffer.from(line), tooLong: false }));
	checker.end();
	return records.map((record) => record.failure);
}

const title = (entry: { verdict: string; source: string; breaks?: string }) => `${entry.verdict}: ${entry.source}${entry.breaks ? ` (breaks: ${entry.breaks})` : ''}`;

describe.each([...new Set(DOCUMENTED_LINES.map((entry) => entry.documentType))])('documented %s lines', (documentType) => {
	const entries = DOCUMENTED_LINES.filter((entry) => entry.documentType === documentType);

	it.each(entries.map((entry) => [title(entry), entry] as const))('%s', (_title, entry) => {
		const text = textOf(entry);
		forgetTemplate();
		// Twice: the second time, a segment line may match the template the first one taught.
		const nodeReasons = [checkNdjsonLine(documentType, Buffer.from(text)), checkNdjsonLine(documentType, Buffer.from(text))];
		const [simulatorFailure] = simulatorFailures(documentType, [text], false);
		if (entry.verdict === 'accept') {
			expect(nodeReasons).toEqual([undefined, undefined]);
			expect(simulatorFailure).toBeUndefined();
		} else {
			expect(nodeReasons[0]).toBeDefined();
			expect(nodeReasons[1]).toEqual(nodeReasons[0]);
			if (entry.nodeReason) expect(nodeReasons[0]).toMatch(entry.nodeReason);
			expect(simulatorFailure).toBeDefined();
		}
	});
});

describe('documented USER_SEGMENT lines after a template of their shape', () => {
	// A near miss that differs from an accepted line only in a value must not ride on its template.
	const accepted = DOCUMENTED_LINES.filter((entry) => entry.documentType === 'USER_SEGMENT' && entry.verdict === 'accept');
	const refused = DOCUMENTED_LINES.filter((entry) => entry.documentType === 'USER_SEGMENT' && entry.verdict === 'refuse');
	it.each(refused.map((entry) => [title(entry), entry] as const))('%s', (_title, entry) => {
		for (const teacher of accepted) {
			forgetTemplate();
			expect(checkNdjsonLine('USER_SEGMENT', Buffer.from(textOf(teacher)))).toBeUndefined();
			expect(checkNdjsonLine('USER_SEGMENT', Buffer.from(textOf(entry)))).toBeDefined();
		}
	});
});

describe('documented USER_SEGMENT lines in a whole file', () => {
	it('every line gets the same verdict from the node and the simulator, in file order', () => {
		const segment = DOCUMENTED_LINES.filter((entry) => entry.documentType === 'USER_SEGMENT');
		const lines = segment.map(textOf);
		forgetTemplate();
		const node = lines.map((line) => checkNdjsonLine('USER_SEGMENT', Buffer.from(line)) === undefined);
		const simulator = simulatorFailures('USER_SEGMENT', lines, false).map((failure) => failure === undefined);
		expect(node).toEqual(segment.map((entry) => entry.verdict === 'accept'));
		expect(simulator).toEqual(node);
	});
});

describe('documented lines as values (Build Lines From Fields and items check them so)', () => {
	it.each(DOCUMENTED_LINES.filter((entry) => typeof entry.line !== 'string').map((entry) => [`${entry.documentType} ${title(entry)}`, entry] as const))('%s', (_title, entry) => {
		const reason = validateLine(entry.documentType, entry.line);
		if (entry.verdict === 'accept') expect(reason).toBeUndefined();
		else expect(reason).toBeDefined();
	});
});

describe('documented USER_SEGMENT records in CSV', () => {
	it.each(DOCUMENTED_CSV_RECORDS.map((entry) => [title(entry), entry] as const))('%s', (_title, entry) => {
		const parsed = parseCsvHeader(Buffer.from(entry.header), true);
		if ('problem' in parsed) throw new Error(parsed.problem);
		const nodeReason = checkCsvRecord(parsed.header, Buffer.from(entry.record));
		const [simulatorFailure] = simulatorFailures('USER_SEGMENT', [entry.header, entry.record], true);
		if (entry.verdict === 'accept') {
			expect(nodeReason).toBeUndefined();
			expect(simulatorFailure).toBeUndefined();
		} else {
			expect(nodeReason).toBeDefined();
			if (entry.nodeReason) expect(nodeReason).toMatch(entry.nodeReason);
			expect(simulatorFailure).toBeDefined();
		}
	});
});
