import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fileFormatOf, type MimeType, type SplitOptions } from '../../../bulk';
import { checkedUploadOptions } from '../optionChecks';
import type { ImportTarget } from './target';

const MB = 1000 * 1000;

/** The Options collection of Upload, checked (see optionChecks.ts). */
export function uploadOptionsOf(this: IExecuteFunctions): IDataObject {
	return checkedUploadOptions(this.getNode(), this.getNodeParameter('uploadOptions', 0, {}) as IDataObject);
}

/** How the input is checked and cut into parts, from the options and the import's type and format. */
export function splitOptionsOf(options: IDataObject, target: ImportTarget & { mimeType: MimeType }): SplitOptions {
	return {
		maxPartBytes: Math.floor(Number(options.maxPartMegabytes ?? 100) * MB),
		documentType: target.documentType,
		format: fileFormatOf(target.mimeType),
		csvHasHeader: (options.csvHasHeader as boolean | undefined) ?? true,
		validate: (options.validate as boolean | undefined) ?? true,
		invalidLines: (options.invalidLines as 'stop' | 'skip' | undefined) ?? 'stop',
		// Every skipped line is reported, and every invalid line of a dry run; "stop" names the first ones only.
		maxReportedErrors: options.invalidLines === 'skip' || options.dryRun === true ? 100_000 : 20,
	};
}

/**
 * The split options of one input item: Start From Input Line is read per item
 * (it may be an expression, e.g. a resume line computed upstream). Checked
 * with the other split options (bulk/split/partPlan.ts).
 */
export function splitOptionsForItem(this: IExecuteFunctions, splitOptions: SplitOptions, itemIndex: number): SplitOptions {
	const given = this.getNodeParameter('uploadOptions.startFromLine', itemIndex, 1) as unknown;
	// An expression may give the number as text ("812345").
	const startLine = typeof given === 'string' && given.trim() !== '' ? Number(given) : given;
	return startLine === 1 ? splitOptions : { ...splitOptions, startLine: startLine as number };
}
