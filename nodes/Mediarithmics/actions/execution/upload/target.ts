import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	/** The import's encoding as it says it (the node writes and checks UTF-8 only). */
	encoding?: string;
}

/** Which import the data goes to: read it (existing) or describe it (new, created only once the data is known to be valid). */
export async function resolveTarget(this: IExecuteFunctions): Promise<ImportTarget> {
	const datamartId = locatorValue.call(this, 'datamart', 0);
	if (this.getNodeParameter('target', 0) === 'existing') {
		const importId = locatorValue.call(this, 'documentImport', 0);
		const existing = await apiRequest.call(this, 'GET', documentImportPath(datamartId, importId));
		const encoding = typeof existing.encoding === 'string' ? existing.encoding : undefined;
		return { datamartId, importId, documentType: String(existing.document_type), mimeType: String(existing.mime_type), name: String(existing.name), encoding };
	}
	const documentType = this.getNodeParameter('newImportDocumentType', 0) as string;
	const mimeType = this.getNodeParameter('newImportMimeType', 0) as string;
	assertMimeTypeAllowed.call(this, documentType, mimeType, 0);
	const newOptions = this.getNodeParameter('newImportOptions', 0, {}) as IDataObject;
	const encoding = typeof newOptions.encoding === 'string' && newOptions.encoding !== '' ? newOptions.encoding : undefined;
	return { datamartId, documentType, mimeType, name: this.getNodeParameter('newImportName', 0) as string, encoding };
}

/**
 * The node writes lines as UTF-8 and reads files as UTF-8 to check them: an
 * import that says another encoding gets only files sent as they are
 * (Binary File or File URL, Validate Lines off). Refused before anything is sent.
 */
export function assertEncodingServed(this: IExecuteFunctions, target: ImportTarget, validate: boolean): void {
	const encoding = target.encoding;
	if (encoding === undefined || /^utf-?8$/i.test(encoding.trim())) return;
	const inputMode = this.getNodeParameter('inputMode', 0) as string;
	if (!validate && (inputMode === 'binary' || inputMode === 'url')) return;
	throw new NodeOperationError(this.getNode(), `The document import's encoding is "${encoding}", but the node writes and checks lines as UTF-8`, {
		description:
			'Convert the data to UTF-8 and set the import\'s Encoding to utf-8 (Update a document import), or upload the file as it is: Input Binary File or File URL with the option Validate Lines off.',
	});
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
