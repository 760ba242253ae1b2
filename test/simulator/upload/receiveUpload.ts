// Receives an uploaded file: streams it to disk byte for byte while splitting
// it into lines and checking each record, so memory stays flat whatever the
// file size (uploads may be hundreds of MB, chunked).

import { createWriteStream } from 'fs';
import { rm } from 'fs/promises';
import { Transform, type TransformCallback } from 'stream';
import { pipeline } from 'stream/promises';
import type { DocumentType, MimeType, UploadSummary } from '../types';
import { CsvChecker } from './csvChecker';
import { ErrorFileWriter } from './errorFile';
import { LineSplitter } from './lineSplitter';
import { NdjsonChecker } from './ndjsonChecker';
import type { CheckedRecord, RecordChecker } from './recordChecker';

/** Longest line (or CSV record) read in full; longer ones fail without being kept in memory. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;
/** How many failure reasons the execution's error.message repeats. */
const FAILURE_REASONS_IN_MESSAGE = 10;

export interface UploadTarget {
  filePath: string;
  errorFilePath: string;
  documentType: DocumentType;
  mimeType: MimeType;
  /** false: count the lines without checking them (every line succeeds). Default true. */
  checkLines?: boolean;
}

export async function receiveUpload(body: NodeJS.ReadableStream, target: UploadTarget): Promise<UploadSummary> {
  const summary: UploadSummary = {
    bytesReceived: 0,
    numberOfRecords: 0,
    totalSuccess: 0,
    totalFailure: 0,
    firstFailureReasons: [],
  };
  const errorFile = new ErrorFileWriter(target.errorFilePath);
  const countRecord = (record: CheckedRecord): void => {
    summary.numberOfRecords += 1;
    if (record.failure === undefined) {
      summary.totalSuccess += 1;
      return;
    }
    summary.totalFailure += 1;
    errorFile.add(record.lineNumber, record.failure, record.text);
    if (summary.firstFailureReasons.length < FAILURE_REASONS_IN_MESSAGE) {
      summary.firstFailureReasons.push(`Line ${record.lineNumber}: ${record.failure}`);
    }
  };
  const checker: RecordChecker =
    target.mimeType === 'TEXT_CSV'
      ? new CsvChecker(target.documentType, MAX_LINE_BYTES, countRecord)
      : new NdjsonChecker(target.documentType, MAX_LINE_BYTES, countRecord);
  const splitter =
    target.checkLines === false ? new LineCounter(summary) : new LineSplitter(MAX_LINE_BYTES, (line) => checker.line(line));

  const inspect = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      summary.bytesReceived += chunk.length;
      splitter.write(chunk);
      errorFile.writable().then(() => callback(null, chunk), callback);
    },
    flush(callback: TransformCallback) {
      splitter.end();
      checker.end();
      callback();
    },
  });

  try {
    await pipeline(body, inspect, createWriteStream(target.filePath));
    await errorFile.close();
  } catch (error) {
    // A client that aborts mid-upload creates nothing: leave no half files behind.
    errorFile.destroy();
    await Promise.all([rm(target.filePath, { force: true }), rm(target.errorFilePath, { force: true })]);
    throw error;
  }
  return summary;
}

/**
 * The unchecked mode's stand-in for the splitter: counts non-empty lines with
 * memchr and copies nothing, so the simulator costs little more than the disk.
 */
class LineCounter {
  private lineHasBytes = false;

  constructor(private readonly summary: UploadSummary) {}

  write(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      if (newline > start || this.lineHasBytes) this.count();
      this.lineHasBytes = false;
      start = newline + 1;
    }
    if (start < chunk.length) this.lineHasBytes = true;
  }

  /** A last line without LF. */
  end(): void {
    if (this.lineHasBytes) this.count();
  }

  private count(): void {
    this.summary.numberOfRecords += 1;
    this.summary.totalSuccess += 1;
  }
}
