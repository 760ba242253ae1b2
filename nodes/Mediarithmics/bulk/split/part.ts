/** What the splitters hand out: one part, ready to upload as one execution. */
import type { PlannedPart } from './partPlan';

export interface Part extends PlannedPart {
	readonly contentType: string;
	/** True when stream() may be called again (in-memory parts), false for file parts. */
	readonly replayable: boolean;
	/** The part's bytes, in chunks; exactly `bytes` bytes in all. Read it to the end before asking for the next part. */
	stream(): AsyncIterable<Buffer>;
}
