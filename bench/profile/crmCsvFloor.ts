/**
 * The floor under the CRM CSV upload, outside n8n, on this machine: what
 * the work the node cannot skip costs by itself, for the generated export of
 * N rows (bench/scenarios/crmCsv.ts's rows). Each step takes turns with the
 * others over `rounds` rounds; prints the median wall and CPU time of each.
 * - hash: SHA-256 (hex) of every email, trimmed and lower-cased, with node's
 *   crypto alone (one-shot crypto.hash, as the node does);
 * - csv-parse: the export parsed by csv-parse (a well-kept RFC 4180 parser,
 *   a dev dependency), streamed, one object per row (`columns: true`);
 * - records: the node's own reader (bulk/split/records/fileRecords.ts) over the
 *   same chunks, each row's cells read, nothing mapped;
 * - stringify: JSON.stringify of every segment command (prepared beforehand).
 * `npx ts-node --transpile-only bench/profile/crmCsvFloor.ts [rows=1000000] [rounds=3]`
 * (under n8n's Node 24 to match n8n: see bench/README.md).
 */
import { hash as oneShotHash } from 'crypto';
import { parse } from 'csv-parse';

import { FileRecordReader } from '../../nodes/Mediarithmics/bulk';

const TIERS = ['gold', 'silver', 'bronze'];

function crmChunks(rows: number): Buffer[] {
	const chunks: Buffer[] = [Buffer.from('email,first_name,last_name,tier,unsubscribed,updated_at\n')];
	let lines: string[] = [];
	for (let row = 0; row < rows; row++) {
		const last = row % 7 === 0 ? `"Smith, Jr ""${row}"""` : `Smith${row}`;
		lines.push(`User.${row}@Example.com,Ada${row % 1000},${last},${TIERS[row % 3]},${row % 5 === 0},2026-11-30T22:${String(row % 60).padStart(2, '0')}:00Z`);
		if (lines.length === 13_000) {
			chunks.push(Buffer.from(`${lines.join('\n')}\n`));
			lines = [];
		}
	}
	if (lines.length) chunks.push(Buffer.from(`${lines.join('\n')}\n`));
	return chunks;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const rows = Number(process.argv[2] ?? 1_000_000);
	const rounds = Number(process.argv[3] ?? 3);
	const chunks = crmChunks(rows);
	const emails = Array.from({ length: rows }, (_v, row) => `User.${row}@Example.com`);
	const commands = Array.from({ length: rows }, (_v, row) => ({ operation: row % 5 === 0 ? 'DELETE' : 'UPDATE', email_hash: '0'.repeat(64), segment_technical_name: `newsletter_${TIERS[row % 3]}`, expiration_duration: 0 }));
	let sink = 0;
	const steps: Record<string, () => Promise<void> | void> = {
		hash: () => {
			for (const email of emails) sink += oneShotHash('sha256', email.trim().toLowerCase(), 'hex').length;
		},
		'csv-parse': async () => {
			const parser = parse({ columns: true, bom: true });
			const done = (async () => {
				for await (const record of parser) sink += (record as Record<string, string>).email.length;
			})();
			for (const chunk of chunks) if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
			parser.end();
			await done;
		},
		records: () => {
			const reader = new FileRecordReader('csv', 100e6);
			const onRecord = (record: { cells: string[] }) => {
				sink += record.cells[0].length;
			};
			for (const chunk of chunks) reader.push(chunk, onRecord);
			reader.end(onRecord);
		},
		stringify: () => {
			for (const command of commands) sink += JSON.stringify(command).length;
		},
	};
	const samples: Record<string, { wall: number[]; cpu: number[] }> = Object.fromEntries(Object.keys(steps).map((name) => [name, { wall: [], cpu: [] }]));
	for (let round = 0; round < rounds; round++) {
		for (const [name, step] of Object.entries(steps)) {
			const cpu = process.cpuUsage();
			const start = process.hrtime.bigint();
			await step();
			samples[name].wall.push(Number(process.hrtime.bigint() - start) / 1e6);
			const used = process.cpuUsage(cpu);
			samples[name].cpu.push((used.user + used.system) / 1000);
		}
	}
	const mib = chunks.reduce((sum, chunk) => sum + chunk.length, 0) / 2 ** 20;
	console.log(`${rows} rows, ${mib.toFixed(0)} MiB of CSV, ${rounds} rounds (medians), Node ${process.version}:`);
	for (const [name, { wall, cpu }] of Object.entries(samples)) {
		console.log(`${name}: wall ${median(wall).toFixed(0)} ms, CPU ${median(cpu).toFixed(0)} ms, ${((median(cpu) * 1000) / rows).toFixed(2)} µs a row (CPU)`);
	}
	if (sink === -1) console.log(sink);
}

void main();
