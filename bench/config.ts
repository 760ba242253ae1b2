/** What `npm run bench` runs, from the environment (every value has a default sized for a full run). */
export interface BenchConfig {
	/** Large-file sizes in MiB. */
	fileSizesMiB: number[];
	/** Large files: varied lines (test/e2e/variedLines.ts) and lines of one shape (test/e2e/segmentFile.ts). */
	fileKinds: Array<'varied' | 'uniform'>;
	/** Document types whose varied files the check pass alone also reads (outside n8n), and their size in MiB. */
	checkTypes: string[];
	checkTypesMiB: number;
	/** Item counts for the items scenario. */
	itemCounts: number[];
	/**
	 * An expression n8n evaluates per item costs about a millisecond an item
	 * (see bench/README.md): the variants with one run only the counts up to
	 * this one, so that the default run stays short.
	 */
	fieldItemsMax: number;
	/** Repetitions of the variants whose expressions n8n evaluates per item (the slowest). */
	vmFieldRuns: number;
	/** Items variants to run (bench/scenarios/items.ts): fields-vm, fields-legacy, fields-ternary-vm, lines, peer. */
	itemVariants: string[];
	/** Repetitions of each measurement; the table shows medians. */
	runs: number;
	/** Part size of the upload, in MB (1,000,000 bytes), as the node's Max Part Size. */
	partMB: number;
	/** Executions waited on at once in the waiting scenario. */
	waitExecutions: number;
	/** Poll interval of Wait for Completion in the waiting scenario, in seconds. */
	pollSeconds: number;
	/** Also wait through the Mediarithmics Trigger (it polls every minute: a few minutes more). */
	triggerWaiting: boolean;
	/** Runs through the trigger (each takes two to three minutes). */
	triggerRuns: number;
	/** CRM CSV export sizes in MiB (scenario crm-csv), its runs per size, and the sizes the peer path (Extract From File + Code + Items as Lines) also runs at. */
	crmCsvSizesMiB: number[];
	crmCsvRuns: number;
	crmCsvPeerSizesMiB: number[];
	scenarios: Array<'file' | 'items' | 'waiting' | 'crm-csv'>;
	/** Where the JSON results go. */
	resultFile: string;
}

const list = (value: string | undefined, fallback: number[]): number[] =>
	value === undefined || value.trim() === '' ? fallback : value.split(',').map((entry) => Number(entry.trim()));

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
	const scenarios = (env.BENCH_SCENARIOS ?? 'file,items,waiting,crm-csv').split(',').map((entry) => entry.trim());
	const config: BenchConfig = {
		fileSizesMiB: list(env.BENCH_SIZES_MB, [256, 1024]),
		fileKinds: (env.BENCH_FILES ?? 'varied,uniform').split(',').map((entry) => entry.trim()) as BenchConfig['fileKinds'],
		checkTypes: (env.BENCH_CHECK_TYPES ?? 'USER_SEGMENT,USER_PROFILE,USER_CHOICE,USER_ACTIVITY,USER_IDENTIFIERS_DELETION,USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS')
			.split(',')
			.map((entry) => entry.trim())
			.filter((entry) => entry !== ''),
		checkTypesMiB: Number(env.BENCH_CHECK_TYPES_MB ?? 64),
		itemCounts: list(env.BENCH_ITEMS, [100_000, 1_000_000]),
		fieldItemsMax: Number(env.BENCH_FIELD_ITEMS_MAX ?? 100_000),
		vmFieldRuns: Number(env.BENCH_VM_FIELD_RUNS ?? 1),
		itemVariants: (env.BENCH_ITEM_VARIANTS ?? 'fields-vm,fields-legacy,fields-ternary-vm,lines,peer').split(',').map((entry) => entry.trim()),
		runs: Number(env.BENCH_RUNS ?? 3),
		partMB: Number(env.BENCH_PART_MB ?? 100),
		waitExecutions: Number(env.BENCH_WAIT_EXECUTIONS ?? 200),
		pollSeconds: Number(env.BENCH_POLL_SECONDS ?? 1),
		triggerWaiting: (env.BENCH_TRIGGER ?? 'on') !== 'off',
		triggerRuns: Number(env.BENCH_TRIGGER_RUNS ?? 2),
		crmCsvSizesMiB: list(env.BENCH_CRM_CSV_MB, [256, 1024]),
		crmCsvRuns: Number(env.BENCH_CRM_CSV_RUNS ?? 1),
		crmCsvPeerSizesMiB: list(env.BENCH_CRM_CSV_PEER_MB, []),
		scenarios: scenarios.filter((name): name is BenchConfig['scenarios'][number] => ['file', 'items', 'waiting', 'crm-csv'].includes(name)),
		resultFile: env.BENCH_RESULT_FILE ?? 'bench/results/latest.json',
	};
	const numbers = [config.checkTypesMiB, ...config.fileSizesMiB, ...config.itemCounts, ...config.crmCsvSizesMiB, ...config.crmCsvPeerSizesMiB, config.crmCsvRuns, config.fieldItemsMax, config.vmFieldRuns, config.triggerRuns, config.runs, config.partMB, config.waitExecutions, config.pollSeconds];
	if (numbers.some((value) => !Number.isFinite(value) || value <= 0)) {
		throw new Error(`Bench settings must be positive numbers: ${JSON.stringify(config)}`);
	}
	if (config.fileKinds.some((kind) => kind !== 'varied' && kind !== 'uniform')) throw new Error(`BENCH_FILES takes varied, uniform; got ${env.BENCH_FILES}`);
	if (config.scenarios.length !== scenarios.length) throw new Error(`BENCH_SCENARIOS takes file, items, waiting, crm-csv; got ${env.BENCH_SCENARIOS}`);
	return config;
}
