import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldValue } from './mapping/fieldValue';
import { flagOf } from './mapping/flag';
import { asList, asMilliseconds, asWholeNumber } from './values';

/** A USER_SEGMENT line: operation, identifier, segment, expiration, data bag. */
export function segmentLine(this: IExecuteFunctions, itemIndex: number, identifier: IDataObject): IDataObject {
	const segmentBy = this.getNodeParameter('segmentBy', itemIndex) as string;
	const rawSegment = this.getNodeParameter('segment', itemIndex) as unknown;
	// Built key by key, in the order of the docs: the same shape for every line keeps V8 (and the
	// JSON.stringify that follows) on its fast path, which a spread then a computed key does not.
	const line: IDataObject = { operation: segmentOperation.call(this, itemIndex) };
	Object.assign(line, identifier);
	line[segmentBy] = segmentBy.endsWith('s') ? asList(rawSegment) : String(rawSegment ?? '').trim();
	// From a CSV cell or an expression the minutes may come as text: "60" is written 60.
	line.expiration_duration = asWholeNumber(this.getNodeParameter('expirationDuration', itemIndex));
	const additional = this.getNodeParameter('segmentAdditionalFields', itemIndex, {}) as IDataObject;
	if (additional.expirationTs !== undefined && additional.expirationTs !== '') line.expiration_ts = asMilliseconds(additional.expirationTs);
	const dataBag = this.getNodeParameter('dataBag', itemIndex, '') as unknown;
	if (dataBag !== '' && dataBag !== undefined && dataBag !== null) {
		line.data_bag = typeof dataBag === 'string' ? dataBag : JSON.stringify(dataBag);
	}
	return line;
}

/** UPDATE or DELETE: as chosen, or from the item's flag field (Remove When a Field Is True). */
function segmentOperation(this: IExecuteFunctions, itemIndex: number): string {
	const operation = this.getNodeParameter('lineOperation', itemIndex) as string;
	if (operation !== 'removeWhenTrue') return operation;
	const field = String(this.getNodeParameter('removeWhenField', itemIndex, '') ?? '').trim();
	if (field === '') {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1}: Operation is "Remove When a Field Is True" but Remove When Field Is True is empty`, {
			itemIndex,
			description: 'Enter the name of the item field that says whether to remove the user (e.g. unsubscribed, dot notation for a nested field), or set Operation to Add to Segment (UPDATE) or Remove From Segment (DELETE).',
		});
	}
	const value = fieldValue(this.getInputData()[itemIndex]?.json, field);
	const flag = flagOf(value);
	if (flag === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			value === undefined ? `Item ${itemIndex + 1} has no field "${field}"` : `Item ${itemIndex + 1}: the field "${field}" is ${JSON.stringify(value)}, neither true nor false`,
			{
				itemIndex,
				description: `Remove When Field Is True reads "${field}" of every item: true, "true", "yes", "y" or 1 remove the user from the segment; false, "false", "no", "n", 0, "" or null add them. Check the field name (dot notation for a nested field) or filter out the items without it.`,
			},
		);
	}
	return flag ? 'DELETE' : 'UPDATE';
}
