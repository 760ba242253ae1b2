/**
 * The whole Upload of an NDJSON file of segment lines (as fileNode.ts) by two
 * or more source trees taking turns in one process (turns.ts), best and
 * median CPU time per line for each.
 *   ROWS=1000000 ROUNDS=6 npx ts-node --transpile-only bench/profile/fileTurns.ts <tree>[,<tree>…]
 * e.g. `/tmp/before,.` (a tree is a checkout's root with node_modules: its test/nodes/harness and node are loaded).
 */
import { run, segmentFileUpload, takeTurns } from './turns';

run(async () => await takeTurns(process.argv[2].split(','), segmentFileUpload(Number(process.env.ROWS ?? 300_000), 'file turns'), Number(process.env.ROUNDS ?? 6)));
