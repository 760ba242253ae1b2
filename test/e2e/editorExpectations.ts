/**
 * What a person should see in the editor for each operation of a node just
 * added from the nodes panel (default values): the parameters, top to bottom.
 * A change to a node's description that adds, drops or reorders a field
 * must be made here too, on purpose.
 */
export interface ShownOperation {
	/** Screenshot file name (test/e2e/output/screenshots/<name>.png). */
	screenshot: string;
	/** Node as listed in the nodes panel, and the action picked there. */
	node: string;
	action: string;
	/** A trigger is offered first on an empty workflow ("What triggers this workflow?"). */
	onNewWorkflow?: boolean;
	/** Options to pick after the node opens, in order: [parameter, option shown]. */
	choose?: Array<[string, string]>;
	parameters: string[];
	/** Text every listed notice must contain (in order). */
	notices?: string[];
}

const UPLOAD_COMMON = ['resource', 'operation', 'datamart', 'target', 'documentImport', 'inputMode'];

export const SHOWN_OPERATIONS: ShownOperation[] = [
	{
		screenshot: 'document-import-create',
		node: 'Mediarithmics',
		action: 'Create a document import',
		parameters: ['resource', 'operation', 'datamart', 'name', 'documentType', 'mimeType'],
		notices: ['one new document import per batch'],
	},
	{
		screenshot: 'upload-binary-file',
		node: 'Mediarithmics',
		action: 'Upload data as executions',
		parameters: [...UPLOAD_COMMON, 'binaryPropertyName'],
		notices: ['100 MB'],
	},
	{
		screenshot: 'upload-items-as-lines',
		node: 'Mediarithmics',
		action: 'Upload data as executions',
		choose: [['inputMode', 'Items as Lines']],
		parameters: UPLOAD_COMMON,
		notices: ['100 MB'],
	},
	{
		screenshot: 'upload-build-lines-from-fields',
		node: 'Mediarithmics',
		action: 'Upload data as executions',
		choose: [['inputMode', 'Build Lines From Fields']],
		parameters: [
			...UPLOAD_COMMON,
			'recordsFrom',
			'lineDocumentType',
			'lineOperation',
			'identifierType',
			'identifier',
			'compartmentId',
			'segmentBy',
			'segment',
			'expirationDuration',
			'dataBag',
		],
		notices: ['100 MB'],
	},
	{
		screenshot: 'wait-for-completion',
		node: 'Mediarithmics',
		action: 'Wait for executions to complete',
		parameters: ['resource', 'operation', 'datamart', 'documentImport', 'executionId'],
	},
	{
		screenshot: 'trigger',
		node: 'Mediarithmics',
		action: 'On execution finished',
		onNewWorkflow: true,
		parameters: ['mode', 'event', 'outcomes', 'scope', 'datamart', 'documentImport'],
	},
];
