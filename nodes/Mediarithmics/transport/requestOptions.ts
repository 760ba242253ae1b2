import type { IDataObject } from 'n8n-workflow';

/** A request's body: JSON (an object), or raw bytes (a Buffer or a stream). */
export type RequestBody = IDataObject | Buffer | NodeJS.ReadableStream;

/** What a call to the API may carry besides its method and path. */
export interface ApiRequestOptions {
	qs?: IDataObject;
	/**
	 * A JSON body (an object), or a raw body (a Buffer or a stream) with its
	 * Content-Type. A stream can be sent once: give a function that returns a
	 * fresh body for each attempt (1-based) so that the call can be retried.
	 */
	body?: RequestBody | ((attempt: number) => Promise<RequestBody>);
	headers?: Record<string, string>;
	/** Answer as raw bytes instead of a JSON envelope (file downloads). */
	binaryResponse?: boolean;
	/**
	 * For a call that creates something, after an attempt whose outcome is
	 * unknown (connection cut after the body was sent, timeout, 502/503/504):
	 * finds what that attempt created (given when it started, by this
	 * machine's clock), or undefined when it created nothing and the call may
	 * be sent again. `deadline` (same clock) is when Max Retry Time runs out: a
	 * check that must wait for the platform to tell (e.g. an execution's line
	 * count) waits no longer, and throws when it still cannot tell. Without it
	 * such a call is not retried.
	 */
	findCreated?: (attemptStartedAt: number, deadline: number) => Promise<IDataObject | undefined>;
}
