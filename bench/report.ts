/** From samples to the figures of bench/README.md: medians, ratios, a markdown table. */
import os from 'os';

import type { BenchConfig } from './config';
import type { CheckTypeSample } from './scenarios/checkTypes';
import type { CrmCsvPeerSample, CrmCsvSample } from './scenarios/crmCsv';
import type { ItemsSample } from './scenarios/items';
import type { LargeFileSample } from './scenarios/largeFile';
import type { WaitingSample } from './scenarios/waiting';
import { median, MiB } from './stats';

export interface BenchResults {
	date: string;
	machine: { cpus: string; cores: number; memoryGiB: number; node: string; platform: string; loadAverage: number[] };
	config: BenchConfig;
	samples: { file: LargeFileSample[]; checkTypes: CheckTypeSample[]; items: ItemsSample[]; waiting: WaitingSample[]; crmCsv: CrmCsvSample[]; crmCsvPeer: CrmCsvPeerSample[] };
	summary: {
		file: FileSummary[];
		checkTypes: CheckTypeSummary[];
		items: ItemsSummary[];
		waiting: WaitingSummary[];
		crmCsv: CrmCsvSummary[];
		memoryGrowthMiB?: { validateOn: number; validateOff: number };
		crmCsvMemoryGrowthMiB?: number;
	};
}

interface CheckTypeSummary {
	documentType: string;
	sizeMiB: number;
	runs: number;
	/** Median MB/s (1,000,000 bytes) of wall time, and of the process's CPU time (steadier on a shared machine); target 300 for USER_SEGMENT, 150 for the others. */
	mbps: number;
	cpuMbps: number;
	targetMBps: number;
	loadAverages: number[];
}

interface FileSummary {
	kind: 'varied' | 'uniform';
	sizeMiB: number;
	/** One-minute load averages at the end of each run. */
	loadAverages: number[];
	runs: number;
	baselineS: number;
	validateOnS: number;
	validateOffS: number;
	validateOnRatio: number;
	validateOffRatio: number;
	validateOnPeakRssMiB: number;
	validateOffPeakRssMiB: number;
	/** The same run's other references: axios alone on the same parts, the check pass alone. */
	axiosS: number;
	checkPassS: number;
	checkPassMBps: number;
	/** Validation off over axios alone: the node's plumbing, apart from the disk. */
	validateOffOverAxios: number;
	/** Validation on over (check pass alone + validation off): the target is ≤ 1.1. */
	validateOnOverCheckPlusOff: number;
	/** CPU time (user + system, all threads), medians in seconds: axios alone, the check pass, n8n during the node. */
	cpuS: { axios: number; checkPass: number; validateOn: number; validateOff: number };
	/** Every sample, in seconds, to show the spread: split+curl, axios, check pass, on, off. */
	spreadS: { baseline: number[]; axios: number[]; checkPass: number[]; validateOn: number[]; validateOff: number[] };
}

interface ItemsSummary {
	variant: string;
	items: number;
	runs: number;
	nodeS: number;
	nodeSPer100k: number;
	baselineS: number;
	baselineSPer100k: number;
	ratio: number;
}

interface CrmCsvSummary {
	sizeMiB: number;
	rows: number;
	runs: number;
	segmentMiB: number;
	nodeS: number;
	nodeCpuS: number;
	baselineS: number;
	baselineCpuS: number;
	/** Target ≤ 2. */
	ratio: number;
	peakRssMiB: number;
}

interface WaitingSummary {
	waiter: string;
	executions: number;
	runs: number;
	pollSeconds: number;
	callsPerExecution: number;
	callsPerPollPerImport: number;
	noticeDelayMedianS: number;
	noticeDelayMaxS: number;
}

const seconds = (ms: number) => ms / 1000;
const medianOf = <T>(samples: T[], pick: (sample: T) => number) => median(samples.map(pick));

