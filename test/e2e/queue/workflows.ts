/**
 * The example workflows, made runnable by a queue-mode instance: a manual
 * trigger only runs in the editor (on main) and a nightly schedule is too
 * slow for a test, so the tests start each example from a production
 * webhook instead, which main hands to a worker.
 */
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';

import { EXAMPLES } from '../n8n';

export interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Workflow {
	id: string;
	name: string;
	versionId?: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export function example(file: string): Workflow {
	return JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')) as Workflow;
}

/** The workflow under a new id, started by POST /webhook/<webhookPath> (answered at once; the run is queued). */
export function onWebhook(workflow: Workflow, id: string, webhookPath: string): Workflow {
	const copy = structuredClone(workflow);
	copy.id = id;
	copy.name = `${copy.name} (${id})`;
	// Each imported workflow has its own history entry: a shared versionId would clash.
	copy.versionId = randomUUID();
	const trigger = copy.nodes.find((node) => ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger'].includes(node.type));
	if (!trigger) throw new Error(`${workflow.id} has no manual or schedule trigger to replace`);
	const oldName = trigger.name;
	Object.assign(trigger, {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	});
	copy.connections.Webhook = copy.connections[oldName];
	delete copy.connections[oldName];
	return copy;
}

export function node(workflow: Workflow, name: string): WorkflowNode {
	const found = workflow.nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`${workflow.id} has no node "${name}"`);
	return found;
}

/** The notify-on-finish example (the Mediarithmics Trigger, then a message per execution), posting to `chatUrl`. */
export function notifyOnFinish(chatUrl: string): Workflow {
	const workflow = example('notify-on-finish.json');
	node(workflow, 'Post to chat').parameters.url = chatUrl;
	return workflow;
}
