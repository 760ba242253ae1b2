import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkInputStart, OnePassProgress, planParts, readParts, streamParts } from '../../../../bulk';
import { splitOptionsForItem } from '../options';
import type { BinarySource } from './binaryFile';
import { partsCutWhileSent, plannedParts, refuseInvalidLines, streamClassOf, type UploadJob, type UploadSource } from './source';
import { checkFileUrl, type FileRequest } from './url/download';
import { reopenOnBreak } from './url/reopenOnBreak';
import { RemoteFile } from './url/remoteFile';

/** The File URL and File URL Headers of an input item. */
function fileRequestOf(this: IExecuteFunctions, itemIndex: number): FileRequest {
	const url = checkFileUrl.call(this, this.getNodeParameter('fileUrl', itemIndex), itemIndex);
	const listed = this.getNodeParameter('fileUrlHeaders.header', itemIndex, []) as Array<{ name?: string; value?: string }>;
	const headers: Record<string, string> = {};
	for (const { name, value } of listed) {
		const key = (name ?? '').trim();
		if (!key) continue;
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1}: "${key.slice(0, 40)}" is not a header name`, {
				itemIndex,
				description: 'A header name is one word of letters, digits and dashes, e.g. X-Api-Key.',
			});
		}
		headers[key] = value ?? '';
	}
	const acceptWithoutLength = this.getNodeParameter('uploadOptions.acceptFileWithoutLength', itemIndex, false) === true;
	return { url, headers, acceptWithoutLength };
}

/**
 * The file at an item's URL as a file of records (recordsFromFile.ts):
 * read from its start each time, the first read recording what the later
 * ones are checked against (the same file, byte for byte).
 */
export function urlBinarySource(this: IExecuteFunctions, itemIndex: number): BinarySource {
	const file = new RemoteFile(this, fileRequestOf.call(this, itemIndex));
	let reads = 0;
	return {
		fileName: file.shownUrl,
		open: async () => {
			reads++;
			const opened = await file.open(reads === 1 ? 'the check, first of two reads' : 'the upload, read again', 0, reads === 1 ? 'record' : 'verify');
			return opened.chunks;
		},
	};
}

/**
 * Input File URL: the file at each input item's URL, downloaded as a stream
 * straight into parts (never into n8n's binary store), one job each. With
 * validation, a first download plans the parts and a second one, checked to
 * be the same file, is sent; without it, one download is cut while it is sent.
 * A part sent again is read again from its start (url/remoteFile.ts).
 */
export const urlFileSource: UploadSource = {
	async plan(items, options, _target, how) {
		const jobs: UploadJob[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const splitOptions = splitOptionsForItem.call(this, options, itemIndex);
			const file = new RemoteFile(this, fileRequestOf.call(this, itemIndex));
			const label = `file at ${file.shownUrl} of item ${itemIndex + 1}`;
			if (!splitOptions.validate && !how.dryRun) {
				// One pass (bulk/split/onePassSplit.ts); only the start is read now, so that an empty file creates nothing.
				const start = await file.open('the start of the file');
				await checkInputStart(start.chunks, splitOptions);
				const progress = new OnePassProgress();
				const parts = partsCutWhileSent(
					progress,
					(fromPart) =>
						reopenOnBreak(async function* (from: number) {
							const opened = await file.open(`part ${from}`, progress.starts.get(from)?.inputStart ?? 0);
							yield* streamParts(opened.chunks, splitOptions, progress, from, opened.startsAt);
						}, fromPart),
					streamClassOf(start.template),
				);
				jobs.push({ label, pairedItem: itemIndex, parts });
				continue;
			}
			const first = await file.open('the check, first of two reads', 0, 'record');
			const plan = refuseInvalidLines(await planParts(first.chunks, splitOptions), how);
			const parts = plannedParts(
				plan,
				(fromPart) =>
					reopenOnBreak(async function* (from: number) {
						const opened = await file.open(`part ${from}, second read`, plan.parts[from - 1].inputStart, 'verify');
						yield* readParts(opened.chunks, plan, { fromPart: from, sourceStart: opened.startsAt });
					}, fromPart),
				streamClassOf(first.template),
			);
			jobs.push({ label, plan, pairedItem: itemIndex, parts });
		}
		return jobs;
	},
};
