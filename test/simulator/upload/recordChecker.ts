// The contract between the line splitter and the per-format checkers.

import type { RawLine } from './lineSplitter';

/** One record of the file after checking: a success, or a failure with its reason. */
export interface CheckedRecord {
  /** Physical line where the record starts (what a person looks up in the file). */
  lineNumber: number;
  /** The record's text, for the error file. */
  text: string;
  failure?: string;
  /** The record as an object, when it succeeded (for the segment membership table). */
  value?: Record<string, unknown>;
}

export type RecordSink = (record: CheckedRecord) => void;

export interface RecordChecker {
  line(line: RawLine): void;
  end(): void;
}

export const tooLongReason = (maxBytes: number): string =>
  `The line is longer than ${maxBytes} bytes: the rest of it was not read`;

export const INVALID_UTF8_REASON = 'The line is not valid UTF-8 (the only supported encoding is utf-8)';
