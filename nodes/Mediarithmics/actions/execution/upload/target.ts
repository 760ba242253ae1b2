import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest } from '../../../transport';
import { createDocumentImport } from '../../documentImport/createDocumentImport';
import { assertMimeTypeAllowed, definedFields } from '../../documentImport/fields';
import { documentImportPath, locatorValue } from '../../helpers';

/** The document import an upload goes to. `importId` is unset for a new import until it is created. */
export interface ImportTarget {
	datamartId: string;
	importId?: string;
	documentType: string;
	mimeType: string;
	name?: string;
}

/** Which import the data goes to: read it (existing) or describe it (new, created only once the data is known to be valid). */
export async function resolveTarget(this: IExecuteFunctions): Promise<ImportTarget> {
	const datamartId = locatorValue.call(this, 'datamart', 0);
	if (this.getNodeParameter('target', 0) === 'existing') {
		const importId = locatorValue.call(this, 'documentImport', 0);
		const existing = await apiRequest.call(this, 'GET', documentImportPath(datamartId, importId));
		return { datamartId, importId, documentType: String(existing.document_type), mimeType: String(existing.mime_type), name: String(existing.name) };
	}
	const documentType = this.getNodeParameter('newImportDocumentType', 0) as string;
	const mimeType = this.getNodeParameter('newImportMimeType', 0) as string;
	assertMimeTypeAllowed.call(this, documentType, mimeType, 0);
	return { datamartId, documentType, mimeType, name: this.getNodeParameter('newImportName', 0) as string };
}

/** Creates the new import (after every input was planned); returns whether it did. */
export async function createImportIfNew(this: IExecuteFunctions, target: ImportTarget): Promise<boolean> {
	if (target.importId) return false;
	const created = await createDocumentImport.call(this, target.datamartId, {
		document_type: target.documentType,
		mime_type: target.mimeType,
		encoding: 'utf-8',
		name: target.name,
		...definedFields(this.getNodeParameter('newImportOptions', 0, {}) as IDataObject),
	});
	target.importId = String(created.id);
	return true;
}
