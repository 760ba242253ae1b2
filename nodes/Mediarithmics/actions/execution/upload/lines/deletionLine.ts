import type { IDataObject } from 'n8n-workflow';

/** A USER_IDENTIFIERS_DELETION line: one typed identifier. */
export function deletionLine(identifier: IDataObject): IDataObject {
	if ('user_account_id' in identifier) return { type: 'USER_ACCOUNT', ...identifier };
	if ('email_hash' in identifier) return { type: 'USER_EMAIL', hash: identifier.email_hash };
	return { type: 'USER_AGENT', ...identifier };
}
