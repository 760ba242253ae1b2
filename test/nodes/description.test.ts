/**
 * What the editor shows: n8n's own NodeHelpers decide which parameters are
 * displayed for a given set of values, exactly as the editor does.
 */
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { Mediarithmics } from '../../nodes/Mediarithmics/Mediarithmics.node';

const description = new Mediarithmics().description;

/** The names of the parameters the editor shows for these values (defaults filled in). */
function shown(values: INodeParameters): string[] {
	const parameters = NodeHelpers.getNodeParameters(description.properties, values, true, false, null, description) ?? {};
	return Object.keys(parameters);
}

const buildLines = (extra: INodeParameters) => ({ resource: 'execution', operation: 'upload', inputMode: 'fields', ...extra });

describe('Build Lines From Fields: Email Hashing is offered only where an email is hashed', () => {
	test.each(['USER_SEGMENT', 'USER_PROFILE', 'USER_CHOICE', 'USER_ACTIVITY', 'USER_IDENTIFIERS_DELETION'])(
		'%s with an email identifier shows it',
		(lineDocumentType) => {
			expect(shown(buildLines({ lineDocumentType, identifierType: 'email' }))).toContain('emailHashing');
		},
	);

	test.each(['user_account_id', 'email_hash', 'user_agent_id'])('an identifier of type %s hides it', (identifierType) => {
		expect(shown(buildLines({ lineDocumentType: 'USER_SEGMENT', identifierType }))).not.toContain('emailHashing');
	});

	test('an association (whose identifiers may be emails) shows it', () => {
		expect(shown(buildLines({ lineDocumentType: 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS' }))).toContain('emailHashing');
	});

	test('other input modes hide it', () => {
		expect(shown({ resource: 'execution', operation: 'upload', inputMode: 'items' })).not.toContain('emailHashing');
	});
});
