import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { checkedId, documentImportsPath } from '../actions/helpers';
import { apiRequest, apiRequestPage } from '../transport';

interface Workspace {
	organisation_name?: string;
	datamarts?: Array<{ id: string; name?: string }>;
}

/** Datamarts of the connected user's workspaces, for the Datamart picker. */
export async function searchDatamarts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const user = await apiRequest.call(this, 'GET', '/v1/connected_user');
	const seen = new Set<string>();
	const results: INodeListSearchItems[] = [];
	for (const workspace of (user.workspaces as Workspace[]) ?? []) {
		for (const datamart of workspace.datamarts ?? []) {
			if (seen.has(String(datamart.id))) continue;
			seen.add(String(datamart.id));
			const name = `${datamart.name ?? 'Datamart'} (${datamart.id})`;
			const label = workspace.organisation_name ? `${name} — ${workspace.organisation_name}` : name;
			if (filter && !label.toLowerCase().includes(filter.toLowerCase())) continue;
			results.push({ name: label, value: String(datamart.id) });
		}
	}
	return { results };
}

const PAGE_SIZE = 100;

/** Document imports of the chosen datamart, newest first, searchable by name (case sensitive, as the API). */
export async function searchDocumentImports(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const datamartId = String(this.getNodeParameter('datamart', undefined, { extractValue: true }) ?? '').trim();
	if (!datamartId) return { results: [] };
	checkedId(this.getNode(), 'datamart', datamartId);
	const firstResult = Number(paginationToken ?? 0);
	const qs = filter ? { keywords: filter } : {};
	const { data: imports, total } = await apiRequestPage.call(this, documentImportsPath(datamartId), firstResult, PAGE_SIZE, qs);
	const next = firstResult + imports.length;
	const more = imports.length === PAGE_SIZE && (total === undefined || next < total);
	return {
		results: imports.map((item) => ({
			name: `${item.name} (${item.id}, ${item.document_type})`,
			value: String(item.id),
		})),
		paginationToken: more ? String(next) : undefined,
	};
}
