import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startFileServer, type FileServer } from '../fileServer';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';
import { createImport as createImportOn } from '../simulator/testClient';
import { runNode, type Connection } from './harness';

export interface SimulatorFixture {
	sim: () => Simulator;
	connection: () => Connection;
	/**
	 * Creates a document import in datamart 1509 as a platform user would have (set-up of a test, not the
	 * node under test): USER_SEGMENT, NDJSON, UTF-8 unless `fields` (named as the API names them) say otherwise. Its id.
	 */
	createImport: (fields?: IDataObject) => Promise<string>;
	/** Runs the node's Execution > Upload into the existing import `importId` of datamart 1509, with `parameters` on top. */
	upload: (importId: string, parameters: Record<string, unknown>, items?: object[], continueOnFail?: boolean) => Promise<INodeExecutionData[]>;
	/** The files the simulator received, as text, one per execution in the order they were created. */
	receivedText: () => string[];
}

/** One simulator per test file, reset before each test. */
export function useSimulator(options: SimulatorOptions = {}): SimulatorFixture {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator(options);
	});
	beforeEach(() => sim.reset());
	afterAll(async () => {
		await sim.stop();
	});
	const connection = () => ({ url: sim.url, token: sim.token });
	return {
		sim: () => sim,
		connection,
		createImport: async (fields = {}) => String((await createImportOn(sim, { encoding: 'utf-8', ...fields })).id),
		upload: async (importId, parameters, items, continueOnFail = false) =>
			await runNode(connection(), {
				parameters: { resource: 'execution', operation: 'upload', datamart: byId('1509'), target: 'existing', documentImport: byId(importId), ...parameters },
				items: items as never,
				continueOnFail,
			}),
		receivedText: () => sim.state.executions.map((execution) => sim.receivedFile(String(execution.id)).toString('utf8')),
	};
}

/** One file server on loopback per test file (test/fileServer), its files and log reset before each test. */
export function useFileServer(): () => FileServer {
	let files: FileServer;
	beforeAll(async () => {
		files = await startFileServer();
	});
	beforeEach(() => files.reset());
	afterAll(async () => {
		await files.stop();
	});
	return () => files;
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