export function summarise(config: BenchConfig, samples: BenchResults['samples'], startedAt: Date): BenchResults {
	const file = config.fileKinds
		.flatMap((kind) => config.fileSizesMiB.map((sizeMiB) => samples.file.filter((sample) => sample.kind === kind && sample.sizeMiB === sizeMiB)))
		.filter((group) => group.length > 0)
		.map((group): FileSummary => {
			const baselineMs = medianOf(group, (sample) => sample.baselineMs);
			const onMs = medianOf(group, (sample) => sample.validateOnMs);
			const offMs = medianOf(group, (sample) => sample.validateOffMs);
			const axiosMs = medianOf(group, (sample) => sample.axiosMs);
			const checkPassMs = medianOf(group, (sample) => sample.checkPassMs);
			const all = (pick: (sample: LargeFileSample) => number) => group.map((sample) => seconds(pick(sample)));
			return {
				kind: group[0].kind,
				sizeMiB: group[0].sizeMiB,
				loadAverages: group.map((sample) => sample.loadAverage),
				runs: group.length,
				baselineS: seconds(baselineMs),
				validateOnS: seconds(onMs),
				validateOffS: seconds(offMs),
				validateOnRatio: onMs / baselineMs,
				validateOffRatio: offMs / baselineMs,
				validateOnPeakRssMiB: medianOf(group, (sample) => sample.validateOnPeakRssBytes) / MiB,
				validateOffPeakRssMiB: medianOf(group, (sample) => sample.validateOffPeakRssBytes) / MiB,
				axiosS: seconds(axiosMs),
				checkPassS: seconds(checkPassMs),
				checkPassMBps: group[0].bytes / 1e6 / seconds(checkPassMs),
				validateOffOverAxios: offMs / axiosMs,
				validateOnOverCheckPlusOff: onMs / (checkPassMs + offMs),
				cpuS: {
					axios: seconds(medianOf(group, (sample) => sample.axiosCpuMs)),
					checkPass: seconds(medianOf(group, (sample) => sample.checkPassCpuMs)),
					validateOn: seconds(medianOf(group, (sample) => sample.validateOnCpuMs)),
					validateOff: seconds(medianOf(group, (sample) => sample.validateOffCpuMs)),
				},
				spreadS: {
					baseline: all((sample) => sample.baselineMs),
					axios: all((sample) => sample.axiosMs),
					checkPass: all((sample) => sample.checkPassMs),
					validateOn: all((sample) => sample.validateOnMs),
					validateOff: all((sample) => sample.validateOffMs),
				},
			};
		});
	const itemGroups = new Map<string, ItemsSample[]>();
	for (const sample of samples.items) {
		const key = `${sample.variant}|${sample.items}`;
		itemGroups.set(key, [...(itemGroups.get(key) ?? []), sample]);
	}
	const items = [...itemGroups.values()]
		.map((group): ItemsSummary => {
			const nodeMs = medianOf(group, (sample) => sample.nodeMs);
			const baselineMs = medianOf(group, (sample) => sample.baselineMs);
			const per100k = 100_000 / group[0].items;
			return {
				variant: group[0].variant,
				items: group[0].items,
				runs: group.length,
				nodeS: seconds(nodeMs),
				nodeSPer100k: seconds(nodeMs) * per100k,
				baselineS: seconds(baselineMs),
				baselineSPer100k: seconds(baselineMs) * per100k,
				ratio: nodeMs / baselineMs,
			};
		});
	const waiterGroups = new Map<string, WaitingSample[]>();
	for (const sample of samples.waiting) waiterGroups.set(sample.waiter, [...(waiterGroups.get(sample.waiter) ?? []), sample]);
	const waiting = [...waiterGroups.values()].map(
		(group): WaitingSummary => ({
			waiter: group[0].waiter,
			executions: group[0].executions,
			runs: group.length,
			pollSeconds: group[0].pollSeconds,
			callsPerExecution: medianOf(group, (sample) => sample.apiCalls / sample.executions),
			callsPerPollPerImport: Math.max(...group.map((sample) => sample.maxCallsPerPollInterval)),
			noticeDelayMedianS: seconds(medianOf(group, (sample) => sample.noticeDelayMedianMs)),
			noticeDelayMaxS: seconds(medianOf(group, (sample) => sample.noticeDelayMaxMs)),
		}),
	);
	const crmCsv = [...new Set(samples.crmCsv.map((sample) => sample.sizeMiB))].map((sizeMiB): CrmCsvSummary => {
		const group = samples.crmCsv.filter((sample) => sample.sizeMiB === sizeMiB);
		const nodeMs = medianOf(group, (sample) => sample.nodeMs);
		const baselineMs = medianOf(group, (sample) => sample.baselineMs);
		return {
			sizeMiB,
			rows: group[0].rows,
			runs: group.length,
			segmentMiB: group[0].segmentBytes / MiB,
			nodeS: seconds(nodeMs),
			nodeCpuS: seconds(medianOf(group, (sample) => sample.nodeCpuMs ?? Number.NaN)),
			baselineS: seconds(baselineMs),
			baselineCpuS: seconds(medianOf(group, (sample) => sample.baselineCpuMs ?? Number.NaN)),
			ratio: nodeMs / baselineMs,
			peakRssMiB: medianOf(group, (sample) => sample.n8nPeakRssBytes) / MiB,
		};
	});
	const checkTypes = [...new Set(samples.checkTypes.map((sample) => sample.documentType))].map((documentType): CheckTypeSummary => {
		const group = samples.checkTypes.filter((sample) => sample.documentType === documentType);
		return {
			documentType,
			sizeMiB: Math.round(group[0].bytes / MiB),
			runs: group.length,
			mbps: group[0].bytes / 1e3 / medianOf(group, (sample) => sample.ms),
			cpuMbps: group[0].bytes / 1e3 / medianOf(group, (sample) => sample.cpuMs),
			targetMBps: documentType === 'USER_SEGMENT' ? 300 : 150,
			loadAverages: group.map((sample) => sample.loadAverage),
		};
	});
	// Memory growth from the smallest to the largest file of the first kind (the varied one by default).
	const firstKind = file.filter((row) => row.kind === file[0]?.kind);
	const smallest = firstKind[0];
	const largest = firstKind[firstKind.length - 1];
	const cpus = os.cpus();
	return {
		date: startedAt.toISOString(),
		machine: {
			cpus: cpus[0]?.model ?? 'unknown',
			cores: cpus.length,
			memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
			node: process.version,
			platform: `${os.platform()} ${os.release()}`,
			loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
		},
		config,
		samples,
		summary: {
			file,
			checkTypes,
			items,
			waiting,
			crmCsv,
			...(crmCsv.length > 1 ? { crmCsvMemoryGrowthMiB: crmCsv[crmCsv.length - 1].peakRssMiB - crmCsv[0].peakRssMiB } : {}),
			...(firstKind.length > 1
				? {
						memoryGrowthMiB: {
							validateOn: largest.validateOnPeakRssMiB - smallest.validateOnPeakRssMiB,
							validateOff: largest.validateOffPeakRssMiB - smallest.validateOffPeakRssMiB,
						},
					}
				: {}),
		},
	};
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export function markdownTable(results: BenchResults): string {
	const lines: string[] = [];
	const { summary } = results;
	if (summary.file.length > 0) {
		lines.push(
			'| File | split+curl (s) | Node, validation on (s) | ratio (target ≤ 1.25) | Node, validation off (s) | ratio (target ≤ 1.1) | n8n peak RSS, on / off (MiB) | load average at the end of each run |',
			'|---|---|---|---|---|---|---|---|',
			...summary.file.map(
				(row) =>
					`| ${row.kind} ${row.sizeMiB} MiB | ${fixed(row.baselineS)} | ${fixed(row.validateOnS)} | ${fixed(row.validateOnRatio)} | ${fixed(row.validateOffS)} | ${fixed(row.validateOffRatio)} | ${fixed(row.validateOnPeakRssMiB, 0)} / ${fixed(row.validateOffPeakRssMiB, 0)} | ${row.loadAverages.join(', ')} |`,
			),
		);
		const range = (values: number[]) => `${fixed(Math.min(...values))}–${fixed(Math.max(...values))}`;
		lines.push(
			'',
			'| File | axios alone, same parts (s) | validation off / axios (plumbing) | check pass alone (s, MB/s; target ≥ 300 MB/s) | validation on / (check pass + off) (target ≤ 1.1) | CPU s: axios / check / on / off | spread: split+curl / axios / check / on / off (s) |',
			'|---|---|---|---|---|---|---|',
			...summary.file.map(
				(row) =>
					`| ${row.kind} ${row.sizeMiB} MiB | ${fixed(row.axiosS)} | ${fixed(row.validateOffOverAxios)} | ${fixed(row.checkPassS)}, ${fixed(row.checkPassMBps, 0)} | ${fixed(row.validateOnOverCheckPlusOff)} | ` +
					`${[row.cpuS.axios, row.cpuS.checkPass, row.cpuS.validateOn, row.cpuS.validateOff].map((value) => fixed(value)).join(' / ')} | ` +
					`${[row.spreadS.baseline, row.spreadS.axios, row.spreadS.checkPass, row.spreadS.validateOn, row.spreadS.validateOff].map(range).join(' / ')} |`,
			),
		);
		if (summary.memoryGrowthMiB) {
			lines.push(
				'',
				`Peak RSS growth from ${summary.file[0].sizeMiB} MiB to ${summary.file.filter((row) => row.kind === summary.file[0].kind).pop()?.sizeMiB} MiB, ${summary.file[0].kind} file (target < 100 MB): ` +
					`validation on ${fixed(summary.memoryGrowthMiB.validateOn, 0)} MiB, off ${fixed(summary.memoryGrowthMiB.validateOff, 0)} MiB`,
			);
		}
		lines.push('');
	}
	if (summary.checkTypes.length > 0) {
		lines.push(
			'| Check pass alone, varied file of | Size (MiB) | Runs | MB/s (median, wall) | MB/s (median, CPU time) | target (MB/s) | load average at the end of each run |',
			'|---|---|---|---|---|---|---|',
			...summary.checkTypes.map((row) => `| ${row.documentType} | ${row.sizeMiB} | ${row.runs} | ${fixed(row.mbps, 0)} | ${fixed(row.cpuMbps, 0)} | ${row.targetMBps} | ${row.loadAverages.join(', ')} |`),
			'',
		);
	}
	if (summary.items.length > 0) {
		lines.push(
			'| Input | Items | Runs | Node (s) | Node per 100k (s) | JSON.stringify + upload (s) | baseline per 100k (s) | ratio (target ≤ 3) |',
			'|---|---|---|---|---|---|---|---|',
			...summary.items.map(
				(row) => `| ${row.variant} | ${row.items} | ${row.runs} | ${fixed(row.nodeS)} | ${fixed(row.nodeSPer100k)} | ${fixed(row.baselineS)} | ${fixed(row.baselineSPer100k, 3)} | ${fixed(row.ratio, 1)} |`,
			),
			'',
		);
	}
	if (summary.waiting.length > 0) {
		lines.push(
			'| Waiter | Executions waited on | Poll interval (s) | API calls per execution | most API calls in one poll, one import (target ≤ 1) | Notice delay, median / max (s) |',
			'|---|---|---|---|---|---|',
			...summary.waiting.map(
				(row) =>
					`| ${row.waiter} | ${row.executions} | ${row.pollSeconds} | ${fixed(row.callsPerExecution, 3)} | ${fixed(row.callsPerPollPerImport)} | ${fixed(row.noticeDelayMedianS)} / ${fixed(row.noticeDelayMaxS)} |`,
			),
			'',
		);
	}
	if (summary.crmCsv.length > 0) {
		lines.push(
			'| CRM CSV export | rows | runs | segment file (MiB) | node (s) | n8n CPU during the node (s) | split+curl of the segment file (s) | its CPU (s) | ratio (target ≤ 2) | n8n peak RSS (MiB) |',
			'|---|---|---|---|---|---|---|---|---|---|',
			...summary.crmCsv.map(
				(row) => `| ${row.sizeMiB} MiB | ${row.rows} | ${row.runs} | ${fixed(row.segmentMiB, 0)} | ${fixed(row.nodeS)} | ${fixed(row.nodeCpuS)} | ${fixed(row.baselineS)} | ${fixed(row.baselineCpuS)} | ${fixed(row.ratio)} | ${fixed(row.peakRssMiB, 0)} |`,
			),
		);
		if (summary.crmCsvMemoryGrowthMiB !== undefined) lines.push('', `CRM CSV peak RSS growth, smallest to largest export (target < 100 MB): ${fixed(summary.crmCsvMemoryGrowthMiB, 0)} MiB`);
		lines.push('');
	}
	if (results.samples.crmCsvPeer.length > 0) {
		lines.push(
			'| Peer: Extract From File + Code + Items as Lines | rows | from the end of the Read node to the end of the last upload (s) | bytes stored | n8n peak RSS (MiB) |',
			'|---|---|---|---|---|',
			...results.samples.crmCsvPeer.map((row) =>
				row.failure !== undefined
					? `| ${row.sizeMiB} MiB | ${row.rows} | failed: ${row.failure.replace(/\|/g, '/').replace(/\s+/g, ' ').slice(0, 200)} | | |`
					: `| ${row.sizeMiB} MiB | ${row.rows} | ${fixed(seconds(row.peerMs ?? NaN))} | ${row.storedBytes ?? ''} | ${fixed((row.n8nPeakRssBytes ?? NaN) / MiB, 0)} |`,
			),
			'',
		);
	}
	const { machine } = results;
	lines.push(
		`Medians of ${results.config.runs} run(s) unless the table says otherwise; ${machine.cores} × ${machine.cpus}, ${machine.memoryGiB} GiB RAM, ${machine.platform}; ` +
			`load average at the end ${machine.loadAverage.join(' ')}; ${results.date}.`,
	);
	return lines.join('\n');
}
