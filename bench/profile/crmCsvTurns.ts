/**
 * The whole Upload of a generated CRM CSV export (as crmCsvNode.ts) by two or
 * more source trees taking turns in one process (turns.ts), best and median
 * CPU time per row for each.
 *   ROWS=300000 ROUNDS=6 npx ts-node --transpile-only bench/profile/crmCsvTurns.ts <tree>[,<tree>…]
 * e.g. `/tmp/before,.` (a tree is a checkout's root with node_modules: its test/nodes/harness and node are loaded).
 */
import { crmCsvUpload, run, takeTurns } from './turns';

run(async () => await takeTurns(process.argv[2].split(','), crmCsvUpload(Number(process.env.ROWS ?? 300_000)), Number(process.env.ROUNDS ?? 6)));
