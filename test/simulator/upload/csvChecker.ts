// CSV files (USER_SEGMENT only): a header line naming the columns, then one
// record per line, RFC 4180 quoting (a quoted field may hold commas, doubled
// quotes and newlines). Each record becomes the same object an NDJSON line
// would be, then goes through the same line rules.
//
// Decisions where the docs are silent:
// - The first non-blank line is a header naming the columns, in any order; it
//   is not a record.
// - An empty cell means the field is absent.
// - A header with an unknown or repeated column does not refuse the upload
//   (the platform checks files after accepting them): the execution is
//   created and every record fails with the header problem as its reason.

import { lineFailure } from '../lineRules';
import type { DocumentType } from '../types';
import { csvFields, endsInsideQuotes } from './csvFields';
import type { RawLine } from './lineSplitter';
import { INVALID_UTF8_REASON, tooLongReason, type RecordChecker, type RecordSink } from './recordChecker';
import { isBlank, lenientText, strictUtf8Text } from './textOfLine';

export const CSV_COLUMNS = [
  'operation',
  'user_account_id',
  'compartment_id',
  'email_hash',
  'user_agent_id',
  'segment_id',
  'segment_ids',
  'segment_technical_name',
  'segment_technical_names',
  'expiration_duration',
  'expiration_ts',
  'data_bag',
];
const NUMBER_COLUMNS = ['expiration_duration', 'expiration_ts'];
/** List columns hold the JSON text of an array, e.g. ["1234","5678"]. */
const LIST_COLUMNS = ['segment_ids', 'segment_technical_names'];

export class CsvChecker implements RecordChecker {
  private header: string[] | undefined;
  private headerProblem: string | undefined;
  /** Lines of a record whose quoted field is still open. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingStartLine = 0;
  private pendingInsideQuotes = false;

  constructor(
    private readonly documentType: DocumentType,
    private readonly maxRecordBytes: number,
    private readonly sink: RecordSink,
  ) {}

  line(line: RawLine): void {
    if (line.tooLong) {
      const startLine = this.pending.length > 0 ? this.pendingStartLine : line.lineNumber;
      this.resetPending();
      this.sink({ lineNumber: startLine, text: lenientText(line.bytes), failure: tooLongReason(this.maxRecordBytes) });
      return;
    }
    if (this.pending.length === 0) {
      // Blank lines between records are ignored; inside a quoted field they are data.
      if (isBlank(line.bytes.toString('latin1'))) return;
      this.pendingStartLine = line.lineNumber;
    }
    this.pending.push(line.bytes);
    this.pendingBytes += line.bytes.length + 1;
    this.pendingInsideQuotes = endsInsideQuotes(line.bytes, this.pendingInsideQuotes);
    if (!this.pendingInsideQuotes) {
      const bytes = Buffer.concat(this.pending.flatMap((part, index) => (index === 0 ? [part] : [NEWLINE, part])));
      const startLine = this.pendingStartLine;
      this.resetPending();
      this.record(startLine, bytes);
    } else if (this.pendingBytes > this.maxRecordBytes) {
      const text = lenientText(Buffer.concat(this.pending)).slice(0, 1000);
      const startLine = this.pendingStartLine;
      this.resetPending();
      this.sink({ lineNumber: startLine, text, failure: 'Unterminated quoted field (missing closing quote)' });
    }
  }

  end(): void {
    if (this.pending.length === 0) return;
    const text = lenientText(Buffer.concat(this.pending));
    this.sink({ lineNumber: this.pendingStartLine, text, failure: 'Unterminated quoted field (missing closing quote)' });
    this.resetPending();
  }

  private record(lineNumber: number, bytes: Buffer): void {
    const text = strictUtf8Text(bytes, lineNumber === 1);
    if (this.header === undefined) {
      this.readHeader(text);
      return;
    }
    if (text === undefined) {
      this.sink({ lineNumber, text: lenientText(bytes), failure: INVALID_UTF8_REASON });
      return;
    }
    const checked = this.checkRecord(text);
    this.sink(checked.failure === undefined ? { lineNumber, text, value: checked.value } : { lineNumber, text, failure: checked.failure });
  }

  private readHeader(text: string | undefined): void {
    if (text === undefined) {
      this.header = [];
      this.headerProblem = 'The CSV header line is not valid UTF-8';
      return;
    }
    const parsed = csvFields(text);
    if ('error' in parsed) {
      this.header = [];
      this.headerProblem = `Invalid CSV header: ${parsed.error}`;
      return;
    }
    this.header = parsed.fields.map((name) => name.trim());
    const unknown = this.header.filter((name) => !CSV_COLUMNS.includes(name));
    const repeated = this.header.filter((name, index) => this.header?.indexOf(name) !== index);
    if (unknown.length > 0) {
      this.headerProblem = `Unknown CSV column(s) ${unknown.map((name) => `'${name}'`).join(', ')} in the header: known columns are ${CSV_COLUMNS.join(', ')}`;
    } else if (repeated.length > 0) {
      this.headerProblem = `CSV column(s) ${repeated.map((name) => `'${name}'`).join(', ')} appear more than once in the header`;
    }
  }

  private checkRecord(text: string): { failure?: string; value?: Record<string, unknown> } {
    if (this.headerProblem) return { failure: this.headerProblem };
    const header = this.header ?? [];
    const parsed = csvFields(text);
    if ('error' in parsed) return { failure: `Invalid CSV: ${parsed.error}` };
    if (parsed.fields.length !== header.length) {
      return { failure: `Expected ${header.length} fields as in the header, found ${parsed.fields.length}` };
    }
    const record: Record<string, unknown> = {};
    header.forEach((column, index) => {
      const cell = parsed.fields[index];
      if (cell !== '') record[column] = cellValue(column, cell);
    });
    const failure = lineFailure(this.documentType, record);
    return failure === undefined ? { value: record } : { failure };
  }

  private resetPending(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingInsideQuotes = false;
  }
}

const NEWLINE = Buffer.from('\n');

/** Typed value of a cell; a cell that does not convert stays text so the line rules explain it. */
function cellValue(column: string, cell: string): unknown {
  if (NUMBER_COLUMNS.includes(column) && /^-?\d+(\.\d+)?$/.test(cell.trim())) return Number(cell);
  if (LIST_COLUMNS.includes(column)) {
    try {
      const list = JSON.parse(cell);
      if (Array.isArray(list)) return list;
    } catch {
      // not JSON: left as text
    }
  }
  return cell;
}
