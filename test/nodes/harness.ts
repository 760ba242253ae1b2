/**
 * Runs our node inside n8n's own execution context (n8n-core's ExecuteContext
 * and LoadOptionsContext, n8n-workflow's Workflow and expressions, n8n's HTTP
 * client), with the credential applied the way n8n applies an
 * IAuthenticateGeneric credential. Nothing of our code is replaced: requests
 * really go over HTTP to the simulator.
 */
import { ExecuteContext, LoadOptionsContext } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	type IDataObject,
	type INodeParameters,
} from 'n8n-workflow';

import { MediarithmicsApi } from '../../credentials/MediarithmicsApi.credentials';
import { Mediarithmics } from '../../nodes/Mediarithmics/Mediarithmics.node';

const credentialType = new MediarithmicsApi();

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	getParentTypes(): string[] {
		return [];
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, _type: string, request: IHttpRequestOptions) {
		// The credential's own `authenticate` block, resolved like n8n resolves `={{$credentials.x}}`.
		const headers = (credentialType.authenticate.properties.headers ?? {}) as Record<string, string>;
		const resolved: Record<string, string> = {};
		for (const [name, template] of Object.entries(headers)) {
			resolved[name] = template.replace(/^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/, (_m, key: string) => String(credentials[key]));
		}
		return { ...request, headers: { ...request.headers, ...resolved } };
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}
	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return this.data;
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return credentialType.properties;
	}
}

const nodeTypes: INodeTypes = {
	getByName: () => new Mediarithmics() as INodeType,
	getByNameAndVersion: () => new Mediarithmics() as INodeType,
	getKnownTypes: () => ({}),
};

export interface Connection {
	url: string;
	token: string;
}

function buildWorkflow(parameters: INodeParameters, options: { continueOnFail?: boolean }) {
	const nodeType = new Mediarithmics();
	const node: INode = {
		id: 'node-under-test',
		name: 'Mediarithmics',
		type: 'n8n-nodes-mediarithmics.mediarithmics',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { mediarithmicsApi: { id: '1', name: 'Mediarithmics account' } },
		continueOnFail: options.continueOnFail,
		onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
	};
	// Fill in defaults the way the editor does, so tests give only what a user would set.
	node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ?? {};
	const workflow = new Workflow({ id: 'wf', nodes: [node], connections: {}, active: false, nodeTypes });
	return { node, workflow };
}

export function additionalData(connection: Connection): IWorkflowExecuteAdditionalData {
	const helper = new TestCredentialsHelper({ apiToken: connection.token, apiUrl: connection.url });
	return {
		credentialsHelper: helper,
		executionId: 'test-execution',
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		variables: {},
		hooks: undefined,
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	parameters: INodeParameters;
	items?: IDataObject[] | INodeExecutionData[];
	continueOnFail?: boolean;
	abortSignal?: AbortSignal;
	/** Receives every line the node logs through n8n's logger (this.logger), with its level. */
	onLog?: (level: string, message: string) => void;
}

/** n8n's execution context of the node for the given parameters and input items, as n8n builds it to run the node. */
export function executeContext(connection: Connection, options: RunOptions): { context: ExecuteContext; items: INodeExecutionData[] } {
	const { node, workflow } = buildWorkflow(options.parameters, options);
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((item) =>
		'json' in item && typeof item.json === 'object' ? (item as INodeExecutionData) : { json: item as IDataObject },
	);
	const runExecutionData = { resultData: { runData: {} }, executionData: undefined } as unknown as IRunExecutionData;
	const executeData = { node, data: { main: [items] }, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData(connection),
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
		options.abortSignal,
	);
	if (options.onLog) {
		const onLog = options.onLog;
		const logger = Object.fromEntries(['error', 'warn', 'info', 'debug'].map((level) => [level, (message: string) => onLog(level, message)]));
		Object.defineProperty(context, 'logger', { value: logger });
	}
	return { context, items };
}

/** Runs the node's execute() once over the given input items; returns its first output. */
export async function runNode(connection: Connection, options: RunOptions): Promise<INodeExecutionData[]> {
	const { context } = executeContext(connection, options);
	const output = await new Mediarithmics().execute.call(context);
	return output[0];
}

/** Calls one of the node's listSearch methods as the editor does. */
export async function listSearch(
	connection: Connection,
	method: 'searchDatamarts' | 'searchDocumentImports',
	parameters: INodeParameters,
	filter?: string,
	paginationToken?: string,
) {
	const { node, workflow } = buildWorkflow(parameters, {});
	const context = new LoadOptionsContext(workflow, node, additionalData(connection), '');
	const methods = new Mediarithmics().methods.listSearch as Record<string, Function>;
	return await methods[method].call(context, filter, paginationToken);
}
