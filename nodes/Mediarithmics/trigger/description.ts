import type { INodeProperties } from 'n8n-workflow';

import { datamartLocator, documentImportLocator, documentTypesFilter, retryOptions } from '../actions/common.descriptions';
import { EXECUTION_OUTCOMES } from '../actions/execution/executionOutcome';

/** The trigger's parameters: the event, which outcomes, what to watch, and how a poll's calls are retried. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		required: true,
		default: 'executionFinished',
		options: [
			{
				name: 'Execution Finished',
				value: 'executionFinished',
				description: 'An execution (one uploaded file) reached a final status',
			},
		],
	},
	{
		displayName: 'Outcomes',
		name: 'outcomes',
		type: 'multiOptions',
		default: [...EXECUTION_OUTCOMES],
		description: 'Which finished executions start the workflow',
		options: [
			{ name: 'Canceled', value: 'canceled', description: 'Canceled before it started' },
			{ name: 'Failed', value: 'failed', description: 'FAILED, LOST or EXECUTOR_NOT_RESPONDING: the file was not imported' },
			{ name: 'Succeeded', value: 'succeeded', description: 'Every line was imported' },
			{
				name: 'Succeeded With Errors',
				value: 'succeededWithErrors',
				description: 'The file was imported but some lines failed (total_failure above 0)',
			},
		],
	},
	{
		displayName: 'Watch',
		name: 'scope',
		type: 'options',
		noDataExpression: true,
		default: 'documentImport',
		options: [
			{ name: 'One Document Import', value: 'documentImport', description: 'The executions of one document import' },
			{
				name: 'All Document Imports of a Datamart',
				value: 'datamart',
				description: 'The executions of every document import of a datamart, including imports created later',
			},
		],
	},
	{ ...datamartLocator, description: 'The datamart whose executions to watch' },
	{
		...documentImportLocator,
		description: 'The document import whose executions to watch',
		displayOptions: { show: { scope: ['documentImport'] } },
	},
	{
		displayName: 'Import Filters',
		name: 'importFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { scope: ['datamart'] } },
		options: [
			documentTypesFilter,
			{
				displayName: 'Name Contains',
				name: 'keywords',
				type: 'string',
				default: '',
				placeholder: 'CRM',
				description: 'Only imports whose name contains this text (case sensitive)',
			},
		],
	},
	{
		...retryOptions,
		description:
			"A poll's calls are retried on 429, 502, 503, 504, dropped connections and timeouts, with growing random waits and the Retry-After the API sends. A poll that still fails changes nothing: the next one picks up what it missed.",
	},
];
