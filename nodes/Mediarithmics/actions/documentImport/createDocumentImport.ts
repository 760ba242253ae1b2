import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, apiRequestAllItems } from '../../transport';
import { documentImportsPath } from '../helpers';

/**
 * Creates a document import without ever creating it twice. The imports of
 * the same name, type and format are listed first (one GET, filtered by
 * name on the server); when an attempt's outcome is unknown (connection cut,
 * timeout, 502/503/504), a matching import that was not in that list is the
 * one the attempt created, and it is not created again.
 */
export async function createDocumentImport(this: IExecuteFunctions, datamartId: string, body: IDataObject): Promise<IDataObject> {
	const path = documentImportsPath(datamartId);
	const sameImports = async () =>
		await apiRequestAllItems.call(this, path, { keywords: body.name }, Infinity, (item) =>
			item.name === body.name && item.document_type === body.document_type && item.mime_type === body.mime_type,
		);
	const before = new Set((await sameImports()).map((item) => String(item.id)));
	return await apiRequest.call(this, 'POST', path, {
		body,
		findCreated: async () => (await sameImports()).find((item) => !before.has(String(item.id))),
	});
}
