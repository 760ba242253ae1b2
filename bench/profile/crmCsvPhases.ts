/**
 * Where the CPU time of the CRM CSV upload goes, phase by phase, outside
 * n8n and without HTTP: the generated export of N rows (crmCsvNode.ts's rows,
 * the example crm-csv-export-to-segment.json's mappings through n8n-core's
 * context) in 1 MiB chunks, each phase taking turns with the others over
 * `rounds` rounds; prints the median CPU time per row of each:
 * - scan: the records found (line feeds, quotes), nothing read;
 * - read: the reader, the mapping's cells read out of each record;
 * - pass1: planRecordParts (read, key, check, plan: pass 1 whole);
 * - pass2: readRecordParts, every part's stream read to its end (pass 2 whole but for the request);
 * - pass2-text: the same with each line handed on as text (MappedRecordInput's asBytes false, the way before the lines went as bytes);
 * - hash: the SHA-256 of every email alone (as hashEmail does it);
 * - encode: the finished lines written into 1 MiB buffers in 64 K batches (UTF-8).
 * `node -r ts-node/register/transpile-only bench/profile/crmCsvPhases.ts [rows=300000] [rounds=5]`
 * (STEPS=pass2,hash: only those; `node --cpu-prof …` to profile one).
 */
import { readFileSync } from 'fs';
import Module from 'module';
import os from 'os';
import path from 'path';

import type * as Harness from '../../test/nodes/harness';
import type * as Bulk from '../../nodes/Mediarithmics/bulk';
import type * as RecordMapping from '../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/recordMapping';
import type * as RecordInputModule from '../../nodes/Mediarithmics/actions/execution/upload/input/recordInput';
import type * as ScannerModule from '../../nodes/Mediarithmics/bulk/split/scan/recordScanner';
import { crmCsv } from './turns';

const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
	return resolve.call(this, request.endsWith('Mediarithmics.node') ? `${request}.ts` : request, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports */
const { executeContext } = require('../../test/nodes/harness') as typeof Harness;
const bulk = require('../../nodes/Mediarithmics/bulk') as typeof Bulk;
const { MappedRecordInput } = require('../../nodes/Mediarithmics/actions/execution/upload/input/recordInput') as typeof RecordInputModule;
const { RecordMapper } = require('../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/recordMapping') as typeof RecordMapping;
const { RecordScanner } = require('../../nodes/Mediarithmics/bulk/split/scan/recordScanner') as typeof ScannerModule;
/* eslint-enable @typescript-eslint/no-require-imports */

const CHUNK = 1024 * 1024;

async function* chunksOf(csv: Buffer): AsyncGenerator<Uint8Array> {
	for (let from = 0; from < csv.length; from += CHUNK) yield csv.subarray(from, from + CHUNK);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const rows = Number(process.argv[2] ?? 300_000);
	const rounds = Number(process.argv[3] ?? 5);
	const csv = crmCsv(rows);
	const example = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', 'workflows', 'crm-csv-export-to-segment.json'), 'utf8'));
	const parameters = example.nodes.find((node: { name: string }) => node.name === 'Upload segment commands from the CSV').parameters;
	const { context } = executeContext({ url: 'http://127.0.0.1:9', token: 'unused' }, { parameters, items: [{}] });
	const mapper = new RecordMapper(context);
	const options = { maxPartBytes: 100e6, documentType: 'USER_SEGMENT' as const, format: 'ndjson' as const, validate: true, invalidLines: 'stop' as const, maxReportedErrors: 20 };
	const plan = await bulk.planRecordParts(new MappedRecordInput(chunksOf(csv), 'csv', mapper, 100e6, true, false), options);
	const emails = Array.from({ length: rows }, (_v, row) => `User.${row}@Example.com`);
	const lines: string[] = [];
	const collect = new MappedRecordInput(chunksOf(csv), 'csv', mapper, 100e6, true, true, 1, false);
	while (await collect.next((record) => lines.push(record.text as string)));
	let sink = 0;
	const steps: Record<string, () => Promise<void> | void> = {
		scan: () => {
			const scanner = new RecordScanner({ quoted: true, maxRecordBytes: 100e6, headerFirst: true });
			const onRecord = (record: { end: number }) => {
				sink += record.end;
			};
			for (let from = 0; from < csv.length; from += CHUNK) scanner.push(csv.subarray(from, from + CHUNK), onRecord);
			scanner.end(onRecord);
		},
		read: () => {
			const reader = new bulk.FileRecordReader('csv', 100e6, { hashPrefix: true });
			let first = true;
			const onRecord = (record: { cells: string[] }) => {
				if (first) reader.readOnly([0, 3, 4]);
				first = false;
				sink += record.cells[0].length;
			};
			for (let from = 0; from < csv.length; from += CHUNK) reader.push(csv.subarray(from, from + CHUNK), onRecord);
			reader.end(onRecord);
		},
		pass1: async () => {
			const planned = await bulk.planRecordParts(new MappedRecordInput(chunksOf(csv), 'csv', mapper, 100e6, true, false), options);
			sink += planned.lines;
		},
		pass2: async () => {
			for await (const part of bulk.readRecordParts(new MappedRecordInput(chunksOf(csv), 'csv', mapper, 100e6, true, true), plan, options)) {
				for await (const chunk of part.stream()) sink += chunk.length;
			}
		},
		'pass2-text': async () => {
			for await (const part of bulk.readRecordParts(new MappedRecordInput(chunksOf(csv), 'csv', mapper, 100e6, true, true, 1, false), plan, options)) {
				for await (const chunk of part.stream()) sink += chunk.length;
			}
		},
		hash: () => {
			for (const email of emails) sink += bulk.hashEmail(email).length;
		},
		encode: () => {
			let chunk = Buffer.allocUnsafe(CHUNK);
			let used = 0;
			let pending = '';
			for (const line of lines) {
				pending += line;
				if (pending.length < 65536) continue;
				if (used + pending.length * 3 > chunk.length) {
					chunk = Buffer.allocUnsafe(CHUNK);
					used = 0;
				}
				used += chunk.write(pending, used, 'utf8');
				pending = '';
			}
			sink += used;
		},
	};
	const chosen = process.env.STEPS?.split(',') ?? Object.keys(steps);
	const samples: Record<string, number[]> = Object.fromEntries(chosen.map((name) => [name, []]));
	for (let round = 0; round < rounds; round++) {
		for (const name of chosen) {
			const step = steps[name];
			const cpu = process.cpuUsage();
			await step();
			const used = process.cpuUsage(cpu);
			samples[name].push((used.user + used.system) / rows);
		}
	}
	console.log(`${rows} rows (${(csv.length / 2 ** 20).toFixed(1)} MiB), ${rounds} rounds, median CPU µs a row (sink ${sink % 10}):`);
	for (const [name, values] of Object.entries(samples)) console.log(`  ${name.padEnd(10)} ${median(values).toFixed(3)}  (${values.map((value) => value.toFixed(2)).join(' ')})`);
	console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

void main();
