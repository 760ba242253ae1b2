import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { activityIdentifier } from './identifiers';
import { asArray } from './values';

/** A USER_ACTIVITY line: type, session status, timestamp, the $-spelt identifier, events. */
export function activityLine(this: IExecuteFunctions, itemIndex: number, identifier: IDataObject): IDataObject {
	return {
		$type: this.getNodeParameter('activityType', itemIndex),
		$session_status: this.getNodeParameter('sessionStatus', itemIndex),
		$ts: Number(this.getNodeParameter('activityTs', itemIndex)),
		...activityIdentifier(identifier),
		$events: asArray.call(this, this.getNodeParameter('activityEvents', itemIndex), 'Events', itemIndex),
	};
}
