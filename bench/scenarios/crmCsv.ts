/**
 * Scenario 4, a CRM CSV export streamed (`BENCH_SCENARIOS=crm-csv`): a
 * generated CRM export (email, first_name, last_name, tier, unsubscribed,
 * updated_at; one row in 7 with a quoted name holding a comma and doubled
 * quotes) read from disk in the real n8n (filesystem binary mode) by the
 * example crm-csv-export-to-segment.json (Build Lines From Fields, Records
 * From = Binary File: emails hashed, `newsletter_{{ $json.tier }}`, Remove
 * When a Field Is True on `unsubscribed`), against `split -C 100M` + one
 * `curl` per part of the segment file the node produced. Optionally the
 * peer a user would build instead: Extract From File, a Code node building
 * the same commands, then Items as Lines.
 */
import { appendFileSync, createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import path from 'path';

import { EXAMPLES } from '../../test/e2e/n8n';
import type { Simulator } from '../../test/simulator';
import { BenchN8n, nodeTime, nodeWindow } from '../benchN8n';
import { storedBytesOfImport } from '../simulatorImports';
import { MiB } from '../stats';
import { splitAndCurl } from './largeFile';

const UPLOAD_NODE = 'Upload segment commands from the CSV';
const READ_NODE = 'Read CRM export';
const EXTRACT_NODE = 'Extract From File';
const PEER_CODE_NODE = 'Build lines (Code)';
const PEER_UPLOAD_NODE = 'Upload items as lines';
const TIERS = ['gold', 'silver', 'bronze'];

export interface CrmCsvSample {
	sizeMiB: number;
	rows: number;
	run: number;
	segmentBytes: number;
	/** The Mediarithmics node's executionTime, ms. */
	nodeMs: number;
	/** CPU time (all threads) of the n8n process while the node ran, ms: steadier than wall time on a loaded machine. */
	nodeCpuMs: number;
	/** split + curl of the segment file the node sent, wall time, ms. */
	baselineMs: number;
	/** CPU time of split and the curls, ms. */
	baselineCpuMs: number;
	n8nPeakRssBytes: number;
}

export interface CrmCsvPeerSample {
	sizeMiB: number;
	rows: number;
	/**
	 * From the end of the Read node to the end of the last upload request of Items as Lines (Extract
	 * From File, the Code node, n8n handing the items on, the upload), ms; undefined when the run failed.
	 */
	peerMs?: number;
	/** Bytes the simulator stored from the peer's uploads (the node's segment file has as many). */
	storedBytes?: number;
	n8nPeakRssBytes?: number;
	/** Why the peer did not finish. */
	failure?: string;
}

/** A CRM export of about `size` bytes, quoted names included; returns the bytes and rows written. */
export async function writeCrmCsv(file: string, size: number): Promise<{ bytes: number; rows: number }> {
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

function exampleWorkflow(file: string, partMB: number): { id: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }> } {
	const example = JSON.parse(readFileSync(path.join(EXAMPLES, 'crm-csv-export-to-segment.json'), 'utf8'));
	example.id = 'benchCrmCsvExport';
	for (const node of example.nodes) {
		if (node.name === 'Read CRM export') node.parameters.fileSelector = file;
		if (node.name === UPLOAD_NODE) node.parameters.uploadOptions = { maxPartMegabytes: partMB };
	}
	return example;
}

/** The peer's Code node: the CSV rows (all cells are text) to the same commands, in the same key order. */
const PEER_CODE = `
const crypto = require('crypto');
return $input.all().map(({ json: row }) => ({
	json: {
		operation: ['true', 'yes', 'y', '1'].includes(String(row.unsubscribed).trim().toLowerCase()) ? 'DELETE' : 'UPDATE',
		email_hash: crypto.createHash('sha256').update(String(row.email).trim().toLowerCase(), 'utf8').digest('hex'),
		segment_technical_name: 'newsletter_' + String(row.tier).trim(),
		expiration_duration: 0,
	},
}));
`;

/** Read CRM export -> Extract From File (CSV) -> Code -> Mediarithmics Items as Lines. */
function peerWorkflow(file: string, partMB: number): { id: string } {
	const example = exampleWorkflow(file, partMB);
	const [trigger, read, upload] = ['When clicking \'Execute workflow\'', 'Read CRM export', UPLOAD_NODE].map((name) => example.nodes.find((node) => node.name === name) as Record<string, unknown>);
	const chain = [read.name as string, EXTRACT_NODE, PEER_CODE_NODE, PEER_UPLOAD_NODE];
	const uploadParameters = upload.parameters as Record<string, unknown>;
	return {
		...example,
		id: 'benchCrmCsvPeer',
		connections: Object.fromEntries([trigger.name as string, ...chain].slice(0, -1).map((name, index) => [name, { main: [[{ node: chain[index], type: 'main', index: 0 }]] }])),
		nodes: [
			trigger,
			read,
			{ id: 'c5a1e0d2-0000-4000-8000-0000000000a1', name: EXTRACT_NODE, type: 'n8n-nodes-base.extractFromFile', typeVersion: 1.1, position: [440, 0], parameters: { operation: 'csv', binaryPropertyName: 'data', options: {} } },
			{ id: 'c5a1e0d2-0000-4000-8000-0000000000a2', name: PEER_CODE_NODE, type: 'n8n-nodes-base.code', typeVersion: 2, position: [660, 0], parameters: { mode: 'runOnceForAllItems', jsCode: PEER_CODE } },
			{
				...upload,
				name: PEER_UPLOAD_NODE,
				position: [880, 0],
				parameters: {
					resource: 'execution',
					operation: 'upload',
					datamart: uploadParameters.datamart,
					target: 'new',
					newImportName: 'Bench CRM CSV peer',
					newImportDocumentType: 'USER_SEGMENT',
					newImportMimeType: 'APPLICATION_X_NDJSON',
					inputMode: 'items',
					uploadOptions: { maxPartMegabytes: partMB },
				},
			},
		],
	} as { id: string };
}

/** The segment file the node sent, rebuilt from what the simulator stored, for the baseline. */
function segmentFileOf(sim: Simulator, importId: string, file: string): void {
	writeFileSync(file, '');
	for (const execution of sim.state.executions) {
		if (String((execution.parameters as { document_import_id?: unknown } | undefined)?.document_import_id) === importId) appendFileSync(file, readFileSync(sim.receivedFilePath(String(execution.id))));
	}
}

/** CPU time (user + system) of this process's finished children, ms (Linux /proc, clock ticks of 10 ms). */
export function childrenCpuMs(): number {
	const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
	return (Number(fields[13]) + Number(fields[14])) * 10;
}

export async function crmCsvScenario(
	n8n: BenchN8n,
	sim: Simulator,
	options: { sizesMiB: number[]; runs: number; partMB: number; peerSizesMiB: number[]; log: (line: string) => void },
): Promise<{ samples: CrmCsvSample[]; peer: CrmCsvPeerSample[] }> {
	const samples: CrmCsvSample[] = [];
	const peer: CrmCsvPeerSample[] = [];
	for (const sizeMiB of [...new Set([...options.sizesMiB, ...options.peerSizesMiB])]) {
		const csv = path.join(n8n.workDir, `crm-${sizeMiB}MiB.csv`);
		const { bytes, rows } = await writeCrmCsv(csv, sizeMiB * MiB);
		options.log(`CRM export ${sizeMiB} MiB: ${bytes} bytes, ${rows} rows`);
		try {
			for (let runIndex = 1; options.sizesMiB.includes(sizeMiB) && runIndex <= options.runs; runIndex++) {
				const result = await n8n.run(exampleWorkflow(csv, options.partMB), [UPLOAD_NODE]);
				const { startMs, ms: nodeMs } = nodeWindow(result.run, UPLOAD_NODE);
				const nodeCpuMs = result.cpuMsBetween(startMs, startMs + nodeMs);
				const parts = result.run.data.resultData.runData[UPLOAD_NODE][0].data!.main[0].map((item) => item.json);
				const importId = String(parts[0].document_import_id);
				const lines = parts.reduce((sum, part) => sum + Number(part.lines), 0);
				if (lines !== rows) throw new Error(`the node sent ${lines} lines of ${rows} rows`);
				const segmentFile = path.join(n8n.workDir, 'segments.ndjson');
				segmentFileOf(sim, importId, segmentFile);
				const segmentBytes = statSync(segmentFile).size;
				if (segmentBytes !== storedBytesOfImport(sim, importId)) throw new Error('segment file incomplete');
				sim.reset();
				const childrenCpuBefore = childrenCpuMs();
				const baseline = await splitAndCurl(sim, segmentFile, n8n.workDir, runIndex);
				const baselineCpuMs = childrenCpuMs() - childrenCpuBefore;
				rmSync(segmentFile, { force: true });
				sim.reset();
				options.log(`CRM CSV ${sizeMiB} MiB run ${runIndex}: node ${nodeMs} ms (n8n CPU ${nodeCpuMs} ms), split+curl ${baseline.ms} ms (CPU ${baselineCpuMs} ms), load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}, peak RSS ${(result.n8nPeakRssBytes / MiB).toFixed(0)} MiB`);
				samples.push({ sizeMiB, rows, run: runIndex, segmentBytes, nodeMs, nodeCpuMs, baselineMs: baseline.ms, baselineCpuMs, n8nPeakRssBytes: result.n8nPeakRssBytes });
			}
			if (options.peerSizesMiB.includes(sizeMiB)) {
				const sample: CrmCsvPeerSample = { sizeMiB, rows };
				try {
					// Its Extract and Code nodes print every row: n8n's printed run is too large to read back whole
					// (and comes out cut short), so the peer is timed from the Read node's end (at the start of the
					// output) to the end of its last upload request (the simulator's log), and checked by the bytes stored.
					sim.reset();
					const result = await n8n.run(peerWorkflow(csv, options.partMB), [], { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto' }, [READ_NODE]);
					const read = result.run.data.resultData.runData[READ_NODE][0];
					const uploads = sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/executions'));
					const end = Math.max(...uploads.map((request) => request.receivedAt + (request.durationMs ?? 0)));
					sample.peerMs = end - (Number(read.startTime) + nodeTime(result.run, READ_NODE));
					sample.n8nPeakRssBytes = result.n8nPeakRssBytes;
					sample.storedBytes = sim.state.executions.reduce((sum, execution) => sum + statSync(sim.receivedFilePath(String(execution.id))).size, 0);
					const nodeBytes = samples.find((node) => node.sizeMiB === sizeMiB)?.segmentBytes;
					if (uploads.length === 0 || (nodeBytes !== undefined && sample.storedBytes !== nodeBytes)) {
						throw new Error(`the peer stored ${sample.storedBytes} bytes in ${uploads.length} uploads (the node: ${nodeBytes}); n8n exit code ${result.exitCode}, its output ends: ${result.outputTail.slice(-600)}`);
					}
				} catch (error) {
					sample.failure = String((error as Error).message).slice(0, 600);
				}
				sim.reset();
				options.log(`CRM CSV peer ${sizeMiB} MiB: ${JSON.stringify(sample)}`);
				peer.push(sample);
			}
		} finally {
			rmSync(csv, { force: true });
		}
	}
	return { samples, peer };
}
