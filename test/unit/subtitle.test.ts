import type { INodePropertyOptions } from 'n8n-workflow';

import { Mediarithmics } from '../../nodes/Mediarithmics/Mediarithmics.node';

/**
 * The canvas subtitle is a literal expression (n8n's lint wants a literal) that
 * maps resource:operation to the operation's action text; this keeps the two in step.
 */
test('the node subtitle names every operation by its action text', () => {
	const { description } = new Mediarithmics();
	const literal = /^=\{\{ (\{.*\})\[\$parameter\["resource"\] \+ ":" \+ \$parameter\["operation"\]\] \}\}$/.exec(String(description.subtitle));
	expect(literal).not.toBeNull();
	const subtitles = JSON.parse(literal![1]) as Record<string, string>;

	const actions: Record<string, string> = {};
	for (const property of description.properties.filter((candidate) => candidate.name === 'operation')) {
		const resource = (property.displayOptions?.show?.resource as string[])[0];
		for (const option of property.options as INodePropertyOptions[]) actions[`${resource}:${option.value}`] = String(option.action);
	}
	expect(Object.keys(actions).length).toBeGreaterThan(10);
	expect(subtitles).toEqual(actions);
});
