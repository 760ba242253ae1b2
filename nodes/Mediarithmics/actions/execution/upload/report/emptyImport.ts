import type { IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, apiRequestPage } from '../../../../transport';
import { documentImportPath } from '../../../helpers';
import { executionsPath } from '../../executionFields';
import type { ImportTarget } from '../target';

/**
 * After an upload to a New Document Import failed before any part was
 * accepted (e.g. a Retry-After longer than Max Retry Time on the first part):
 * the import this run created would be left behind empty, and running the
 * workflow again would create another. So it is deleted, but only when the
 * platform lists no execution in it (an attempt it finished after all, or one
 * whose outcome could not be settled, keeps it, and the error already names
 * that execution). Returns the sentence for the error; never throws.
 */
export async function deleteEmptyNewImport(this: IExecuteFunctions, target: ImportTarget): Promise<{ deleted: boolean; sentence: string }> {
	const importId = String(target.importId);
	try {
		const { data } = await apiRequestPage.call(this, executionsPath(target.datamartId, importId), 0, 1);
		if (data.length > 0) {
			// Kept: the error already names what it holds (the parts created, or the execution that may hold the failed one).
			return { deleted: false, sentence: '' };
		}
		await apiRequest.call(this, 'DELETE', documentImportPath(target.datamartId, importId));
		return {
			deleted: true,
			sentence: `Document import ${importId}, created by this run, held nothing and was deleted: running the workflow again uploads everything to a new import.`,
		};
	} catch (error) {
		return {
			deleted: false,
			sentence: `Document import ${importId} was created by this run and holds nothing of it; deleting it failed (${(error as Error).message}): delete it (Document Import > Delete) or upload to it (Upload To: Existing Document Import).`,
		};
	}
}
