/**
 * The whole Upload of an NDJSON file of segment lines (Input: Binary File,
 * Validate Lines on: both passes), as turns.ts runs it: wall time and the
 * process's CPU time per round. For a before/after, fileTurns.ts.
 * `npx ts-node --transpile-only bench/profile/fileNode.ts [lines=1000000] [rounds=3]`
 */
import { run, segmentFileUpload, timeRounds } from './turns';

run(async () => await timeRounds(segmentFileUpload(Number(process.argv[2] ?? 1_000_000), 'file bench'), Number(process.argv[3] ?? 3)));
