import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { asObject } from './values';

/** The Update Strategy value that writes no update_strategy. */
export const LEAVE_OUT = 'leaveOut';

/** A USER_PROFILE line: operation, identifier and, for UPSERT, the profile and its update strategy. */
export function profileLine(this: IExecuteFunctions, itemIndex: number, identifier: IDataObject): IDataObject {
	const operation = this.getNodeParameter('lineOperationUpsert', itemIndex) as string;
	const line: IDataObject = { operation, ...identifier };
	if (operation === 'UPSERT') {
		line.user_profile = asObject.call(this, this.getNodeParameter('userProfile', itemIndex), 'User Profile', itemIndex);
		const strategy = this.getNodeParameter('updateStrategy', itemIndex);
		// Left out, the platform applies its default (or the older fields below say what to do).
		if (strategy !== LEAVE_OUT) line.update_strategy = strategy;
		const additional = this.getNodeParameter('profileAdditionalFields', itemIndex, {}) as IDataObject;
		if (typeof additional.forceReplace === 'boolean') line.force_replace = additional.forceReplace;
		if (typeof additional.mergeObjects === 'boolean') line.merge_objects = additional.mergeObjects;
	}
	return line;
}
