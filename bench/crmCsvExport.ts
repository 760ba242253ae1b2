/**
 * `BENCH_CRM_CSV_MB=256,1024 npx ts-node --transpile-only bench/crmCsvExport.ts`:
 * the crm-csv scenario of `npm run bench` alone (bench/scenarios/crmCsv.ts),
 * i.e. `BENCH_SCENARIOS=crm-csv npm run bench`. Settings as there:
 * BENCH_CRM_CSV_MB, BENCH_CRM_CSV_RUNS, BENCH_CRM_CSV_PEER_MB, BENCH_PART_MB.
 */
process.env.BENCH_SCENARIOS = 'crm-csv';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./run');
