/**
 * Operations that usually follow Upload read its output by default: the
 * defaults the editor fills in (n8n's own NodeHelpers, as the editor does).
 */
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { Mediarithmics } from '../../nodes/Mediarithmics/Mediarithmics.node';

const description = new Mediarithmics().description;

function defaults(values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, values, true, false, null, description) ?? {};
}

test.each(['get', 'cancel', 'waitForCompletion', 'getErrorFile'])(
	'Execution > %s takes the datamart, document import and execution of the input item (what Upload outputs)',
	(operation) => {
		expect(defaults({ resource: 'execution', operation })).toMatchObject({
			datamart: { mode: 'id', value: '={{ $json.datamart_id }}' },
			documentImport: { mode: 'id', value: '={{ $json.document_import_id }}' },
			executionId: '={{ $json.id }}',
		});
	},
);

test.each([
	['execution', 'upload'],
	['execution', 'getAll'],
	['documentImport', 'get'],
])('%s > %s starts with an empty datamart picker (there is no input item to read it from)', (resource, operation) => {
	expect(defaults({ resource, operation })).toMatchObject({ datamart: { mode: 'list', value: '' } });
});
