import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

const HTTPS_ONLY =
	'The API URL must be the API server\'s address alone, https://host (http:// only for a loopback address such as a local simulator), without a path such as /v1, a query, a fragment or a user name: the API token is sent with every request, over http:// anyone on the way could read it, and the node adds the paths itself. Nothing was sent.';

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
	//
	// The test sends the token, so it keeps the node's rules: https only (http:// for a loopback
	// address), checked before anything is sent; and no redirect followed, so that the token never
	// goes to another address. The refusal must be an expression error for its message to reach the
	// editor: the vm engine rebuilds one from an error named ExpressionError, the legacy engine passes
	// on only real ones (instances of n8n's classes, which an expression cannot build), so the refusal
	// takes the error of an extension call that always fails (an unknown hash algorithm) and gives
	// it its own message. Any other error would make the base URL empty, which n8n refuses as well
	// ("Invalid URL"), still without sending anything.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ (() => { const url = String($credentials.apiUrl ?? "").trim().replace(/\\/+$/, ""); if (/^https:\\/\\/[^\\/?#@\\s]+$/i.test(url) || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?$/i.test(url)) return url; const message = ${JSON.stringify(HTTPS_ONLY)}; let refused = new Error(message); refused.name = "ExpressionError"; try { "".hash("none"); } catch (found) { found.message = message; refused = found; } throw refused; })() }}`,
			url: '/v1/connected_user',
			method: 'GET',
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
		rules: [
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `The API URL answered with a redirect (HTTP ${value}), which the test does not follow, so that the API token goes nowhere else. Set API URL to the API's own address (https://api.mediarithmics.com unless mediarithmics gave you another), without a path; a proxy in between must pass requests on, not redirect them.`,
				},
			})),
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
