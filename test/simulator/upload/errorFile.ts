// The error file of an execution: one CSV row per failed line, written while
// the upload streams in (never accumulated in memory, whatever the number of
// failures), and served later through GET /v1/data_file/data.
//
// Format (the platform's own format is not documented):
//   line_number,reason,line
//   3,"operation is required: one of UPDATE, DELETE","{""segment_id"":""1""}"

import { createWriteStream, type WriteStream } from 'fs';

export const ERROR_FILE_HEADER = 'line_number,reason,line\n';

export class ErrorFileWriter {
  private readonly stream: WriteStream;
  private mustWaitForDrain = false;

  constructor(path: string) {
    this.stream = createWriteStream(path);
    // A client that aborts mid-upload destroys this file while the line being checked may still
    // add a row: that write's error (and a disk's) is kept for close(), never thrown at large
    // (it would crash the simulator, or fail whichever test runs next).
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
    this.stream.write(ERROR_FILE_HEADER);
  }

  private failure: Error | undefined;

  add(lineNumber: number, reason: string, line: string): void {
    if (this.stream.destroyed) return;
    const row = `${lineNumber},${csvCell(reason)},${csvCell(line)}\n`;
    if (!this.stream.write(row)) this.mustWaitForDrain = true;
  }

  /** Resolves when the disk has caught up, so a file full of failures keeps memory flat. */
  async writable(): Promise<void> {
    if (!this.mustWaitForDrain || this.stream.destroyed) return;
    await new Promise<void>((resolve) => this.stream.once('drain', resolve));
    this.mustWaitForDrain = false;
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/** RFC 4180: quote every cell that needs it and double inner quotes. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
