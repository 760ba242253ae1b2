import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { invalidLinesError, type PlannedPart } from '../../../../bulk';
import { plannedOf, type UploadJob, type UploadPart } from '../input/source';
import type { ImportTarget } from '../target';

/** How many lines of each part the plan shows, and how many characters of a long line. */
const SAMPLE_LINES = 3;
const SAMPLE_LINE_CHARS = 2000;
/** Bytes kept of each sample line: SAMPLE_LINE_CHARS characters of up to 4 bytes, and one more character (to know the line is longer). */
const KEPT_LINE_BYTES = (SAMPLE_LINE_CHARS + 1) * 4;

/** One of the first lines of a part: its first bytes, and its length in characters (counted over the whole line). */
interface SampleLine {
	kept: Buffer[];
	keptBytes: number;
	characters: number;
}

/** Characters in UTF-8 bytes: every byte but the continuation bytes (10xxxxxx) starts one. */
function characterCount(bytes: Buffer): number {
	let count = 0;
	for (const byte of bytes) if ((byte & 0xc0) !== 0x80) count++;
	return count;
}

/** A sample line as shown: whole, or its first characters (never cut inside one) and its real length. */
function shown(line: SampleLine): string {
	// A stream decoder holds back a character cut at the end of the kept bytes instead of writing U+FFFD.
	const text = new TextDecoder('utf-8').decode(Buffer.concat(line.kept), { stream: true });
	if (line.characters <= SAMPLE_LINE_CHARS) return text;
	return `${Array.from(text).slice(0, SAMPLE_LINE_CHARS).join('')}… (${line.characters} characters)`;
}

/** The first lines of a part's bytes, as they would be sent (a CSV part's header line first). Reads the part to its end. */
async function readPart(part: UploadPart): Promise<{ sample: string[]; bytes: number }> {
	const newLine = (): SampleLine => ({ kept: [], keptBytes: 0, characters: 0 });
	const lines: SampleLine[] = [newLine()];
	let ended = 0;
	let bytes = 0;
	for await (const chunk of part.stream()) {
		bytes += chunk.length;
		// Past the sample lines, the rest of the part is only counted.
		for (let offset = 0; ended < SAMPLE_LINES && offset < chunk.length; ) {
			const newline = chunk.indexOf(0x0a, offset);
			const piece = chunk.subarray(offset, newline === -1 ? chunk.length : newline);
			const line = lines[lines.length - 1];
			const kept = piece.subarray(0, Math.max(0, KEPT_LINE_BYTES - line.keptBytes));
			line.kept.push(kept);
			line.keptBytes += kept.length;
			line.characters += characterCount(piece);
			if (newline === -1) break;
			ended++;
			offset = newline + 1;
			if (ended < SAMPLE_LINES) lines.push(newLine());
		}
	}
	// A part that ends with a newline has no line after it.
	const last = lines[lines.length - 1];
	if (lines.length > ended && last.keptBytes === 0) lines.pop();
	return { sample: lines.map(shown), bytes };
}

/**
 * Dry Run: the plan of one job, as the real run would send it. Each part is
 * read as the send stage would read it (nothing leaves the machine), so its
 * sample is exactly its first lines on the wire.
 */
export async function dryRunItem(job: UploadJob, target: ImportTarget): Promise<INodeExecutionData> {
	const plan = job.plan!;
	const refused = invalidLinesError(plan, { dryRun: true });
	const parts: IDataObject[] = [];
	if (!refused) {
		const reader = job.parts.open(1);
		try {
			for await (const part of reader) {
				const { sample, bytes } = await readPart(part);
				const planned = plannedOf(part) as PlannedPart;
				parts.push({
					part: part.index,
					lines: planned.lines,
					bytes,
					firstLine: planned.firstLine,
					lastLine: planned.lastLine,
					sample_lines: sample,
				});
			}
		} finally {
			await reader.return(undefined);
		}
	}
	return {
		json: {
			dry_run: true,
			input: job.label,
			datamart_id: target.datamartId,
			document_import_id: target.importId ?? null,
			document_import_name: target.name,
			document_import_created: false,
			document_import_would_be_created: target.importId === undefined,
			document_type: target.documentType,
			mime_type: target.mimeType,
			would_upload: !refused,
			...(refused ? { stopped: refused.message } : {}),
			parts,
			part_count: parts.length,
			lines: refused ? 0 : plan.lines,
			bytes: parts.reduce((sum, part) => sum + Number(part.bytes), 0),
			invalid_line_count: plan.invalidLineCount,
			invalid_lines: [...plan.invalidLines],
			// The list stops at a cap (options.ts): the count is always the real one.
			invalid_lines_listed: plan.invalidLines.length,
			invalid_lines_truncated: plan.invalidLines.length < plan.invalidLineCount,
		},
		pairedItem: { item: job.pairedItem },
	};
}
