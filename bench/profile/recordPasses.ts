/**
 * Pass 1 of Build Lines From Fields over a CSV file's records (Records From
 * = Binary File) through n8n-core's ExecuteContext, with the example
 * crm-csv-export-to-segment.json's mappings, over a generated CRM export of
 * N rows streamed in 1 MiB chunks; prints the heap after a full GC every
 * 100 MiB of input. `node --expose-gc -r ts-node/register/transpile-only bench/profile/recordPasses.ts 3000000`
 */
import { readFileSync } from 'fs';
import path from 'path';

import Module from 'module';

import type * as Harness from '../../test/nodes/harness';
import type * as Bulk from '../../nodes/Mediarithmics/bulk';
import type * as RecordMapping from '../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/recordMapping';
import type * as RecordInputModule from '../../nodes/Mediarithmics/actions/execution/upload/input/recordInput';

const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
	return resolve.call(this, request.endsWith('Mediarithmics.node') ? `${request}.ts` : request, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports */
const { executeContext } = require('../../test/nodes/harness') as typeof Harness;
const { planRecordParts } = require('../../nodes/Mediarithmics/bulk') as typeof Bulk;
const { MappedRecordInput } = require('../../nodes/Mediarithmics/actions/execution/upload/input/recordInput') as typeof RecordInputModule;
const { RecordMapper } = require('../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/recordMapping') as typeof RecordMapping;
/* eslint-enable @typescript-eslint/no-require-imports */

const TIERS = ['gold', 'silver', 'bronze'];
const MiB = 1024 * 1024;

async function* crmCsv(rows: number): AsyncGenerator<Uint8Array> {
	yield Buffer.from('email,first_name,last_name,tier,unsubscribed,updated_at\n');
	let lines: string[] = [];
	for (let row = 0; row < rows; row++) {
		const last = row % 7 === 0 ? `"Smith, Jr ""${row}"""` : `Smith${row}`;
		lines.push(`User.${row}@Example.com,Ada${row % 1000},${last},${TIERS[row % 3]},${row % 5 === 0},2026-11-30T22:${String(row % 60).padStart(2, '0')}:00Z`);
		if (lines.length === 13_000) {
			yield Buffer.from(`${lines.join('\n')}\n`);
			lines = [];
		}
	}
	if (lines.length) yield Buffer.from(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
	const count = Number(process.argv[2] ?? 3_000_000);
	const example = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', 'workflows', 'crm-csv-export-to-segment.json'), 'utf8'));
	const parameters = example.nodes.find((node: { name: string }) => node.name === 'Upload segment commands from the CSV').parameters;
	const { context } = executeContext({ url: 'http://127.0.0.1:9', token: 'unused' }, { parameters, items: [{}] });
	const mapper = new RecordMapper(context);
	let seen = 0;
	const gc = (globalThis as { gc?: () => void }).gc;
	// The heap after a full GC every 100 MiB of input read.
	async function* input() {
		for await (const chunk of crmCsv(count)) {
			const before = seen;
			seen += chunk.length;
			if (Math.floor(before / (100 * MiB)) !== Math.floor(seen / (100 * MiB))) {
				gc?.();
				const m = process.memoryUsage();
				console.log(`${(seen / MiB).toFixed(0)} MiB read: heapUsed ${(m.heapUsed / MiB).toFixed(0)} MiB, external ${(m.external / MiB).toFixed(0)} MiB, rss ${(m.rss / MiB).toFixed(0)} MiB`);
			}
			yield chunk;
		}
	}
	const cpu = process.cpuUsage();
	const start = process.hrtime.bigint();
	const records = new MappedRecordInput(input(), 'csv', mapper, 100e6, true, false);
	const plan = await planRecordParts(records, { maxPartBytes: 100e6, documentType: 'USER_SEGMENT', format: 'ndjson', validate: true, invalidLines: 'stop', maxReportedErrors: 20 });
	const used = process.cpuUsage(cpu);
	console.log(`pass 1: ${count} rows, wall ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`);
	console.log(`${plan.lines} lines, ${plan.parts.length} parts`);
}

void main();
