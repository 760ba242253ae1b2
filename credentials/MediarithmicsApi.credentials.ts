import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class MediarithmicsApi implements ICredentialType {
	name = 'mediarithmicsApi';

	displayName = 'Mediarithmics API';

	icon: Icon = {
		light: 'file:../nodes/Mediarithmics/mediarithmics.svg',
		dark: 'file:../nodes/Mediarithmics/mediarithmics.dark.svg',
	};

	documentationUrl = 'https://developer.mediarithmics.io/resources/api-overview';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long-lived API token, created in the mediarithmics web app under Settings > My Account > API Tokens',
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: 'https://api.mediarithmics.com',
			required: true,
			placeholder: 'https://api.mediarithmics.com',
			description:
				'Base URL of the mediarithmics API, without /v1. Must use https://, except for loopback addresses (a local simulator).',
		},
	];

	// The platform expects the raw token in the Authorization header: no "Bearer" prefix.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '={{$credentials.apiToken}}',
			},
		},
	};

	// The cheapest call that proves a token works; a wrong token shows the platform's message.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiUrl.replace(/\\/+$/, "")}}',
			url: '/v1/connected_user',
			method: 'GET',
		},
	};
}
