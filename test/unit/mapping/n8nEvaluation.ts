/**
 * n8n's own resolution of a node parameter for one item, as n8n-core's
 * getNodeParameter does it: n8n-workflow's Workflow, its WorkflowDataProxy
 * ($json is the item's JSON) and its expression engine (legacy here, under
 * jest; test/e2e/mappingVmEngine.test.ts runs the default engine, isolated-vm,
 * in the provisioned n8n).
 */
import { Workflow, createRunExecutionData, type INode, type INodeExecutionData, type INodeTypes, type NodeParameterValueType } from 'n8n-workflow';

const description = { properties: [] };
const nodeTypes = {
	getByName: () => ({ description }),
	getByNameAndVersion: () => ({ description }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;
const node: INode = { id: 'map', name: 'Map', type: 'test.map', typeVersion: 1, position: [0, 0], parameters: {} };
const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

export type Outcome = { value: unknown } | { error: string };

/** What n8n gives for the raw parameter value `raw` and item `itemIndex` of `items` (or the error it throws). */
export function n8nValue(raw: unknown, items: INodeExecutionData[], itemIndex: number): Outcome {
	try {
		const value = workflow.expression.getParameterValue(
			raw as NodeParameterValueType,
			createRunExecutionData(),
			0,
			itemIndex,
			node.name,
			items,
			'manual',
			{},
			{ node, data: { main: [items] }, source: null },
		);
		return { value };
	} catch (error) {
		return { error: (error as Error).message };
	}
}
