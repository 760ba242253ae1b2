/**
 * `npm run bench`: provisions the real n8n (as the e2e tests do), runs the
 * scenarios against one simulator on loopback, writes the samples and
 * medians to bench/results/latest.json and prints a markdown table.
 * Figures only: nothing here fails on timing. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { startSimulator } from '../test/simulator';
import { BenchN8n } from './benchN8n';
import { readConfig } from './config';
import { markdownTable, summarise, type BenchResults } from './report';
import { checkTypesScenario } from './scenarios/checkTypes';
import { crmCsvScenario } from './scenarios/crmCsv';
import { ITEMS_VARIANTS, itemsScenario } from './scenarios/items';
import { largeFileScenario } from './scenarios/largeFile';
import { triggerWaiter } from './scenarios/triggerWaiter';
import { waitForCompletionWaiter, waitingScenario } from './scenarios/waiting';

async function main(): Promise<void> {
	const config = readConfig();
	const startedAt = new Date();
	const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
	log(`settings: ${JSON.stringify(config)}`);
	const workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-bench-'));
	// Store-only simulator: it writes every byte to disk but does not check lines, so that the
	// figures are the client's (the simulator's line checks would slow both sides alike).
	// Executions stay PENDING until finished by hand (only the waiting scenario waits).
	const sim = await startSimulator({ storeDir: path.join(workDir, 'received'), checkLines: false, pendingMs: Infinity });
	let n8n: BenchN8n | undefined;
	try {
		log('building the package and installing it into the provisioned n8n');
		n8n = await BenchN8n.create(workDir);
		await n8n.useSimulator(sim.url, sim.token);
		const samples: BenchResults['samples'] = { file: [], checkTypes: [], items: [], waiting: [], crmCsv: [], crmCsvPeer: [] };
		if (config.scenarios.includes('file')) {
			samples.file = await largeFileScenario(n8n, sim, { kinds: config.fileKinds, sizesMiB: config.fileSizesMiB, runs: config.runs, partMB: config.partMB, log });
			samples.checkTypes = await checkTypesScenario(workDir, { documentTypes: config.checkTypes, sizeMiB: config.checkTypesMiB, runs: config.runs, partMB: config.partMB, log });
		}
		if (config.scenarios.includes('items')) {
			const variants = ITEMS_VARIANTS.filter((variant) => config.itemVariants.includes(variant.id)).map((variant) => ({
				variant,
				counts: config.itemCounts.filter((count) => !variant.evaluatesPerItem || count <= config.fieldItemsMax),
				runs: variant.evaluatesPerItem ? config.vmFieldRuns : config.runs,
			}));
			samples.items = await itemsScenario(n8n, sim, { partMB: config.partMB, variants, log });
		}
		if (config.scenarios.includes('crm-csv')) {
			const crm = await crmCsvScenario(n8n, sim, { sizesMiB: config.crmCsvSizesMiB, runs: config.crmCsvRuns, partMB: config.partMB, peerSizesMiB: config.crmCsvPeerSizesMiB, log });
			samples.crmCsv = crm.samples;
			samples.crmCsvPeer = crm.peer;
		}
		if (config.scenarios.includes('waiting')) {
			const options = { executions: config.waitExecutions, runs: config.runs, log };
			samples.waiting = await waitingScenario(waitForCompletionWaiter(n8n, config.pollSeconds), sim, options);
			if (config.triggerWaiting) {
				log('starting n8n with the trigger workflow published');
				const trigger = await triggerWaiter(n8n, sim);
				try {
					samples.waiting.push(...(await waitingScenario(trigger, sim, { ...options, runs: config.triggerRuns })));
				} finally {
					await trigger.close?.();
				}
			}
		}
		const results = summarise(config, samples, startedAt);
		mkdirSync(path.dirname(path.resolve(config.resultFile)), { recursive: true });
		writeFileSync(config.resultFile, `${JSON.stringify(results, null, 2)}\n`);
		console.log(markdownTable(results));
		log(`results written to ${config.resultFile}`);
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
