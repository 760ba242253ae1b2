// The membership table: USER_SEGMENT lines of executions that ended successfully, applied in order.

import { createImport, upload } from './testClient';
import { startSimulator, type Simulator } from './index';

const START = 1_700_000_000_000;
let clock = START;
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ now: () => clock, pendingMs: 1000, runningMs: 1000 });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  clock = START;
});

const ndjson = (...lines: Array<Record<string, unknown>>) => lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
const line = (fields: Record<string, unknown>) => ({ operation: 'UPDATE', expiration_duration: 0, ...fields });
const members = (segment: string) => (sim.segmentMembers().get(segment) ?? []).map((member) => ({ ...member.identifier, ...(member.data_bag ? { data_bag: member.data_bag } : {}) }));

describe('segment membership', () => {
  it('applies UPDATE and DELETE of successful executions, in order, once they have ended', async () => {
    const documentImport = await createImport(sim);
    const first = ndjson(
      line({ email_hash: 'a1', segment_technical_names: ['loyal', 'news'] }),
      line({ user_account_id: 'c1', compartment_id: '7', segment_id: '12', data_bag: '{"tier":"gold"}' }),
      line({ user_agent_id: 'vec:9', segment_technical_name: 'loyal' }),
    );
    expect((await upload(sim, documentImport.id, first)).status).toBe(200);
    expect(sim.segmentMembers().size).toBe(0);
    clock += 2000;
    expect(members('segment_technical_name:loyal')).toEqual([{ email_hash: 'a1' }, { user_agent_id: 'vec:9' }]);
    expect(members('segment_id:12')).toEqual([{ user_account_id: 'c1', compartment_id: '7', data_bag: '{"tier":"gold"}' }]);

    const second = ndjson(
      { operation: 'DELETE', email_hash: 'a1', segment_technical_name: 'loyal', expiration_duration: 0 },
      line({ user_account_id: 'c1', compartment_id: '7', segment_id: '12', data_bag: '{"tier":"silver"}' }),
      { operation: 'DELETE', email_hash: 'nobody', segment_technical_name: 'loyal', expiration_duration: 0 },
    );
    await upload(sim, documentImport.id, second);
    clock += 2000;
    expect(members('segment_technical_name:loyal')).toEqual([{ user_agent_id: 'vec:9' }]);
    expect(members('segment_technical_name:news')).toEqual([{ email_hash: 'a1' }]);
    expect(members('segment_id:12')).toEqual([{ user_account_id: 'c1', compartment_id: '7', data_bag: '{"tier":"silver"}' }]);
  });

  it('changes nothing for a failed line, nor for a FAILED execution', async () => {
    const documentImport = await createImport(sim);
    const file = ndjson(line({ email_hash: 'a1', segment_id: '1' }), { operation: 'ADD', email_hash: 'a2', segment_id: '1', expiration_duration: 0 });
    await upload(sim, documentImport.id, file);
    const failed = (await upload(sim, documentImport.id, ndjson(line({ email_hash: 'a3', segment_id: '1' })))).json.data.id;
    sim.finishExecution(failed, 'FAILED');
    clock += 2000;
    expect(members('segment_id:1')).toEqual([{ email_hash: 'a1' }]);
  });

  it('lets members go when their expiration passes', async () => {
    const documentImport = await createImport(sim);
    await upload(sim, documentImport.id, ndjson(line({ email_hash: 'a1', segment_id: '1', expiration_duration: 60 }), line({ email_hash: 'a2', segment_id: '1', expiration_ts: START + 10 * 60_000 })));
    clock += 2000;
    expect(members('segment_id:1')).toEqual([{ email_hash: 'a1' }, { email_hash: 'a2' }]);
    clock = START + 10 * 60_000;
    expect(members('segment_id:1')).toEqual([{ email_hash: 'a1' }]);
    clock = START + 2000 + 60 * 60_000;
    expect(sim.segmentMembers().size).toBe(0);
  });

  it('reads CSV segment files too', async () => {
    const documentImport = await createImport(sim, { mime_type: 'TEXT_CSV' });
    const csv = 'operation,email_hash,segment_technical_names,expiration_duration\nUPDATE,a1,"[""x"",""y""]",0\nDELETE,a1,"[""y""]",0\n';
    expect((await upload(sim, documentImport.id, csv, 'text/csv')).status).toBe(200);
    clock += 2000;
    expect([...sim.segmentMembers().keys()]).toEqual(['segment_technical_name:x']);
  });
});
