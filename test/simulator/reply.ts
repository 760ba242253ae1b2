// The only way routes answer. It exists so that a fault of kind
// drop:'after-body' can let the route perform its operation and then cut the
// connection instead of answering (the "unknown outcome" case a client must
// survive), without every route knowing about faults.

import { randomUUID } from 'crypto';
import { createReadStream } from 'fs';
import type { ServerResponse } from 'http';
import { pipeline } from 'stream/promises';
import { ApiError } from './apiError';

export class Reply {
  /** The HTTP status sent, or null while nothing was sent / when the connection was dropped. */
  status: number | null = null;
  dropped = false;
  private answeringInstead = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly dropInsteadOfAnswering: boolean,
    /** A fault's answer given instead of the route's, once the route has done its work (fault `perform`). */
    private readonly answerInstead?: (reply: Reply) => void,
  ) {}

  get done(): boolean {
    return this.status !== null || this.dropped;
  }

  json(httpStatus: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.dropIfAsked()) return;
    if (this.answerInstead && !this.answeringInstead) {
      this.answeringInstead = true;
      this.answerInstead(this);
      return;
    }
    const text = JSON.stringify(body);
    this.res.writeHead(httpStatus, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    this.res.end(text);
    this.status = httpStatus;
  }

  ok(data?: unknown): void {
    this.json(200, data === undefined ? { status: 'ok' } : { status: 'ok', data });
  }

  error(error: ApiError): void {
    this.json(
      error.httpStatus,
      { status: 'error', error: error.message, error_id: randomUUID(), error_code: error.errorCode },
      error.headers,
    );
  }

  async file(path: string, contentType: string, size: number): Promise<void> {
    if (this.dropIfAsked()) return;
    this.res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': size });
    this.status = 200;
    await pipeline(createReadStream(path), this.res);
  }

  /** Cuts the connection without a response (faults only). */
  drop(): void {
    this.dropped = true;
    this.res.socket?.destroy();
    this.res.destroy();
  }

  private dropIfAsked(): boolean {
    if (this.done) return true;
    if (!this.dropInsteadOfAnswering) return false;
    this.drop();
    return true;
  }
}
