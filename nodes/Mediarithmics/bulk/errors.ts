/**
 * Errors of the bulk-file domain. They carry no n8n types: the node layer
 * turns a BulkInputError into a NodeOperationError, keeping message and
 * description as they are, so both must already tell the user what is wrong,
 * where, and what to do.
 */

/** One line (or item) that was rejected, with a human reason. */
export interface InvalidLine {
	/** 1-based physical line number in the input (for items: 1-based item position). */
	line: number;
	reason: string;
}

/** The user's input cannot be uploaded as it is. */
export class BulkInputError extends Error {
	readonly description: string;
	readonly lines?: InvalidLine[];

	constructor(message: string, description: string, lines?: InvalidLine[]) {
		super(message);
		this.name = 'BulkInputError';
		this.description = description;
		if (lines !== undefined) this.lines = lines;
	}
}

/**
 * A value that JSON (or a CSV cell) cannot represent faithfully. Thrown by the
 * encoders; the splitters catch it and treat the value as an invalid line.
 */
export class EncodingError extends Error {
	readonly reason: string;

	constructor(reason: string) {
		super(reason);
		this.name = 'EncodingError';
		this.reason = reason;
	}
}

/**
 * The data read in the second pass differs from the data planned in the first
 * one (the file changed, or the caller re-opened a different stream). Not the
 * user's fault in the usual sense, but nothing sensible can be uploaded.
 */
export class InputChangedError extends Error {
	constructor(detail: string) {
		super(
			`The input changed between the check and the upload (${detail}). ` +
				'Make sure the same file is read both times, then run again.',
		);
		this.name = 'InputChangedError';
	}
}
