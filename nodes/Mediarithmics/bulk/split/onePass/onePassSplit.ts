/**
 * The file split in one pass, for uploads without line validation: each
 * part is cut while it is being sent. With validation on, the two passes of
 * splitter.ts are needed (nothing may leave before every line is checked);
 * without it, the first pass would only find the cut points, and reading a
 * large file twice costs the node about as much as sending it once (in n8n,
 * mostly the garbage collector's time over the freshly read chunks).
 *
 * The parts are the very same as the two passes give (same cuts, same bytes:
 * the property tests compare them), but a part's size and record count are
 * known only once its stream has been read to its end, so it is sent without
 * a Content-Length. A part can be read again (to retry its upload) from its
 * start, found on the first read: the cut depends only on the records from
 * there on, so it comes out the same.
 */
import { contentTypeOf, mimeTypeOf } from '../../rules/documentTypes';
import { InputChangedError } from '../../errors';
import { OnePassProgress, OnePassReader } from './onePassReader';
import { checkSplitOptions, partNotReadError, PlannedPart, SplitOptions } from '../partPlan';

export { OnePassProgress } from './onePassReader';

/** A part cut while it is read. */
export interface StreamedPart {
	readonly index: number;
	readonly firstLine: number;
	readonly inputStart: number;
	readonly contentType: string;
	/** The part's bytes, in chunks. Read it to the end before asking for the next part. */
	stream(): AsyncIterable<Buffer>;
	/** What the part holds (records, bytes, last line, end): known once stream() has been read to its end. */
	readonly planned: PlannedPart | undefined;
}

/**
 * Checks, before anything is created on the platform, that the input has a
 * record to upload (and, for CSV, a readable header): reads up to the first
 * record, then closes the source.
 */
export async function checkInputStart(source: AsyncIterable<Uint8Array>, options: SplitOptions): Promise<void> {
	checkSplitOptions(options);
	const reader = new OnePassReader(source, options, new OnePassProgress(), 1);
	try {
		while (reader.open.length === 0 && (await reader.readMore()));
		if (reader.open.length === 0) throw reader.emptyError();
	} finally {
		await reader.close();
	}
}

/**
 * The parts of `source` from part `fromPart` on, cut while read. `progress`
 * is shared by every read of the same input: the first read fills it, a
 * later one (a retry) starts from a part the first one reached. `sourceStart`
 * is the input offset of the source's first byte (default 0): a source that
 * could start later (an HTTP Range read) skips the bytes itself.
 */
export async function* streamParts(
	source: AsyncIterable<Uint8Array>,
	options: SplitOptions,
	progress: OnePassProgress,
	fromPart = 1,
	sourceStart = 0,
): AsyncGenerator<StreamedPart> {
	checkSplitOptions(options);
	const start = progress.starts.get(fromPart);
	if (start === undefined) {
		if (progress.partCount !== undefined && fromPart > progress.partCount) return;
		throw new RangeError(`Part ${fromPart} cannot be read before the parts ahead of it`);
	}
	const contentType = contentTypeOf(mimeTypeOf(options.format));
	const reader = new OnePassReader(source, options, progress, fromPart);
	try {
		if (sourceStart > start.inputStart) throw new RangeError(`The source starts at byte ${sourceStart}, after part ${fromPart}`);
		if (sourceStart === 0) reader.hashFromStart();
		if (fromPart > 1) await reader.skipTo(start.inputStart, sourceStart);
		for (let yielded = 0; ; yielded++) {
			while (reader.open.length === 0 && (await reader.readMore()));
			const head = reader.open[0];
			if (head === undefined) {
				if (yielded > 0) return;
				if (fromPart === 1) throw reader.emptyError();
				throw new InputChangedError(`part ${fromPart} is not there any more`);
			}
			// An object, not a let: TypeScript cannot see the closures below change it.
			const progressOfPart: { state: 'unread' | 'reading' | 'done' } = { state: 'unread' };
			const part: StreamedPart = {
				index: head.part.index,
				firstLine: head.part.firstLine,
				inputStart: head.part.inputStart,
				contentType,
				get planned() {
					return progressOfPart.state === 'done' ? { ...head.part } : undefined;
				},
				stream: () => {
					if (progressOfPart.state !== 'unread') throw new Error(`Part ${head.part.index} can be streamed only once`);
					progressOfPart.state = 'reading';
					return (async function* () {
						for (;;) {
							if (head.closed) {
								yield* head.out.takeAll();
								break;
							}
							yield* head.out.take();
							if (!(await reader.readMore()) && !head.closed) throw new Error('the input ended inside an open part');
						}
						reader.open.shift();
						progressOfPart.state = 'done';
					})();
				},
			};
			yield part;
			if (progressOfPart.state !== 'done') throw partNotReadError(part.index);
		}
	} finally {
		await reader.close();
	}
}
