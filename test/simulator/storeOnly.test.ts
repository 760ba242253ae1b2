// checkLines: false (the benchmarks' simulator) stores every byte and counts
// lines without judging them: even a line the checks would refuse succeeds.

import { createImport, segmentLine, upload } from './testClient';
import { startSimulator, type Simulator } from './index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ checkLines: false });
});
afterAll(() => sim.stop());

test('an upload is stored byte for byte and its non-empty lines are counted as successes, unchecked', async () => {
  const documentImport = await createImport(sim);
  const content = `${segmentLine()}\n\n{"operation":"MERGE"}\r\nnot json at all\n${segmentLine()}`;
  const answer = await upload(sim, documentImport.id, content);
  expect(answer.status).toBe(200);
  const id = String(answer.json.data.id);
  expect(sim.receivedFile(id).toString('utf8')).toBe(content);
  sim.finishExecution(id);
  const execution = sim.state.execution(id)!;
  expect(execution.parameters).toMatchObject({ number_of_lines: 4 });
  expect(execution.result).toMatchObject({ total_success: 4, total_failure: 0 });
});

test('a body with no line at all is still refused as empty', async () => {
  const documentImport = await createImport(sim);
  const answer = await upload(sim, documentImport.id, '\n\n');
  expect(answer.status).toBe(400);
  expect(answer.json.error_code).toBe('EMPTY_FILE');
});
