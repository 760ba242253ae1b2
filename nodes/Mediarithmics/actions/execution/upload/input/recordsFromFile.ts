import { planRecordParts, readRecordParts, type RecordFormat, type SplitOptions } from '../../../../bulk';
import { RecordMapper } from '../lines/mapping/recordMapping';
import { splitOptionsForItem } from '../options';
import { binarySource } from './binaryFile';
import { MappedRecordInput } from './recordInput';
import { assertLineTypeMatches } from './items';
import { urlBinarySource } from './urlFile';
import { plannedParts, refuseInvalidLines, streamClassOf, type UploadJob, type UploadSource } from './source';

/**
 * Build Lines From Fields with Records From = Binary File (or File URL): the
 * records of each item's CSV or NDJSON file, mapped with the same parameters as items,
 * never made n8n items. Two passes over the file, as for a file of lines:
 * pass 1 maps and checks every record and plans the parts; pass 2 maps them
 * again and streams each part as it is encoded (memory: a chunk, not a part).
 * Pass 2 sends a part only if the file up to its end is the one pass 1 read
 * (bulk/split/records/prefixHash.ts).
 * Line numbers, in errors and in the resume report, are the file's.
 */
export const fileRecordsSource: UploadSource = {
	async plan(items, options, target, how) {
		assertLineTypeMatches.call(this, target);
		const format = this.getNodeParameter('recordsFormat', 0, 'csv') as RecordFormat;
		const jobs: UploadJob[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const splitOptions = splitOptionsForItem.call(this, options, itemIndex);
			const source =
				this.getNodeParameter('recordsFrom', 0, 'binaryFile') === 'url'
					? urlBinarySource.call(this, itemIndex)
					: await binarySource.call(this, items[itemIndex], itemIndex, this.getNodeParameter('recordsBinaryPropertyName', itemIndex, 'data') as string);
			// One mapper for both passes: a value evaluated once is the same in each.
			const mapper = new RecordMapper(this);
			const input = await source.open();
			const plan = refuseInvalidLines(await planRecordParts(mappedRecords(input, format, mapper, splitOptions, false), splitOptions), how);
			// The part's body streams as a Readable when n8n's store hands out one (see send/partBody.ts); else it is one buffer, written as such.
			const streamClass = streamClassOf(input);
			const parts = plannedParts(
				plan,
				async function* (fromPart) {
					yield* readRecordParts(mappedRecords(await source.open(), format, mapper, splitOptions, true), plan, { ...splitOptions, fromPart, wholeParts: streamClass === undefined });
				},
				streamClass,
			);
			jobs.push({ label: `file "${source.fileName}" of item ${itemIndex + 1}`, plan, pairedItem: itemIndex, parts });
		}
		return jobs;
	},
};

/** One read of the file's records, mapped; pass 1 (`send` false) leaves the email digests out of the lines (lines/mapping/recordLines.ts). */
function mappedRecords(input: AsyncIterable<Uint8Array>, format: RecordFormat, mapper: RecordMapper, options: SplitOptions, send: boolean): MappedRecordInput {
	return new MappedRecordInput(input, format, mapper, options.maxPartBytes, options.format === 'ndjson', send, options.startLine);
}
