import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { identifierOf } from './identifiers';

/** {"identifiers": [...]} of typed identifiers, from the Identifiers list. */
export function associationLine(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const entries = ((this.getNodeParameter('associationIdentifiers', itemIndex, {}) as IDataObject).identifier ?? []) as IDataObject[];
	const identifiers = entries.map((entry) => {
		const flat = identifierOf.call(this, String(entry.type), String(entry.value ?? '').trim(), String(entry.compartmentId ?? '').trim(), itemIndex);
		if ('email_hash' in flat) return { type: 'USER_EMAIL', hash: flat.email_hash };
		if ('user_agent_id' in flat) return { type: 'USER_AGENT', ...flat };
		return { type: 'USER_ACCOUNT', ...flat };
	});
	return { identifiers };
}
