import { createHash } from 'crypto';

import { ListBuilder, type MemberTable } from '../../../../nodes/Mediarithmics/bulk/mirror';

export const emailHash = (address: string) => createHash('sha256').update(address).digest('hex');

export function listOf(lines: Array<Record<string, unknown>>): MemberTable {
	const builder = new ListBuilder();
	lines.forEach((line, row) => builder.addLine(line, row));
	return builder.finish().table;
}

export const member = (address: string, segment: string, rest: Record<string, unknown> = {}) => ({
	operation: 'UPDATE',
	email_hash: emailHash(address),
	segment_technical_name: segment,
	expiration_duration: 0,
	...rest,
});
