import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { hashEmail, type EmailHashAlgorithm, type EmailNormalisation } from '../../../../bulk';

/** The identifier of the line for one item, in the flat form of segment, profile and choice lines. */
export function identifierFields(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const type = this.getNodeParameter('identifierType', itemIndex) as string;
	const value = String(this.getNodeParameter('identifier', itemIndex) ?? '').trim();
	const compartmentId = type === 'user_account_id' ? String(this.getNodeParameter('compartmentId', itemIndex, '') ?? '').trim() : '';
	return identifierOf.call(this, type, value, compartmentId, itemIndex);
}

/** One identifier in the flat form of segment, profile and choice lines. */
export function identifierOf(this: IExecuteFunctions, type: string, value: string, compartmentId: string, itemIndex: number): IDataObject {
	if (!value) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1} has an empty identifier`, {
			itemIndex,
			description: 'Map the Identifier parameter to a field that every item has, or filter out the items without one.',
		});
	}
	if (type === 'email') {
		const hashing = this.getNodeParameter('emailHashing', itemIndex, {}) as IDataObject;
		return {
			email_hash: hashEmail(value, {
				algorithm: (hashing.algorithm as EmailHashAlgorithm) ?? 'sha256',
				normalisation: (hashing.normalisation as EmailNormalisation) ?? 'trim-lowercase',
			}),
		};
	}
	if (type === 'user_account_id') {
		return compartmentId ? { user_account_id: value, compartment_id: compartmentId } : { user_account_id: value };
	}
	return { [type]: value };
}

/** Activities spell identifiers with a $ and wrap the email hash: {$email_hash: {$hash}}. */
export function activityIdentifier(identifier: IDataObject): IDataObject {
	if ('email_hash' in identifier) return { $email_hash: { $hash: identifier.email_hash } };
	if ('user_agent_id' in identifier) return { $user_agent_id: identifier.user_agent_id };
	const line: IDataObject = { $user_account_id: identifier.user_account_id };
	if (identifier.compartment_id) line.$compartment_id = identifier.compartment_id;
	return line;
}
