import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { activityLine } from './activityLine';
import { associationLine } from './associationLine';
import { choiceLine } from './choiceLine';
import { deletionLine } from './deletionLine';
import { identifierFields } from './identifiers';
import { profileLine } from './profileLine';
import { segmentLine } from './segmentLine';

/*
 * Input mode "Build Lines From Fields": its parameters (properties.ts), and the line each item
 * makes, built by the document type's builder beside this file (segmentLine.ts, profileLine.ts…).
 */
export { lineFieldProperties } from './properties';

/** The line for one item, from the parameters resolved for that item. */
export function buildLine(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const documentType = this.getNodeParameter('lineDocumentType', itemIndex) as string;
	if (documentType === 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS') return associationLine.call(this, itemIndex);
	const identifier = identifierFields.call(this, itemIndex);
	switch (documentType) {
		case 'USER_SEGMENT':
			return segmentLine.call(this, itemIndex, identifier);
		case 'USER_PROFILE':
			return profileLine.call(this, itemIndex, identifier);
		case 'USER_ACTIVITY':
			return activityLine.call(this, itemIndex, identifier);
		case 'USER_CHOICE':
			return choiceLine.call(this, itemIndex, identifier);
		default:
			// USER_IDENTIFIERS_DELETION: one typed identifier per line.
			return deletionLine(identifier);
	}
}
