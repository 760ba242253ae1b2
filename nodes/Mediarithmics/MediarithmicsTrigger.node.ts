import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { listSearch } from './methods';
import { pollFinishedExecutions } from './trigger/poll';
import { triggerProperties } from './trigger/description';

/**
 * Starts a workflow when executions (uploaded files) finish on the platform:
 * the "wait for execution" half of a two-workflow import (one uploads, this
 * one reacts). A polling trigger: n8n calls poll() on the chosen schedule.
 */
export class MediarithmicsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mediarithmics Trigger',
		name: 'mediarithmicsTrigger',
		icon: { light: 'file:mediarithmics.svg', dark: 'file:mediarithmics.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["scope"] === "datamart" ? "Executions finished: all imports" : "Executions finished: one import" }}',
		description: 'Starts the workflow when mediarithmics import executions finish',
		defaults: { name: 'Mediarithmics Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mediarithmicsApi', required: true }],
		properties: triggerProperties,
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollFinishedExecutions.call(this);
	}
}
