import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { invalidLinesError, type PlannedPart } from '../../../bulk';
import { plannedOf, type UploadJob, type UploadPart } from './sources/source';
import type { ImportTarget } from './target';

/** How many lines of each part the plan shows, and how much of a long line. */
const SAMPLE_LINES = 3;
const SAMPLE_LINE_CHARS = 2000;

/** The first lines of a part's bytes, as they would be sent (a CSV part's header line first). Reads the part to its end. */
async function readPart(part: UploadPart): Promise<{ sample: string[]; bytes: number }> {
	const kept: Buffer[] = [];
	let keptBytes = 0;
	let newlines = 0;
	let bytes = 0;
	// Bytes kept: enough for the sample lines, however long; the rest of the part is only counted.
	const keepAtMost = SAMPLE_LINES * (SAMPLE_LINE_CHARS * 4 + 1);
	for await (const chunk of part.stream()) {
		bytes += chunk.length;
		if (newlines >= SAMPLE_LINES || keptBytes >= keepAtMost) continue;
		const slice = chunk.subarray(0, keepAtMost - keptBytes);
		kept.push(slice);
		keptBytes += slice.length;
		for (const byte of slice) if (byte === 0x0a) newlines++;
	}
	const sample = Buffer.concat(kept)
		.toString('utf8')
		.split('\n')
		.slice(0, SAMPLE_LINES)
		.filter((line, index, all) => line !== '' || index < all.length - 1)
		.map((line) => (line.length > SAMPLE_LINE_CHARS ? `${line.slice(0, SAMPLE_LINE_CHARS)}… (${line.length} characters)` : line));
	return { sample, bytes };
}

/**
 * Dry Run: the plan of one job, as the real run would send it. Each part is
 * read as the send stage would read it (nothing leaves the machine), so its
 * sample is exactly its first lines on the wire.
 */
export async function dryRunItem(job: UploadJob, target: ImportTarget): Promise<INodeExecutionData> {
	const plan = job.plan!;
	const refused = invalidLinesError(plan);
	const parts: IDataObject[] = [];
	if (!refused) {
		const reader = job.parts(1);
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
		},
		pairedItem: { item: job.pairedItem },
	};
}
