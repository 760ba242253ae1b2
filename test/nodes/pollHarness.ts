/**
 * Runs the Mediarithmics Trigger the way n8n runs a polling trigger: one
 * n8n-core PollContext per activation, reused for every poll (as n8n's
 * scheduler does), over a real n8n-workflow Workflow whose static data is the
 * trigger's memory. `restart()` serialises that static data to JSON and builds
 * a new workflow from it, as n8n does when it starts again and reads the
 * workflow from its database.
 */
import { PollContext } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { MediarithmicsTrigger } from '../../nodes/Mediarithmics/MediarithmicsTrigger.node';
import { additionalData, type Connection } from './harness';

export const nodeTypes: INodeTypes = {
	getByName: () => new MediarithmicsTrigger() as INodeType,
	getByNameAndVersion: () => new MediarithmicsTrigger() as INodeType,
	getKnownTypes: () => ({}),
};

/** The trigger node as the editor saves it: the given parameters, defaults filled in. */
export function triggerNode(parameters: INodeParameters): INode {
	const nodeType = new MediarithmicsTrigger();
	const node: INode = {
		id: 'trigger-under-test',
		name: 'Mediarithmics Trigger',
		type: 'n8n-nodes-mediarithmics.mediarithmicsTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { mediarithmicsApi: { id: '1', name: 'Mediarithmics account' } },
	};
	node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ?? {};
	return node;
}

export class TriggerRunner {
	private workflow!: Workflow;
	private context!: PollContext;
	private readonly node: INode;
	/** What getPollBudgetMs() answers (n8n 2.41's scheduler); undefined: the context as older n8n builds it, without the method. */
	private pollBudgetMs: number | undefined;

	constructor(
		private readonly connection: Connection,
		parameters: INodeParameters,
	) {
		this.node = triggerNode(parameters);
	}

	/** The user activates the workflow (or n8n starts with it active: "init"). */
	activate(activation: WorkflowActivateMode = 'activate', staticData: IDataObject = {}): this {
		this.workflow = new Workflow({ id: 'wf-trigger', nodes: [this.node], connections: {}, active: true, nodeTypes, staticData });
		this.context = this.newContext('trigger', activation);
		return this;
	}

	/** Polls from now on get this budget from getPollBudgetMs(), as under n8n's newer scheduler (call before activate). */
	withPollBudget(ms: number): this {
		this.pollBudgetMs = ms;
		return this;
	}

	/** One scheduled poll: the items it emits, or null. */
	async poll(): Promise<IDataObject[] | null> {
		const output = await new MediarithmicsTrigger().poll.call(this.context);
		return output === null ? null : output[0].map((item) => item.json);
	}

	/** n8n stops and starts again: static data goes through JSON, a new context polls in mode "init". */
	restart(): this {
		const saved = this.savedStaticData();
		return this.activate('init', JSON.parse(saved) as IDataObject);
	}

	/** The static data as n8n would store it. */
	savedStaticData(): string {
		return JSON.stringify(this.workflow.staticData);
	}

	/** The editor's "Fetch Test Event": a manual poll on a workflow of its own. */
	async fetchTestEvent(): Promise<IDataObject[] | null> {
		const workflow = new Workflow({ id: 'wf-manual', nodes: [this.node], connections: {}, active: false, nodeTypes, staticData: {} });
		const context = new PollContext(workflow, this.node, additionalData(this.connection), 'manual', 'manual');
		const output = await new MediarithmicsTrigger().poll.call(context);
		return output === null ? null : output[0].map((item) => item.json);
	}

	private newContext(mode: WorkflowExecuteMode, activation: WorkflowActivateMode): PollContext {
		const context = new PollContext(this.workflow, this.node, additionalData(this.connection), mode, activation);
		const budget = this.pollBudgetMs;
		// n8n-core's context always has the method (5 minutes by default); n8n before 2.41 has none.
		Object.defineProperty(context, 'getPollBudgetMs', { value: budget === undefined ? undefined : () => budget });
		return context;
	}
}
