// Splits a byte stream into lines as the chunks arrive, so a file of any size
// is checked without ever holding more than one line in memory. Works on bytes
// (not text) so that invalid UTF-8 is detected per line, not per chunk.

export interface RawLine {
  /** 1-based physical line number in the file, blank lines included. */
  lineNumber: number;
  /** The line without its "\n" (and without a "\r" before it: CRLF files are accepted). */
  bytes: Buffer;
  /** The line exceeded the size limit: `bytes` holds only its beginning. */
  tooLong: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private parts: Buffer[] = [];
  private keptBytes = 0;
  private tooLong = false;
  private lineNumber = 0;
  private sawBytesSinceLastLine = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: RawLine) => void,
  ) {}

  write(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) {
        this.keep(chunk.subarray(start));
        return;
      }
      this.keep(chunk.subarray(start, newline));
      this.emit();
      start = newline + 1;
    }
  }

  /** The last line may have no final "\n". */
  end(): void {
    if (this.sawBytesSinceLastLine) this.emit();
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    this.sawBytesSinceLastLine = true;
    if (this.tooLong) return;
    const room = this.maxLineBytes - this.keptBytes;
    if (part.length > room) {
      // Keep the beginning (for the error file), drop the rest of the line.
      this.parts.push(Buffer.from(part.subarray(0, Math.max(room, 0))));
      this.keptBytes = this.maxLineBytes;
      this.tooLong = true;
      return;
    }
    // Copy: a subarray would pin the whole (possibly large) chunk in memory.
    this.parts.push(Buffer.from(part));
    this.keptBytes += part.length;
  }

  private emit(): void {
    let bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    if (!this.tooLong && bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    this.lineNumber += 1;
    const line: RawLine = { lineNumber: this.lineNumber, bytes, tooLong: this.tooLong };
    this.parts = [];
    this.keptBytes = 0;
    this.tooLong = false;
    this.sawBytesSinceLastLine = false;
    this.onLine(line);
  }
}
