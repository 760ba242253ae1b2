import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Where a call can come from: a node's run, the editor's pickers, the trigger's poll. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_NAME = 'mediarithmicsApi';

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The credential's API URL, checked: https only, except loopback (a local simulator). */
export async function getBaseUrl(this: ApiContext): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	const raw = String(credentials.apiUrl ?? '').trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new NodeOperationError(this.getNode(), `The API URL "${raw}" of the Mediarithmics API credential is not a URL`, {
			description: 'Set it to https://api.mediarithmics.com (without /v1) unless mediarithmics gave you another one.',
		});
	}
	const loopback = LOOPBACK_HOSTS.test(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		throw new NodeOperationError(this.getNode(), `The API URL "${raw}" of the Mediarithmics API credential must start with https://`, {
			description: 'The API token is sent with every request, so only https:// is allowed (http:// only for loopback addresses such as a local simulator).',
		});
	}
	// Paths are appended to it (`/v1/...`): a path, query or fragment of its own would make wrong URLs.
	const extra = [url.pathname !== '/' ? `a path ("${url.pathname}")` : '', url.search ? 'a query string' : '', url.hash ? 'a fragment (#…)' : '', url.username || url.password ? 'a user name or password' : ''].filter(Boolean);
	if (extra.length > 0) {
		throw new NodeOperationError(this.getNode(), `The API URL of the Mediarithmics API credential must be the server's address only, without ${extra.join(', ')}`, {
			description: `Set it to ${url.protocol}//${url.host} (the node adds /v1/… itself), e.g. https://api.mediarithmics.com.`,
		});
	}
	// The parsed origin, not the text: a bare "?", "#" or backslash at its end parses to nothing, but appended to, it would move /v1/… into a query, a fragment or a second slash.
	return url.origin;
}
