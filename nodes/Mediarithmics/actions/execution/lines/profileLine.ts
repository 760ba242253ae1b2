import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { asObject } from './values';

/** A USER_PROFILE line: operation, identifier and, for UPSERT, the profile and its update strategy. */
export function profileLine(this: IExecuteFunctions, itemIndex: number, identifier: IDataObject): IDataObject {
	const operation = this.getNodeParameter('lineOperationUpsert', itemIndex) as string;
	const line: IDataObject = { operation, ...identifier };
	if (operation === 'UPSERT') {
		line.user_profile = asObject.call(this, this.getNodeParameter('userProfile', itemIndex), 'User Profile', itemIndex);
		line.update_strategy = this.getNodeParameter('updateStrategy', itemIndex);
	}
	return line;
}
