/**
 * A read of a file's records as the mirror sees them (mirrorFromFile.ts), over the record upload's
 * RecordInput (input/recordInput.ts), so that the record upload's planner and part reader
 * (bulk/split/records/recordParts.ts) check and send the lines, with the file's line numbers and its
 * check that every read is of the same file.
 */
import type { MappedRecord, MappedRecordSink, RecordInput } from '../../../../bulk';

/** What the mirror makes of one record's line: nothing, or the values to send in its place. */
export type RecordLineVisitor = (line: Record<string, unknown>, record: MappedRecord, emit: (value: unknown) => void) => void;

/** The line a record was mapped to, as an object (written as text from the cells, or built by the mapper). */
function lineOfRecord(record: MappedRecord): Record<string, unknown> {
	return (record.text !== undefined ? JSON.parse(record.text) : record.value) as Record<string, unknown>;
}

/**
 * `passThrough`: every record is handed on as it is (the list pass: the planner checks each line and
 * names the bad ones) after `visit` saw its line. Otherwise only what `visit` emits is handed on, one
 * record per value at the record's line, then the `tail` values (the DELETE lines) at the file's end.
 */
export class MirrorRecordInput implements RecordInput {
	private readonly out: MappedRecord = { line: 0, end: 0, text: undefined, ascii: false, key: undefined, keyKind: 0, writeLine: () => '', value: undefined, problem: undefined };
	private sink: MappedRecordSink = () => undefined;
	private lastLine = 0;
	private lastEnd = 0;
	private readonly onRecord = (record: MappedRecord) => this.deliver(record);
	private readonly emit = (value: unknown) => this.emitValue(value);

	constructor(
		private readonly inner: RecordInput,
		private readonly visit: RecordLineVisitor,
		private readonly passThrough: boolean,
		private readonly tail: () => Iterable<unknown> = () => [],
		/** The records whose lines `visit` needs (the same predicate the inner input maps by); the others are only counted past. */
		private readonly wanted: (line: number) => boolean = () => true,
	) {}

	async next(sink: MappedRecordSink): Promise<boolean> {
		this.sink = sink;
		if (await this.inner.next(this.onRecord)) return true;
		for (const value of this.tail()) this.emitValue(value);
		return false;
	}

	get linesSeen(): number | undefined {
		return this.inner.linesSeen;
	}

	prefixSha256(offset: number): string {
		return this.inner.prefixSha256(offset);
	}

	close(): Promise<void> {
		return this.inner.close();
	}

	private deliver(record: MappedRecord): void {
		this.lastLine = record.line;
		this.lastEnd = record.end;
		// A record without a line: the planner names it (Invalid Lines is Stop for a mirror).
		if (record.problem === undefined && this.wanted(record.line)) this.visit(lineOfRecord(record), record, this.emit);
		if (this.passThrough || record.problem !== undefined) this.sink(record);
	}

	private emitValue(value: unknown): void {
		const out = this.out;
		out.line = this.lastLine;
		out.end = this.lastEnd;
		out.value = value;
		this.sink(out);
	}
}
