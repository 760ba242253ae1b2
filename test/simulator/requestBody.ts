// Reads request bodies while counting the bytes, so the request log can tell
// tests how much each request carried, whichever way the body was consumed
// (parsed as JSON, streamed to a file, or discarded).

import type { IncomingMessage } from 'http';
import { pipeline, Readable, Transform, type TransformCallback } from 'stream';
import { ApiError, badRequest } from './apiError';

/** JSON bodies are small documents; anything bigger is a client bug. */
const MAX_JSON_BODY_BYTES = 1024 * 1024;

export class RequestBody {
  bytesReceived = 0;
  private consumed = false;
  /** The body read ahead by hold(), until a route takes it. */
  private held: Buffer | undefined;

  constructor(private readonly req: IncomingMessage) {}

  /** The body as a stream of chunks, counted as they pass. Can be taken once. */
  stream(): NodeJS.ReadableStream {
    if (this.held) return Readable.from([this.take()]);
    this.markConsumed();
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) => {
        this.bytesReceived += chunk.length;
        callback(null, chunk);
      },
    });
    // pipeline() destroys the counter when the client aborts mid-body, so the
    // consumer sees an error instead of a silently truncated file.
    return pipeline(this.req, counter, () => undefined);
  }

  /**
   * Parses a JSON body. The Content-Type must say JSON (the documented
   * convention), so a client that forgets it is told rather than silently served.
   */
  async json(): Promise<unknown> {
    const contentType = mediaTypeOf(this.req.headers['content-type']);
    const text = this.held ? this.take().toString('utf8') : await this.text(MAX_JSON_BODY_BYTES);
    if (text.trim() === '') throw badRequest('The request body is empty: a JSON object is expected');
    if (contentType !== 'application/json') {
      throw new ApiError(
        415,
        `Unsupported Content-Type '${contentType || '(none)'}': expected application/json`,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
    }
  }

  /** Reads and throws away whatever body is left (so keep-alive connections stay usable). */
  async drain(): Promise<void> {
    this.held = undefined;
    if (this.consumed) return;
    this.markConsumed();
    for await (const chunk of this.req) this.bytesReceived += (chunk as Buffer).length;
  }

  /**
   * Reads the whole body now and keeps it, so that the operation can be
   * performed later even if the client has left meanwhile (fault finishLate).
   * Test bodies only: it is all in memory.
   */
  async hold(): Promise<void> {
    this.markConsumed();
    const chunks: Buffer[] = [];
    for await (const chunk of this.req) {
      this.bytesReceived += (chunk as Buffer).length;
      chunks.push(chunk as Buffer);
    }
    this.held = Buffer.concat(chunks);
  }

  private take(): Buffer {
    const held = this.held!;
    this.held = undefined;
    return held;
  }

  private async text(maxBytes: number): Promise<string> {
    this.markConsumed();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      const buffer = chunk as Buffer;
      this.bytesReceived += buffer.length;
      size += buffer.length;
      // Keep reading to count the bytes, but stop keeping them.
      if (size <= maxBytes) chunks.push(buffer);
    }
    if (size > maxBytes) {
      throw new ApiError(413, `The JSON body is larger than ${maxBytes} bytes`, 'PAYLOAD_TOO_LARGE');
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private markConsumed(): void {
    if (this.consumed) throw new Error('The request body was already consumed');
    this.consumed = true;
  }
}

/** "text/csv; charset=utf-8" -> "text/csv" (lower case, parameters dropped). */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}
