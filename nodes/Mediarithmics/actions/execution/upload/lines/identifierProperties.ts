import type { INodeProperties } from 'n8n-workflow';

/** The identifier choices and email hashing options shared by the line types of Build Lines From Fields. */
export const identifierTypeOptions = [
	{ name: 'Email (Hashed by the Node)', value: 'email' },
	{ name: 'Email Hash', value: 'email_hash' },
	{ name: 'User Account ID', value: 'user_account_id' },
	{ name: 'User Agent ID', value: 'user_agent_id' },
];

/** Options of the email hashing done by the node (see README: how emails are hashed). */
export const emailHashingProperty: INodeProperties = {
	displayName: 'Email Hashing',
	name: 'emailHashing',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'SHA-256', value: 'sha256' },
				{ name: 'SHA-1', value: 'sha1' },
				{ name: 'MD5', value: 'md5' },
			],
			default: 'sha256',
			description: 'Must be the algorithm the other sources of this datamart use',
		},
		{
			displayName: 'Normalisation',
			name: 'normalisation',
			type: 'options',
			options: [
				{ name: 'Trim and Lower-Case', value: 'trim-lowercase' },
				{ name: 'None (Hash as Given)', value: 'none' },
			],
			default: 'trim-lowercase',
			description: 'What is done to the address before hashing',
		},
	],
};
