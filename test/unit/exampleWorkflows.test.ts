/**
 * The example workflows as n8n stores them. n8n 1.x saves a workflow's static
 * data (where the Mediarithmics Trigger keeps what it has emitted) only for a
 * workflow ID of at most 16 characters (isWorkflowIdValid in n8n 1.123); with a
 * longer one, the trigger forgets its state at every restart and misses what
 * finished meanwhile (seen in test:compat on n8n 1.123.81).
 */
import { readdirSync, readFileSync } from 'fs';
import path from 'path';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples', 'workflows');
const examples = readdirSync(EXAMPLES)
	.filter((name) => name.endsWith('.json'))
	.map((name) => [name, JSON.parse(readFileSync(path.join(EXAMPLES, name), 'utf8')) as { id: string }] as const);

test.each(examples)('%s has a workflow ID n8n 1.x keeps static data for (at most 16 characters)', (_name, workflow) => {
	expect(workflow.id).toMatch(/^[A-Za-z0-9]{1,16}$/);
});

test('the example workflow IDs are distinct (importing one must not replace another)', () => {
	expect(new Set(examples.map(([, workflow]) => workflow.id)).size).toBe(examples.length);
});

describe('crm-mirror-to-segment: the state kept on disk only once the executions succeeded', () => {
	interface Node {
		name: string;
		type: string;
		parameters: Record<string, any>;
		alwaysOutputData?: boolean;
	}
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, 'crm-mirror-to-segment.json'), 'utf8')) as { nodes: Node[]; connections: Record<string, { main: Array<Array<{ node: string; index: number }>> }> };
	const node = (name: string) => workflow.nodes.find((candidate) => candidate.name === name)!;
	const next = (name: string, output = 0) => (workflow.connections[name]?.main[output] ?? []).map((target) => `${target.node}:${target.index}`);
	const upload = node('Mirror the list to the segment');
	const stateField = upload.parameters.uploadOptions.mirror.settings.stateField;

	test('the Upload mirrors to an existing import and waits for completion', () => {
		expect(upload.parameters).toMatchObject({ target: 'existing', inputMode: 'fields', lineDocumentType: 'USER_SEGMENT', expirationDuration: 0 });
		expect(upload.parameters.uploadOptions.waitForCompletion).toBe(true);
	});

	test('the state is read from and written to the same file, in the binary field the mirror reads and writes', () => {
		const read = node('Read sync state');
		const write = node('Keep the sync state');
		expect(read.parameters.fileSelector).toBe(write.parameters.fileName);
		expect(read.parameters.options.dataPropertyName).toBe(stateField);
		expect(write.parameters.dataPropertyName).toBe(stateField);
		// No file yet (the first run): the list still goes on, as a full refresh.
		expect(read.alwaysOutputData).toBe(true);
		expect(next('Read sync state')).toEqual(['State on the first row:1']);
		expect(next('One item per row')).toEqual(['State on the first row:0']);
		expect(node('State on the first row').parameters).toMatchObject({ combineBy: 'combineByPosition', options: { includeUnpaired: true } });
	});

	test('only the state item, and only when confirmed, reaches Write Files to Disk', () => {
		expect(next('Mirror the list to the segment')).toEqual(['The sync state:0']);
		expect(JSON.stringify(node('The sync state').parameters.conditions)).toContain('$json.mirror');
		expect(next('The sync state')).toEqual(['Executions succeeded?:0']);
		expect(JSON.stringify(node('Executions succeeded?').parameters.conditions)).toContain('$json.confirmed');
		expect(next('Executions succeeded?', 0)).toEqual(['Keep the sync state:0']);
		expect(next('Executions succeeded?', 1)).toEqual(['Notify: state not kept:0']);
	});
});
