/**
 * `npx ts-node --transpile-only bench/crmCsvExport.ts`: a CRM CSV export
 * (email, first_name, last_name, tier, unsubscribed, updated_at) becomes
 * segment commands in a real n8n, streamed (Build Lines From Fields, Records
 * From = Binary File: the example crm-csv-export-to-segment.json), against
 * the baseline of `split -C 100M` + one `curl` per part of the resulting
 * segment file. Prints the node time, the baseline time and n8n's peak RSS
 * per size. Sizes: BENCH_CRM_CSV_MB (MiB, default 256,1024); part size
 * BENCH_PART_MB (default 100). Figures only; see bench/README.md.
 */
import { appendFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { EXAMPLES } from '../test/e2e/n8n';
import { startSimulator, type Simulator } from '../test/simulator';
import { BenchN8n, nodeTime } from './benchN8n';
import { splitAndCurl } from './scenarios/largeFile';
import { storedBytesOfImport } from './simulatorImports';
import { MiB } from './stats';

const UPLOAD_NODE = 'Upload segment commands from the CSV';
const TIERS = ['gold', 'silver', 'bronze'];

/** A CRM export of about `size` bytes, quoted names included; returns the rows written. */
async function writeCrmCsv(file: string, size: number): Promise<{ bytes: number; rows: number }> {
	const out = createWriteStream(file);
	let written = 0;
	let rows = 0;
	const header = 'email,first_name,last_name,tier,unsubscribed,updated_at\n';
	out.write(header);
	written += header.length;
	while (written < size) {
		const lines: string[] = [];
		for (let k = 0; k < 10_000; k++, rows++) {
			const last = rows % 7 === 0 ? `"Smith, Jr ""${rows}"""` : `Smith${rows}`;
			lines.push(`User.${rows}@Example.com,Ada${rows % 1000},${last},${TIERS[rows % 3]},${rows % 5 === 0},2026-11-30T22:${String(rows % 60).padStart(2, '0')}:00Z`);
		}
		const chunk = `${lines.join('\n')}\n`;
		written += Buffer.byteLength(chunk);
		if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
	}
	await new Promise((resolve, reject) => out.end((error?: Error) => (error ? reject(error) : resolve(undefined))));
	return { bytes: written, rows };
}

function workflow(file: string, partMB: number): { id: string } {
	const example = JSON.parse(readFileSync(path.join(EXAMPLES, 'crm-csv-export-to-segment.json'), 'utf8'));
	example.id = 'benchCrmCsvExport';
	for (const node of example.nodes) {
		if (node.name === 'Read CRM export') node.parameters.fileSelector = file;
		if (node.name === UPLOAD_NODE) node.parameters.uploadOptions = { maxPartMegabytes: partMB };
	}
	return example;
}

/** The segment file the node sent, rebuilt from what the simulator stored, for the baseline. */
function segmentFileOf(sim: Simulator, importId: string, file: string): void {
	writeFileSync(file, '');
	for (const execution of sim.state.executions) {
		if (String((execution.parameters as { document_import_id?: unknown } | undefined)?.document_import_id) === importId) appendFileSync(file, readFileSync(sim.receivedFilePath(String(execution.id))));
	}
}

async function main(): Promise<void> {
	const sizes = (process.env.BENCH_CRM_CSV_MB ?? '256,1024').split(',').map(Number);
	const partMB = Number(process.env.BENCH_PART_MB ?? 100);
	const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
	const workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-bench-crm-'));
	const sim = await startSimulator({ storeDir: path.join(workDir, 'received'), checkLines: false, pendingMs: Infinity });
	let n8n: BenchN8n | undefined;
	const table: string[] = ['| CSV export | rows | segment file | node time | split + curl | ratio | n8n peak RSS |', '|---|---|---|---|---|---|---|'];
	try {
		n8n = await BenchN8n.create(workDir);
		await n8n.useSimulator(sim.url, sim.token);
		for (const sizeMiB of sizes) {
			const csv = path.join(workDir, `crm-${sizeMiB}MiB.csv`);
			const { bytes, rows } = await writeCrmCsv(csv, sizeMiB * MiB);
			log(`CRM export ${sizeMiB} MiB: ${bytes} bytes, ${rows} rows`);
			const result = await n8n.run(workflow(csv, partMB), [UPLOAD_NODE]);
			const ms = nodeTime(result.run, UPLOAD_NODE);
			const parts = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
			const importId = String(parts[0].document_import_id);
			log(`node ${ms} ms, peak RSS ${result.n8nPeakRssBytes}`);
			const lines = parts.reduce((sum, part) => sum + Number(part.lines), 0);
			if (lines !== rows) throw new Error(`the node sent ${lines} lines of ${rows} rows`);
			const segmentFile = path.join(workDir, 'segments.ndjson');
			segmentFileOf(sim, importId, segmentFile);
			const segmentBytes = statSync(segmentFile).size;
			if (segmentBytes !== storedBytesOfImport(sim, importId)) throw new Error('segment file incomplete');
			rmSync(csv, { force: true });
			sim.reset();
			const baseline = await splitAndCurl(sim, segmentFile, workDir, 1);
			rmSync(segmentFile, { force: true });
			sim.reset();
			log(`split+curl ${baseline.ms} ms`);
			table.push(`| ${sizeMiB} MiB | ${rows} | ${(segmentBytes / MiB).toFixed(0)} MiB | ${(ms / 1000).toFixed(1)} s | ${(baseline.ms / 1000).toFixed(1)} s | ×${(ms / baseline.ms).toFixed(1)} | ${(result.n8nPeakRssBytes / MiB).toFixed(0)} MiB |`);
		}
		console.log(table.join('\n'));
	} finally {
		await sim.stop();
		n8n?.remove();
		rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
