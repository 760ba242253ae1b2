/**
 * Runs the Mediarithmics Trigger as n8n 2.41's newer scheduler runs a polling
 * trigger with durable cursors (N8N_SCHEDULER_ENABLED,
 * N8N_SCHEDULER_POLL_TRIGGERS_ENABLED, N8N_POLLER_DURABLE_CURSORS_ENABLED;
 * read from n8n's trigger-execution-context.factory.js,
 * poll-trigger-task-handler.js, poll-trigger-executor.js and
 * active-workflow-triggers.js), with n8n-core's own PollContext:
 * - "the database" holds the workflow's static data and, apart, the node's
 *   cursor (table poller_state), created at the first poll from the node's
 *   static data;
 * - a poll's node static data is a copy of the cursor; a scheduled poll stores
 *   the copy when it returns (with its emitted items, or alone after an empty
 *   poll) and nothing when it throws; the workflow's static data is saved when
 *   a poll emits;
 * - activation runs one "testing" poll (mode "activate", no budget given: the
 *   5 minutes n8n-core defaults to) whose cursor copy is stored only if it
 *   emits, then saves the workflow's static data;
 * - each scheduled poll builds a new Workflow from the stored static data and
 *   a new context in mode "update", with getPollBudgetMs (36 s by default:
 *   the 45 s poll timeout less its margin);
 * - deactivation keeps the cursor (only deleting the workflow removes it); a
 *   restart of n8n changes nothing (no activation poll: the jobs exist).
 */
import { PollContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeParameters, type WorkflowActivateMode } from 'n8n-workflow';

import { MediarithmicsTrigger } from '../../nodes/Mediarithmics/MediarithmicsTrigger.node';
import { additionalData, type Connection } from './harness';
import { nodeTypes, triggerNode } from './pollHarness';

export class DurableCursorRunner {
	private storedStaticData = '{}';
	private storedCursor: string | undefined;
	private readonly node: INode;

	constructor(
		private readonly connection: Connection,
		parameters: INodeParameters,
		private readonly pollBudgetMs = 36_000,
	) {
		this.node = triggerNode(parameters);
	}

	/** The user publishes (activates) the workflow: n8n's activation poll. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<IDataObject[] | null> {
		const workflow = this.loadWorkflow();
		const cursor = this.cursorFor(workflow);
		const context = new PollContext(workflow, this.node, additionalData(this.connection), 'trigger', activation, undefined, undefined, undefined, undefined, () => cursor);
		const output = await new MediarithmicsTrigger().poll.call(context);
		if (output !== null) this.storedCursor = JSON.stringify(cursor);
		this.storedStaticData = JSON.stringify(workflow.staticData);
		return output === null ? null : output[0].map((item) => item.json);
	}

	/** One scheduled poll (a task of n8n's scheduler). */
	async poll(): Promise<IDataObject[] | null> {
		const workflow = this.loadWorkflow();
		const cursor = this.cursorFor(workflow);
		const budget = this.pollBudgetMs;
		const context = new PollContext(workflow, this.node, additionalData(this.connection), 'trigger', 'update', undefined, undefined, undefined, undefined, () => cursor, () => budget);
		const output = await new MediarithmicsTrigger().poll.call(context);
		this.storedCursor = JSON.stringify(cursor);
		if (output !== null) this.storedStaticData = JSON.stringify(workflow.staticData);
		return output === null ? null : output[0].map((item) => item.json);
	}

	/** What n8n keeps in poller_state for the node. */
	cursor(): IDataObject | undefined {
		return this.storedCursor === undefined ? undefined : (JSON.parse(this.storedCursor) as IDataObject);
	}

	private loadWorkflow(): Workflow {
		const staticData = JSON.parse(this.storedStaticData) as IDataObject;
		return new Workflow({ id: 'wf-durable', nodes: [this.node], connections: {}, active: true, nodeTypes, staticData });
	}

	/** A fresh copy of the stored cursor; the first one is made from the node's static data (n8n's getOrCreateCursor). */
	private cursorFor(workflow: Workflow): IDataObject {
		if (this.storedCursor === undefined) this.storedCursor = JSON.stringify(workflow.getStaticData('node', this.node));
		return JSON.parse(this.storedCursor) as IDataObject;
	}
}
