import { asBuffer, FileRecordReader, type MappedRecord, type MappedRecordSink, type RecordFormat, type RecordInput, type RecordView } from '../../../../bulk';
import { compileRecordLines, type RecordLineWriter } from '../lines/mapping/recordLines';
import type { RecordMapper } from '../lines/mapping/recordMapping';

/**
 * One read of a CRM export's records, mapped to lines (bulk/split/records/recordParts.ts
 * plans and sends them). Each record of a chunk is read into one reused view
 * (its cells), mapped, and handed on in one reused MappedRecord: the line as
 * text when the mapping is one recordLines.ts writes from the cells, else the
 * value buildLine makes of the record as an object (RecordMapper), or why it
 * has none. `hashEmails` false (pass 1) leaves the email digests out of the
 * lines (recordLines.ts says why the plan is the same).
 */
export class MappedRecordInput implements RecordInput {
	private readonly iterator: AsyncIterator<Uint8Array>;
	private readonly reader: FileRecordReader;
	private readonly record: MappedRecord = { line: 0, end: 0, text: undefined, ascii: false, key: undefined, keyKind: 0, writeLine: () => this.writeLine(), value: undefined, problem: undefined };
	/** The cells of the record being handed on (valid during the sink's call). */
	private cells: readonly string[] = [];
	/** Compiled with the first record, once the header is known; undefined: map every record the general way. */
	private writer: RecordLineWriter | undefined | null = null;
	private sink: MappedRecordSink = () => undefined;
	private readonly onView = (view: RecordView) => this.deliver(view);

	constructor(
		input: AsyncIterable<Uint8Array>,
		private readonly format: RecordFormat,
		private readonly mapper: RecordMapper,
		maxRecordBytes: number,
		/** Whether the line written from the cells is the one sent (its CSV-less NDJSON form). */
		private readonly linesFromCells: boolean,
		private readonly hashEmails: boolean,
		/** Start From Input Line (records before it dropped unread). */
		startLine = 1,
		/** Whether a line the mapping knows to be ASCII is handed on as such (false: as a line of unknown characters; for comparisons). */
		private readonly asciiLines = true,
	) {
		this.iterator = input[Symbol.asyncIterator]();
		this.reader = new FileRecordReader(format, maxRecordBytes, { hashPrefix: true, startLine });
	}

	async next(sink: MappedRecordSink): Promise<boolean> {
		this.sink = sink;
		const next = await this.iterator.next();
		if (next.done === true) {
			this.reader.end(this.onView);
			return false;
		}
		this.reader.push(asBuffer(next.value), this.onView);
		return true;
	}

	get linesSeen(): number {
		return this.reader.linesSeen;
	}

	prefixSha256(offset: number): string {
		return this.reader.prefixSha256(offset);
	}

	async close(): Promise<void> {
		await this.iterator.return?.();
	}

	private deliver(view: RecordView): void {
		const record = this.record;
		record.line = view.line;
		record.end = view.end;
		record.text = undefined;
		record.ascii = false;
		record.key = undefined;
		record.value = undefined;
		record.problem = view.problem;
		if (view.problem === undefined) {
			if (this.writer === null) {
				this.writer = this.format === 'csv' && this.linesFromCells ? compileRecordLines(this.mapper, this.reader.columns as readonly string[]) : undefined;
				if (this.writer) this.reader.readOnly(this.writer.reads);
			}
			const writer = this.writer;
			this.cells = view.cells;
			// Pass 1 with the emails hashed: the line's key, the line itself only if the planner needs it.
			if (writer?.key !== undefined && !this.hashEmails) {
				record.key = writer.key(view.cells);
				record.keyKind = writer.keyKind;
			} else if (writer !== undefined) {
				record.text = writer.line(view.cells, this.hashEmails);
				record.ascii = writer.ascii && this.asciiLines;
			}
			if (record.text === undefined && record.key === undefined) {
				const mapped = this.mapper.map({ line: view.line, fields: this.reader.fieldsOf(view) }, this.reader.columns);
				record.value = mapped.value;
				record.problem = mapped.problem;
			}
		}
		this.sink(record);
	}

	private writeLine(): string {
		return (this.writer as RecordLineWriter).line(this.cells, this.hashEmails) as string;
	}
}
