import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { activityIdentifier } from './identifiers';
import { asArray, asWholeNumber, optionalObject } from './values';

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
	line.$events = asArray.call(this, this.getNodeParameter('activityEvents', itemIndex), 'Events', itemIndex);
	const location = optionalObject.call(this, additional.location, 'Location', itemIndex);
	if (location) line.$location = location;
	const origin = optionalObject.call(this, additional.origin, 'Origin', itemIndex);
	if (origin) line.$origin = origin;
	if (additional.ttl !== undefined && additional.ttl !== '') line.$ttl = asWholeNumber(additional.ttl);
	return line;
}

