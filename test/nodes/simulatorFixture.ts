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
