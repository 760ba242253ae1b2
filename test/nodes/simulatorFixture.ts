import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';
import type { Connection } from './harness';

/** One simulator per test file, reset before each test. */
export function useSimulator(options: SimulatorOptions = {}): { sim: () => Simulator; connection: () => Connection } {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator(options);
	});
	beforeEach(() => sim.reset());
	afterAll(async () => {
		await sim.stop();
	});
	return { sim: () => sim, connection: () => ({ url: sim.url, token: sim.token }) };
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** POSTs to the simulator as a client of the platform would (set-up of a test, not the node under test); the new object's id. */
export async function simulatorPost(sim: Simulator, path: string, body: string | object, contentType = 'application/json'): Promise<string> {
	const response = await fetch(`${sim.url}${path}`, {
		method: 'POST',
		headers: { Authorization: sim.token, 'Content-Type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const json = (await response.json()) as { data: IDataObject };
	if (!response.ok) throw new Error(`POST ${path}: ${JSON.stringify(json)}`);
	return String(json.data.id);
}
