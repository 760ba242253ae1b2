import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { readState, type TriggerState } from './finishedExecutions';

/**
 * The first poll's state (where the watch started), also kept in the
 * workflow's global static data. Under n8n's durable poll cursors
 * (N8N_POLLER_DURABLE_CURSORS_ENABLED) a poll's node static data is a cursor
 * that n8n stores only after a scheduled poll: the activation poll's is
 * dropped, and the cursor of an earlier activation survives deactivation. The
 * global static data is what n8n saves at activation. A poll whose own state
 * started earlier than this record (or has none) takes the record instead:
 * what finished after activation is emitted, what finished while the workflow
 * was inactive is not. Under n8n's default scheduling both hold the same start.
 */
const RECORD_KEY_PREFIX = 'mediarithmicsTriggerStart:';

function recordKey(context: IPollFunctions): string {
	return `${RECORD_KEY_PREFIX}${context.getNode().id}`;
}

export function keepStart(context: IPollFunctions, state: TriggerState): void {
	context.getWorkflowStaticData('global')[recordKey(context)] = state as unknown as IDataObject;
}

/** The state to carry on from: the node's own, or the start record when that is newer. */
export function latestState(context: IPollFunctions, stored: unknown, scope: string): TriggerState | undefined {
	const own = readState(stored, scope);
	const start = readState(context.getWorkflowStaticData('global')[recordKey(context)], scope);
	const startedAt = start?.startedAt;
	if (start !== undefined && startedAt !== undefined && (own?.startedAt ?? -Infinity) < startedAt) return start;
	return own;
}
