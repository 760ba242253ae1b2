import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** A USER_CHOICE line: operation, identifier, the processing and, for UPSERT, when the choice was made. */
export function choiceLine(this: IExecuteFunctions, itemIndex: number, identifier: IDataObject): IDataObject {
	const operation = this.getNodeParameter('lineOperationUpsert', itemIndex) as string;
	const choice: IDataObject = { $processing_id: this.getNodeParameter('processingId', itemIndex) };
	if (operation === 'UPSERT') choice.$choice_ts = Number(this.getNodeParameter('choiceTs', itemIndex));
	return { operation, ...identifier, user_choice: choice };
}
