/** Document imports and executions made directly over HTTP, for baselines and set-up. */
import { statSync } from 'fs';

import type { Simulator } from '../test/simulator';
import { call } from '../test/simulator/testClient';

export const DATAMART_ID = '1509';

export async function createSegmentImport(sim: Simulator, name: string): Promise<string> {
	const answer = await call(sim, 'POST', `/v1/datamarts/${DATAMART_ID}/document_imports`, {
		body: { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8', name },
	});
	if (answer.status !== 200) throw new Error(`creating a document import failed: ${answer.status} ${answer.text}`);
	return String(answer.json.data.id);
}

export function executionsUrl(sim: Simulator, importId: string): string {
	return `${sim.url}/v1/datamarts/${DATAMART_ID}/document_imports/${importId}/executions`;
}

/** Bytes the simulator stored for each execution of an import. */
export function storedBytesOfImport(sim: Simulator, importId: string): number {
	return sim.state.executions
		.filter((execution) => String((execution.parameters as { document_import_id?: unknown } | undefined)?.document_import_id) === importId)
		.reduce((sum, execution) => sum + statSync(sim.receivedFilePath(String(execution.id))).size, 0);
}
