import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datamartLocator, documentImportLocator } from '../common.descriptions';
import { checkedId, documentImportPath, locatorValue } from '../helpers';

/** Which execution an item speaks of: datamart, document import, execution id. */
export interface ExecutionRef {
	datamartId: string;
	importId: string;
	executionId: string;
}

/*
 * Get, Cancel, Wait for Completion and Get Error File usually follow Upload, whose
 * items carry datamart_id, document_import_id and id: by default they read those.
 */
export const executionDatamartLocator: INodeProperties = {
	...datamartLocator,
	default: { mode: 'id', value: '={{ $json.datamart_id }}' },
	description: 'The datamart of the execution. The default takes the datamart_id field of the input item, which Upload outputs.',
};

export const executionDocumentImportLocator: INodeProperties = {
	...documentImportLocator,
	default: { mode: 'id', value: '={{ $json.document_import_id }}' },
	description:
		'The document import of the execution. The default takes the document_import_id field of the input item, which Upload outputs.',
};

export const executionIdField: INodeProperties = {
	displayName: 'Execution ID',
	name: 'executionId',
	type: 'string',
	default: '={{ $json.id }}',
	required: true,
	placeholder: 'e.g. 11597785',
	description: 'ID of the execution (one uploaded file). The default takes the ID field of the input item, which is what Upload outputs.',
};

export function executionsPath(datamartId: string, importId: string): string {
	return `${documentImportPath(datamartId, importId)}/executions`;
}

export function executionPath(ref: ExecutionRef): string {
	return `${executionsPath(ref.datamartId, ref.importId)}/${encodeURIComponent(ref.executionId)}`;
}

export function executionRef(this: IExecuteFunctions, itemIndex: number): ExecutionRef {
	return {
		datamartId: locatorValue.call(this, 'datamart', itemIndex),
		importId: locatorValue.call(this, 'documentImport', itemIndex),
		executionId: checkedId(this.getNode(), 'execution', String(this.getNodeParameter('executionId', itemIndex) ?? '').trim(), itemIndex),
	};
}

/**
 * The flat summary put beside every finished execution (Wait for Completion,
 * the trigger), so a workflow can branch on `status` or `total_failure`
 * without digging into `result`.
 */
export function executionSummary(execution: IDataObject): IDataObject {
	const result = (execution.result as IDataObject | null) ?? {};
	const error = (execution.error as IDataObject | null) ?? null;
	return {
		status: execution.status,
		total_success: (result.total_success as number | undefined) ?? null,
		total_failure: (result.total_failure as number | undefined) ?? null,
		duration: execution.duration ?? null,
		error: error?.message ?? null,
		// The platform's hint that the lines' identifiers may be wrong (e.g. hashed otherwise than the datamart's).
		possible_issue_on_identifiers: (result.possible_issue_on_identifiers as boolean | undefined) ?? null,
	};
}

/**
 * An execution as an operation outputs it: the platform's answer plus the
 * datamart and document import it belongs to, which the next operation's
 * defaults read (`{{ $json.datamart_id }}`, `{{ $json.document_import_id }}`,
 * `{{ $json.id }}`). The platform's execution carries them only in
 * `parameters`, which is null until it has read the file.
 */
export function executionItemJson(execution: IDataObject, ref: Pick<ExecutionRef, 'datamartId' | 'importId'>): IDataObject {
	return { ...execution, datamart_id: ref.datamartId, document_import_id: ref.importId };
}

/**
 * An item of Upload's that names no execution: the report of skipped lines
 * (Invalid Lines = Skip and Report), the plan of a Dry Run, or (Continue On
 * Fail) the item of a job that stopped. The execution operations pass it on
 * untouched, so that it reaches the end of the chain instead of stopping the
 * next node (and a dry run of a whole workflow runs to its end).
 */
export function isUploadReport(json: IDataObject): boolean {
	return json.id === undefined && (Array.isArray(json.skipped_lines) || json.dry_run === true || isUploadFailure(json));
}

/**
 * Upload's Continue On Fail item, told by the fields only it carries
 * (upload/send/uploadJob.ts): an `error`, the executions created before it and the line to
 * resume from. Any other item with an `error` (another node's) is not one.
 */
function isUploadFailure(json: IDataObject): boolean {
	return typeof json.error === 'string' && Array.isArray(json.created_executions) && 'resume_from_line' in json && json.datamart_id === undefined;
}
