import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SplitOptions } from '../../../../bulk';
import { asInputError } from './inputError';
import { binaryFileSource } from './binaryFile';
import { fileRecordsSource } from './recordsFromFile';
import { itemsSource, mappedItemsSource } from './items';
import type { PlanSettings, UploadJob, UploadSource } from './source';
import { urlFileSource } from './urlFile';
import type { ImportTarget } from '../target';

/** The source of each Input mode (Build Lines From Fields: of the items, or of a file's records). */
const SOURCES: Record<string, UploadSource> = {
	binary: binaryFileSource,
	items: itemsSource,
	fields: mappedItemsSource,
	url: urlFileSource,
};

/**
 * Pass 1 for every job before anything is sent: the source reads, maps and
 * checks its whole input, so bad input uploads nothing, not even a new import.
 */
export async function planJobs(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	splitOptions: SplitOptions,
	target: ImportTarget,
	how: PlanSettings,
): Promise<UploadJob[]> {
	const mode = this.getNodeParameter('inputMode', 0) as string;
	const fromFile = mode === 'fields' && ['binaryFile', 'url'].includes(this.getNodeParameter('recordsFrom', 0, 'items') as string);
	const source = fromFile ? fileRecordsSource : (SOURCES[mode] ?? SOURCES.fields);
	try {
		return await source.plan.call(this, items, splitOptions, target, how);
	} catch (error) {
		throw asInputError.call(this, error);
	}
}
