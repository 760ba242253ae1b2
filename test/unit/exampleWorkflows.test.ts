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
