/**
 * The whole Upload of a CRM CSV export (Records From = Binary File, the
 * example crm-csv-export-to-segment.json's mappings: both passes), as
 * turns.ts runs it: wall time and the process's CPU time per round. For a
 * before/after, crmCsvTurns.ts.
 * `npx ts-node --transpile-only bench/profile/crmCsvNode.ts [rows=1000000] [rounds=3]`
 * (`node --cpu-prof -r ts-node/register/transpile-only …` to profile).
 */
import { crmCsvUpload, run, timeRounds } from './turns';

run(async () => await timeRounds(crmCsvUpload(Number(process.argv[2] ?? 1_000_000)), Number(process.argv[3] ?? 3)));
