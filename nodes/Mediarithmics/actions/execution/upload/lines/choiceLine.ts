import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { optionalObject } from './values';

/** A USER_CHOICE line: operation, identifier, the processing and, for UPSERT, when the choice was made; the optional fields given. */
export function choiceLine(this: IExecuteFunctions, itemIndex: number, identifier: IDataObject): IDataObject {
	const operation = this.getNodeParameter('lineOperationUpsert', itemIndex) as string;
	const additional = this.getNodeParameter('choiceAdditionalFields', itemIndex, {}) as IDataObject;
	const others = optionalObject.call(this, additional.otherChoiceProperties, 'Other Choice Properties', itemIndex);
	// Ids are strings in the docs: an expression giving a number is written as its text.
	const choice: IDataObject = { ...others, $processing_id: idText(this.getNodeParameter('processingId', itemIndex)) };
	if (operation === 'UPSERT') choice.$choice_ts = Number(this.getNodeParameter('choiceTs', itemIndex));
	const line: IDataObject = { operation, ...identifier, user_choice: choice };
	if (typeof additional.forceReplace === 'boolean') line.force_replace = additional.forceReplace;
	return line;
}

function idText(value: unknown): IDataObject[string] {
	return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : (value as IDataObject[string]);
}
