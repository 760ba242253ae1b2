/**
 * Soak: long uploads of many small parts while the simulator injects random
 * faults (seeded, so a failure replays with the same SOAK_SEED): 429s with
 * Retry-After, 502/503/504, connections cut before or after the body, answers
 * slower than the timeout, on the uploads and on the list calls that settle
 * unknown outcomes, also with executions that show their line count only a
 * moment after creation. What the simulator stored must be the input byte for
 * byte, one execution per part, none doubled. Run with `npm run test:soak`.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { FaultSpec } from '../simulator/faults';
import { runNode } from '../nodes/harness';
import { byId, useSimulator } from '../nodes/simulatorFixture';

jest.setTimeout(4 * 60 * 1000);

const SEED = Number(process.env.SOAK_SEED ?? 20261123);
const { sim, connection } = useSimulator({ pendingMs: Infinity });

/** mulberry32: a small seeded PRNG, enough to replay a fault sequence. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type FaultKind = Omit<FaultSpec, 'path' | 'method' | 'after'>;
const FAULTS: FaultKind[] = [
	{ status: 429, retryAfter: '0' },
	{ status: 502 },
	{ status: 503 },
	{ status: 504 },
	{ drop: 'before-body' },
	{ drop: 'after-body' },
	// Past the 0.5 s timeout, and done (or not) before the check, which waits as long again as the timeout.
	{ delayMs: 750 },
	{ delayMs: 750, finishLate: true },
];

/**
 * Faults in turns (each starts once the previous is used), 1 to 4 clean
 * requests apart, so that no call fails more often than the retries allow.
 */
function injectFaults(next: () => number, method: string, path: RegExp, count: number): void {
	for (let index = 0; index < count; index++) {
		const kind = FAULTS[Math.floor(next() * FAULTS.length)];
		sim().faults.inject({ method, path, after: 1 + Math.floor(next() * 4), ...kind });
	}
}

async function createImport(): Promise<string> {
	const response = await fetch(`${sim().url}/v1/datamarts/1509/document_imports`, {
		method: 'POST',
		headers: { Authorization: sim().token, 'Content-Type': 'application/json' },
		body: JSON.stringify({ document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8', name: 'soak' }),
	});
	return ((await response.json()) as { data: { id: string } }).data.id;
}

function segmentLines(next: () => number, count: number): string[] {
	return Array.from({ length: count }, (_v, index) =>
		JSON.stringify({
			operation: next() < 0.8 ? 'UPDATE' : 'DELETE',
			user_account_id: `crm-${index}-${Math.floor(next() * 1e9).toString(36)}`,
			segment_id: String(1000 + Math.floor(next() * 20)),
			expiration_duration: Math.floor(next() * 10_000),
		}),
	);
}

function checkStored(output: INodeExecutionData[], expected: string): void {
	const parts = output.filter((item) => item.json.part !== undefined);
	expect(parts.map((item) => item.json.part)).toEqual(parts.map((_item, index) => index + 1));
	expect(sim().state.executions).toHaveLength(parts.length);
	expect(new Set(parts.map((item) => String(item.json.id))).size).toBe(parts.length);
	const stored = Buffer.concat(parts.map((item) => sim().receivedFile(String(item.json.id))));
	expect(stored.equals(Buffer.from(expected))).toBe(true);
}

describe(`seeded random faults (SOAK_SEED=${SEED})`, () => {
	afterEach(() => sim().setFileReadMs(0));
	// fileReadMs: how long a new execution shows `parameters: null` (the docs' create answer) before its line count.
	test.each([
		['a binary file', 'binary', 0, 0],
		['items as lines', 'items', 1, 0],
		['a binary file, each execution without its line count for 1.5 s', 'binary', 2, 1500],
	])('%s of many parts is stored byte for byte, each part once', async (_name, inputMode, salt, fileReadMs) => {
		sim().setFileReadMs(Number(fileReadMs));
		const next = random(SEED + Number(salt));
		const importId = await createImport();
		const executionsPath = new RegExp(`^/v1/datamarts/1509/document_imports/${importId}/executions$`);
		const lines = segmentLines(next, 3000);
		injectFaults(next, 'POST', executionsPath, 40);
		injectFaults(next, 'GET', executionsPath, 8);
		const faultsInjected = sim().faults.list().length;

		const file = `${lines.join('\n')}\n`;
		const output = await runNode(connection(), {
			parameters: {
				resource: 'execution',
				operation: 'upload',
				datamart: byId('1509'),
				target: 'existing',
				documentImport: byId(importId),
				inputMode,
				uploadOptions: { maxPartMegabytes: 0.002 },
				retryOptions: { timeoutSeconds: 0.5 },
			},
			items:
				inputMode === 'binary'
					? [{ json: {}, binary: { data: { data: Buffer.from(file).toString('base64'), mimeType: 'application/x-ndjson', fileName: 'soak.ndjson' } } }]
					: (lines.map((line) => JSON.parse(line)) as never),
		});
		checkStored(output, file);
		const outcomes = output.reduce<Record<string, number>>((counts, item) => {
			const outcome = String(item.json.uploadOutcome);
			counts[outcome] = (counts[outcome] ?? 0) + 1;
			return counts;
		}, {});
		const used = faultsInjected - sim().faults.list().length;
		// What the run went through, for the record (not asserted: it depends on the seed).
		process.stdout.write(`soak ${inputMode} seed ${SEED + Number(salt)}: ${output.length} parts, ${used} faults hit, outcomes ${JSON.stringify(outcomes)}\n`);
		expect(used).toBeGreaterThan(10);
		// Let a request stalled past the timeout finish before the next test resets the simulator.
		await new Promise((resolve) => setTimeout(resolve, 1000));
	});
});
