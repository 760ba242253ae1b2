// NDJSON files: one JSON object per line, checked against the document type's rules.

import { lineFailure } from '../lineRules';
import type { DocumentType } from '../types';
import type { RawLine } from './lineSplitter';
import { INVALID_UTF8_REASON, tooLongReason, type RecordChecker, type RecordSink } from './recordChecker';
import { isBlank, lenientText, strictUtf8Text } from './textOfLine';

export class NdjsonChecker implements RecordChecker {
  constructor(
    private readonly documentType: DocumentType,
    private readonly maxLineBytes: number,
    private readonly sink: RecordSink,
  ) {}

  line({ lineNumber, bytes, tooLong }: RawLine): void {
    if (tooLong) {
      this.sink({ lineNumber, text: lenientText(bytes), failure: tooLongReason(this.maxLineBytes) });
      return;
    }
    const text = strictUtf8Text(bytes, lineNumber === 1);
    if (text === undefined) {
      this.sink({ lineNumber, text: lenientText(bytes), failure: INVALID_UTF8_REASON });
      return;
    }
    // Blank lines separate nothing in NDJSON: they are skipped, not counted.
    if (isBlank(text)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.sink({ lineNumber, text, failure: `Invalid JSON: ${(error as Error).message}` });
      return;
    }
    const failure = lineFailure(this.documentType, parsed);
    this.sink(failure === undefined ? { lineNumber, text, value: parsed as Record<string, unknown> } : { lineNumber, text, failure });
  }

  end(): void {
    // Every line was complete when it arrived: nothing is pending.
  }
}
