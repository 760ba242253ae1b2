import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { encodeItemParts, UnwritableLine, type SplitOptions } from '../../../../bulk';
import { buildLine } from '../lines/lineFields';
import { withFastParameters } from '../lines/mapping/fastParameters';
import { splitOptionsForItem } from '../options';
import type { ImportTarget } from '../target';
import { plannedParts, refuseInvalidLines, type PlanSettings, type UploadJob, type UploadSource } from './source';

/** All the values in one job: encoded and checked in memory, the parts kept as they are sent. */
async function valuesJob(values: unknown[], splitOptions: SplitOptions, label: string, how: PlanSettings): Promise<UploadJob[]> {
	const { plan, parts } = await encodeItemParts(values, splitOptions);
	refuseInvalidLines(plan, how);
	return [
		{
			label,
			plan,
			pairedItem: 0,
			parts: plannedParts(plan, async function* (fromPart) {
				yield* parts.slice(fromPart - 1);
			}),
		},
	];
}

/** Items as Lines: the JSON of each item is one line, all items in one upload. */
export const itemsSource: UploadSource = {
	async plan(items, options, _target, how) {
		// One upload of all items: Start From Input Line is an item number (item index + 1), read once.
		const splitOptions = splitOptionsForItem.call(this, options, 0);
		return await valuesJob(
			items.map((item) => item.json),
			splitOptions,
			`${items.length} items`,
			how,
		);
	},
};

/** Build Lines From Fields: each item mapped to a line of the chosen type (../lines/lineFields.ts, one builder per type beside it). */
export const mappedItemsSource: UploadSource = {
	async plan(items, options, target, how) {
		const splitOptions = splitOptionsForItem.call(this, options, 0);
		const startLine = splitOptions.startLine ?? 1;
		// The simple mappings (constants, dragged fields) without n8n's per-item evaluation (../lines/mapping/).
		const mapped = withFastParameters(this, items);
		// The items before Start From Input Line are not mapped (encodeItemParts does not read their value).
		const skip = splitOptions.invalidLines === 'skip';
		const values = items.map((_item, itemIndex) => (itemIndex + 1 < startLine ? undefined : lineOf.call(mapped, itemIndex, skip)));
		assertLineTypeMatches.call(this, target);
		return await valuesJob(values, splitOptions, `${items.length} items`, how);
	},
};

/**
 * The item's line. Under Skip and Report, an item that cannot be mapped (an
 * empty identifier, a field neither true nor false) is an invalid line like
 * any other, skipped and reported, as a record of a file is.
 */
function lineOf(this: IExecuteFunctions, itemIndex: number, skip: boolean): unknown {
	if (!skip) return buildLine.call(this, itemIndex);
	let failure: unknown;
	try {
		return buildLine.call(this, itemIndex);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof NodeOperationError) return new UnwritableLine(failure.message);
	throw failure;
}

/** The lines built must be of the import's document type. */
export function assertLineTypeMatches(this: IExecuteFunctions, target: ImportTarget): void {
	const lineType = this.getNodeParameter('lineDocumentType', 0) as string;
	if (lineType !== target.documentType) {
		throw new NodeOperationError(this.getNode(), `The lines built are ${lineType} commands but the document import is ${target.documentType}`, {
			description: 'Choose the Line Type that matches the document import, or another import.',
		});
	}
}
