import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { checkedId, documentImportPath, documentImportsPath } from '../actions/helpers';
import { apiRequest, apiRequestAllItems } from '../transport';

/** What the trigger watches: one document import, or every import of a datamart (optionally filtered). */
export interface TriggerScope {
	datamartId: string;
	/** Set when one import is watched. */
	importId?: string;
	documentTypes: string[];
	keywords: string;
}

/** A document import in scope, with what each output item tells about it. */
export interface ImportInScope {
	id: string;
	name: string;
	documentType: string;
}

export function readScope(this: IPollFunctions): TriggerScope {
	const datamartId = locatorValue.call(this, 'datamart', 'datamart');
	if (this.getNodeParameter('scope') === 'documentImport') {
		return { datamartId, importId: locatorValue.call(this, 'documentImport', 'document import'), documentTypes: [], keywords: '' };
	}
	const filters = this.getNodeParameter('importFilters', {}) as IDataObject;
	const documentTypes = Array.isArray(filters.documentTypes) ? (filters.documentTypes as string[]) : [];
	return { datamartId, documentTypes: [...documentTypes].sort(), keywords: String(filters.keywords ?? '') };
}

/** A key that changes when the scope does: the trigger then starts afresh instead of mixing states. */
export function scopeKey(scope: TriggerScope): string {
	return JSON.stringify([scope.datamartId, scope.importId ?? null, scope.documentTypes, scope.keywords]);
}

/** A sentence naming the scope, for messages. */
export function describeScope(scope: TriggerScope): string {
	if (scope.importId) return `document import ${scope.importId} of datamart ${scope.datamartId}`;
	const filters = [
		scope.documentTypes.length ? `of type ${scope.documentTypes.join(' or ')}` : '',
		scope.keywords ? `whose name contains "${scope.keywords}"` : '',
	].filter(Boolean);
	return `the document imports of datamart ${scope.datamartId}${filters.length ? ` ${filters.join(' and ')}` : ''}`;
}

/** The imports to look at in this poll: the one chosen (read, so a deleted one is a clear error), or the datamart's. */
export async function importsInScope(this: IPollFunctions, scope: TriggerScope): Promise<ImportInScope[]> {
	if (scope.importId) {
		const documentImport = await apiRequest.call(this, 'GET', documentImportPath(scope.datamartId, scope.importId));
		return [importInScope(documentImport)];
	}
	const qs: IDataObject = {};
	if (scope.documentTypes.length) qs.document_types = scope.documentTypes.join(',');
	if (scope.keywords) qs.keywords = scope.keywords;
	const imports = await apiRequestAllItems.call(this, documentImportsPath(scope.datamartId), qs);
	return imports.map(importInScope);
}

function importInScope(documentImport: IDataObject): ImportInScope {
	return {
		id: String(documentImport.id),
		name: String(documentImport.name ?? ''),
		documentType: String(documentImport.document_type ?? ''),
	};
}

function locatorValue(this: IPollFunctions, name: string, what: string): string {
	const value = this.getNodeParameter(name, '', { extractValue: true }) as string | number;
	const id = String(value ?? '').trim();
	if (!id) {
		throw new NodeOperationError(this.getNode(), `No ${what} selected`, {
			description: `Pick the ${what} to watch from the list, or enter its ID.`,
		});
	}
	return checkedId(this.getNode(), what, id);
}
