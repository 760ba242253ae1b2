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

	// The cheapest call that proves a token works. n8n shows only the HTTP status
	// text of a failed declarative test ("Unauthorized") unless a rule names the
	// status, so 401 and 403 say what the platform means by them and what to do.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiUrl.replace(/\\/+$/, "")}}',
			url: '/v1/connected_user',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The platform refused the API token (HTTP 401): it is missing, invalid or expired. Paste a token created in the mediarithmics web app under Settings > My Account > API Tokens.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The platform refused the API token (HTTP 403): the token has no access to this API. Check its rights in the mediarithmics web app.',
				},
			},
		],
	};
}
