import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { activityIdentifier } from './identifiers';
import { asArray, asObject, asWholeNumber, optionalObject } from './values';

/** A USER_ACTIVITY line: type, session status, timestamp, the $-spelt identifier, events, and the optional fields given. */
export function activityLine(this: IExecuteFunctions, itemIndex: number, identifier: IDataObject): IDataObject {
	const additional = this.getNodeParameter('activityAdditionalFields', itemIndex, {}) as IDataObject;
	const others = optionalObject.call(this, additional.otherProperties, 'Other Properties', itemIndex);
	// Other properties first: the fields set by their own parameters win.
	const line: IDataObject = { ...others };
	Object.assign(line, {
		$type: this.getNodeParameter('activityType', itemIndex),
		$session_status: this.getNodeParameter('sessionStatus', itemIndex),
		$ts: Number(this.getNodeParameter('activityTs', itemIndex)),
	});
	const sendAddress = additional.emailSentAs === 'email' && this.getNodeParameter('identifierType', itemIndex) === 'email';
	// The docs' own example sends the address in $email for the platform to hash.
	const address = sendAddress ? String(this.getNodeParameter('identifier', itemIndex) ?? '').trim() : '';
	Object.assign(line, sendAddress ? { $email_hash: { $email: address } } : activityIdentifier(identifier));
	line.$events = eventsOf.call(this, itemIndex, line.$ts as number);
	const location = optionalObject.call(this, additional.location, 'Location', itemIndex);
	if (location) line.$location = location;
	const origin = optionalObject.call(this, additional.origin, 'Origin', itemIndex);
	if (origin) line.$origin = origin;
	if (additional.ttl !== undefined && additional.ttl !== '') line.$ttl = asWholeNumber(additional.ttl);
	return line;
}


/** The Events list as given, or one event from Event Name and Event Properties at the activity's time. */
function eventsOf(this: IExecuteFunctions, itemIndex: number, ts: number): unknown[] {
	if (this.getNodeParameter('activityEventsFrom', itemIndex, 'list') !== 'oneEvent') {
		return asArray.call(this, this.getNodeParameter('activityEvents', itemIndex), 'Events', itemIndex);
	}
	const name = String(this.getNodeParameter('eventName', itemIndex) ?? '').trim();
	const properties = asObject.call(this, this.getNodeParameter('eventProperties', itemIndex, {}), 'Event Properties', itemIndex);
	return [{ $event_name: name, $ts: ts, $properties: properties }];
}
