// Run by the provisioned n8n's Node 24: n8n-workflow's own evaluation of
// parameter values, with the expression engine n8n uses by default (`vm`,
// isolated-vm), as n8n's getNodeParameter resolves them. Reads
// [{raw, items}] (tagged JSON) on stdin, prints for each case and item
// {value} or {error}. Used by mappingVmEngine.test.ts.
'use strict';
const { encode, decode } = require('./taggedJson.cjs');

const n8nWorkflow = require(require.resolve('n8n-workflow', { paths: [process.env.N8N_DIR] }));
const { Workflow, Expression, createRunExecutionData } = n8nWorkflow;

async function main() {
	const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
	await Expression.initExpressionEngine({ engine: process.env.ENGINE || 'vm', poolSize: 1, maxCodeCacheSize: 1024, bridgeTimeout: 5000, bridgeMemoryLimit: 128 });
	const description = { properties: [] };
	const nodeTypes = { getByName: () => ({ description }), getByNameAndVersion: () => ({ description }), getKnownTypes: () => ({}) };
	const node = { id: 'map', name: 'Map', type: 'test.map', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const results = await workflow.expression.withIsolate(async () =>
		input.map(({ raw, items }) => {
			const data = decode(items).map((json) => ({ json }));
			return data.map((_item, itemIndex) => {
				try {
					const value = workflow.expression.getParameterValue(decode(raw), createRunExecutionData(), 0, itemIndex, node.name, data, 'manual', {}, { node, data: { main: [data] }, source: null });
					return { value: encode(value) };
				} catch (error) {
					return { error: String(error && error.message) };
				}
			});
		}),
	);
	const engine = Expression.getActiveImplementation();
	await Expression.disposeExpressionEngine();
	process.stdout.write(JSON.stringify({ engine, results }));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
