/**
 * The credential's Test as n8n 2.41.1 runs it (n8n's CredentialsTester.runRequestTest, packages/cli):
 * a throwaway node whose one property routes the credential's `test.request`, run by n8n-core's
 * RoutingNode over n8n's HTTP client with the credential applied; then the test's rules turn a
 * failed answer into the message the editor shows. Only that last step is written out here (the
 * CLI package is not a dependency of the tests); the request itself is n8n's own.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { Workflow, type ICredentialsDecrypted, type INode, type INodeType, type INodeTypes, type IRunExecutionData } from 'n8n-workflow';

import { MediarithmicsApi } from '../../credentials/MediarithmicsApi.credentials';
import { additionalData, type Connection } from './harness';

export async function runCredentialTest(connection: Connection): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const credentialType = new MediarithmicsApi();
	const testRequest = credentialType.test;
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	} as unknown as INodeType;
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType.name]: { id: 'c', name: 'c' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const inputData = { main: [[{ json: {} }]] };
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const context = new ExecuteContext(workflow, node, additionalData(connection), 'internal', runExecutionData, 0, [], inputData, { node, data: {}, source: null }, []);
	const credentials: ICredentialsDecrypted = { id: 'c', name: 'c', type: credentialType.name, data: { apiToken: connection.token, apiUrl: connection.url } };
	try {
		await new RoutingNode(context, nodeType, credentials).runNode();
	} catch (error) {
		const response = (error as { cause?: { response?: { status: number; statusText?: string } } }).cause?.response;
		if (response) {
			const rule = testRequest.rules?.find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === response.status);
			if (rule) return { status: 'Error', message: (rule.properties as { message: string }).message };
			return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		}
		const code = (error as { cause?: { code?: string } }).cause?.code;
		return { status: 'Error', message: code ?? String((error as Error).message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
