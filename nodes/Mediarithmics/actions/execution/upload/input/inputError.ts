import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BulkInputError, InputChangedError } from '../../../../bulk';

/** Bad or changed input, as the bulk domain reports it, becomes an n8n error with what to do. */
export function asInputError(this: IExecuteFunctions, error: unknown): Error {
	if (error instanceof BulkInputError) {
		return new NodeOperationError(this.getNode(), error.message, { description: error.description });
	}
	if (error instanceof InputChangedError) return new NodeOperationError(this.getNode(), error.message);
	return error as Error;
}
