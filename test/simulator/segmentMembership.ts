// The platform's side of USER_SEGMENT imports (segments-import.md): "add or remove UserPoint from
// segments". Every line of a USER_SEGMENT execution that ended successfully, and that passed the
// line rules (a line in the error file changes nothing), is applied: UPDATE puts the user in each
// segment the line names (with its data_bag and expiration), DELETE takes them out.
//
// Decisions where the docs are silent:
// - Lines are applied when their execution ends successfully, executions in creation order, lines
//   in file order. A FAILED, CANCELED or LOST execution applies nothing.
// - A user is its identifier as the line gives it (email_hash; user_account_id with its
//   compartment_id, or none; user_agent_id): the simulator resolves no user points.
// - A segment named by ID and one named by technical name are different segments (the simulator
//   holds no segment definitions).
// - `expiration_duration` counts from the end of the execution; `expiration_ts` is a date in
//   milliseconds; 0 or absent means never; with both, the earlier one applies.
// - UPDATE of a member already there replaces its data_bag and expiration; DELETE of a member not
//   there does nothing.
//
// Computed again at each query from the stored files, so nothing runs in the background and the
// table follows the clock and statuses set by hand, like the executions themselves.

import { readFileSync } from 'fs';
import type { SimulatorCore } from './context';
import { isSuccessful, phaseAt } from './executionLifecycle';
import { CsvChecker } from './upload/csvChecker';
import { LineSplitter } from './upload/lineSplitter';
import { NdjsonChecker } from './upload/ndjsonChecker';
import type { CheckedRecord } from './upload/recordChecker';
import { MAX_LINE_BYTES } from './upload/receiveUpload';

/** A member of a segment: the user's identifier fields, and what the last UPDATE gave it. */
export interface SegmentMember {
  identifier: Record<string, string>;
  data_bag?: string;
  /** When the member leaves the segment (ms), or null: never. */
  expiresAt: number | null;
}

/** Segment ("segment_id:12", "segment_technical_name:loyal") -> its members, as of now. */
export type Membership = Map<string, SegmentMember[]>;

const SEGMENT_LISTS: Array<[string, string]> = [
  ['segment_ids', 'segment_id'],
  ['segment_technical_names', 'segment_technical_name'],
];

function segmentsOf(line: Record<string, unknown>): string[] {
  const segments: string[] = [];
  for (const field of ['segment_id', 'segment_technical_name']) {
    if (typeof line[field] === 'string') segments.push(`${field}:${line[field]}`);
  }
  for (const [list, field] of SEGMENT_LISTS) {
    if (Array.isArray(line[list])) for (const value of line[list] as unknown[]) segments.push(`${field}:${value}`);
  }
  return segments;
}

function identifierOf(line: Record<string, unknown>): Record<string, string> {
  if (typeof line.email_hash === 'string') return { email_hash: line.email_hash };
  if (typeof line.user_agent_id === 'string') return { user_agent_id: line.user_agent_id };
  const identifier: Record<string, string> = { user_account_id: String(line.user_account_id) };
  if (typeof line.compartment_id === 'string') identifier.compartment_id = line.compartment_id;
  return identifier;
}

function expiresAt(line: Record<string, unknown>, appliedAt: number): number | null {
  const ends: number[] = [];
  const duration = Number(line.expiration_duration ?? 0);
  if (duration > 0) ends.push(appliedAt + duration * 60_000);
  const timestamp = Number(line.expiration_ts ?? 0);
  if (timestamp > 0) ends.push(timestamp);
  return ends.length > 0 ? Math.min(...ends) : null;
}

function appliedRecords(filePath: string, documentType: 'USER_SEGMENT', mimeType: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  const sink = (record: CheckedRecord) => {
    if (record.failure === undefined && record.value !== undefined) records.push(record.value);
  };
  const checker = mimeType === 'TEXT_CSV' ? new CsvChecker(documentType, MAX_LINE_BYTES, sink) : new NdjsonChecker(documentType, MAX_LINE_BYTES, sink);
  const splitter = new LineSplitter(MAX_LINE_BYTES, (line) => checker.line(line));
  splitter.write(readFileSync(filePath));
  splitter.end();
  checker.end();
  return records;
}

export function segmentMembership(core: SimulatorCore, datamartId: string): Membership {
  const now = core.now();
  const table = new Map<string, Map<string, SegmentMember>>();
  for (const execution of core.state.executions()) {
    if (execution.datamartId !== datamartId || execution.documentType !== 'USER_SEGMENT') continue;
    const phase = phaseAt(execution, now, core.timing);
    if (!isSuccessful(phase.status)) continue;
    const appliedAt = phase.endDate ?? now;
    for (const line of appliedRecords(execution.storedFilePath, 'USER_SEGMENT', execution.mimeType)) {
      const identifier = identifierOf(line);
      const who = JSON.stringify(identifier);
      for (const segment of segmentsOf(line)) {
        let members = table.get(segment);
        if (!members) table.set(segment, (members = new Map()));
        if (line.operation === 'DELETE') members.delete(who);
        else {
          const member: SegmentMember = { identifier, expiresAt: expiresAt(line, appliedAt) };
          if (typeof line.data_bag === 'string') member.data_bag = line.data_bag;
          members.set(who, member);
        }
      }
    }
  }
  const membership: Membership = new Map();
  for (const [segment, members] of [...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const current = [...members.values()].filter((member) => member.expiresAt === null || member.expiresAt > now);
    if (current.length > 0) membership.set(segment, current);
  }
  return membership;
}
