/** The segment mirror's domain (docs/mirror.md): member keys, the list, the state, the diff, the guard, the next state. */
export { membersOfLine, updateLine, deleteLine, canonicalJson, encodeIdentifier, segmentText, type MemberKey, type LineMembers } from './memberKey';
export { UNCERTAIN, REMOVED, memberKeyAt, findMember, type MemberTable } from './memberTable';
export { ListBuilder } from './list';
export { encodeState, decodeState, MirrorStateError, STATE_VERSION, type MirrorState, type MirrorJournal, type JournalExecution } from './state';
export { diffMembers, type MirrorDiff, type SegmentCounts, type UpdateReason, type DeleteReason } from './diff';
export { checkGuard, DEFAULT_GUARD, type GuardOptions } from './guard';
export { nextMembers, encodeNextState, type SendOutcome } from './nextState';
export { markTouched, keysOfSentLine } from './reconcile';
export { checkJournal, nextJournal, type ImportExecution, type JournalCheck } from './journal';
