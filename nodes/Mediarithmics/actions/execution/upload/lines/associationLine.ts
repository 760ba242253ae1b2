import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { identifierOf } from './identifiers';
import { asArray } from './values';

/** {"identifiers": [...]} of typed identifiers, from the Identifiers list and then the Identifiers From a List given. */
export function associationLine(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const entries = ((this.getNodeParameter('associationIdentifiers', itemIndex, {}) as IDataObject).identifier ?? []) as IDataObject[];
	const identifiers = entries.map((entry) => declarationOf.call(this, entry, itemIndex));
	const additional = this.getNodeParameter('associationAdditionalFields', itemIndex, {}) as IDataObject;
	const list = additional.identifierList;
	if (list !== undefined && list !== '') {
		for (const entry of asArray.call(this, list, 'Identifiers From a List', itemIndex)) identifiers.push(listEntryOf.call(this, entry, itemIndex));
	}
	return { identifiers };
}

/** One entry of the Identifiers list: a type of the node's Identifier Type, a value, a compartment. */
function declarationOf(this: IExecuteFunctions, entry: IDataObject, itemIndex: number): IDataObject {
	const flat = identifierOf.call(this, String(entry.type), String(entry.value ?? '').trim(), String(entry.compartmentId ?? '').trim(), itemIndex);
	if ('email_hash' in flat) return { type: 'USER_EMAIL', hash: flat.email_hash };
	if ('user_agent_id' in flat) return { type: 'USER_AGENT', ...flat };
	return { type: 'USER_ACCOUNT', ...flat };
}

const DOCUMENTED_TYPES = ['USER_ACCOUNT', 'USER_EMAIL', 'USER_AGENT'];
const NODE_TYPES = ['email', 'email_hash', 'user_account_id', 'user_agent_id'];

/**
 * An entry of Identifiers From a List: a declaration as the docs write it
 * ({"type": "USER_EMAIL", "hash": …}), kept as it is, or one in the terms of
 * the Identifiers list ({"type": "email", "value": …}), emails hashed.
 */
function listEntryOf(this: IExecuteFunctions, entry: unknown, itemIndex: number): IDataObject {
	const type = typeof entry === 'object' && entry !== null ? (entry as IDataObject).type : undefined;
	if (typeof type === 'string' && DOCUMENTED_TYPES.includes(type)) return entry as IDataObject;
	if (typeof type === 'string' && NODE_TYPES.includes(type)) return declarationOf.call(this, entry as IDataObject, itemIndex);
	throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1}: an entry of Identifiers From a List has no known type: ${JSON.stringify(entry)?.slice(0, 100)}`, {
		itemIndex,
		description:
			'Give each entry {"type": "email" | "email_hash" | "user_account_id" | "user_agent_id", "value": …, "compartmentId"?: …}, or a declaration as the docs write it ({"type": "USER_EMAIL", "hash": …}).',
	});
}
