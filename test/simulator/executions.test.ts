// Executions: upload, Content-Type rules, the execution's shape, its
// lifecycle on a controllable clock, listing, and the cancel rules.

import { call, createImport, executionsPath, segmentLine, upload } from './testClient';
import { startSimulator, type Simulator } from './index';

const START = 1_700_000_000_000;
let clock = START;
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ now: () => clock, pendingMs: 1000, runningMs: 2000, maxPageSize: 3 });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  clock = START;
});

const getExecution = (importId: string, executionId: string) =>
  call(sim, 'GET', `${executionsPath(importId)}/${executionId}`);

describe('POST executions (upload)', () => {
  it('answers the created execution at PENDING, in the documented shape', async () => {
    const documentImport = await createImport(sim, { document_type: 'USER_SEGMENT' });
    const file = `${segmentLine()}\n${segmentLine({ user_account_id: 'u-2' })}\n`;
    const answer = await upload(sim, documentImport.id, file, 'application/x-ndjson; charset=utf-8');
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('ok');
    const execution = answer.json.data;
    expect(execution).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^\d+$/),
        status: 'PENDING',
        result: null,
        error: null,
        creation_date: START,
        start_date: null,
        end_date: null,
        duration: null,
        organisation_id: '1426',
        cancel_status: null,
        job_type: 'DOCUMENT_IMPORT',
        import_mode: 'MANUAL_FILE',
        is_retryable: false,
        retry_count: 0,
      }),
    );
    // The create answer of the docs: the platform has not read the file yet.
    expect(execution.parameters).toBeNull();
    expect((await getExecution(documentImport.id, execution.id)).json.data.parameters).toEqual({
      datamart_id: 1509,
      document_import_id: Number(documentImport.id),
      mime_type: 'APPLICATION_X_NDJSON',
      document_type: 'USER_SEGMENT',
      input_file_name: expect.stringMatching(/^requestBody\d+asRaw$/),
      file_uri: expect.stringMatching(
        new RegExp(`^mics://data_file/tenants/1426/datamarts/1509/document_imports/${documentImport.id}/requestBody\\d+asRaw-\\d{4}-\\d\\d-\\d\\d_\\d\\d\\.\\d\\d\\.\\d\\d-\\w{10}\\.json$`),
      ),
      number_of_lines: 2,
      segment_id: null,
    });
    expect(sim.receivedFile(execution.id).toString('utf8')).toBe(file);
  });

  it('refuses a Content-Type that does not match the import mime type with 415 naming the expected type', async () => {
    const ndjsonImport = await createImport(sim);
    const csvImport = await createImport(sim, { mime_type: 'TEXT_CSV' });
    const wrongForNdjson = await upload(sim, ndjsonImport.id, segmentLine(), 'application/json');
    expect(wrongForNdjson.status).toBe(415);
    expect(wrongForNdjson.json.error).toContain('application/x-ndjson');
    expect(wrongForNdjson.json.error_code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const wrongForCsv = await upload(sim, csvImport.id, 'operation\nUPDATE\n', 'application/x-ndjson');
    expect(wrongForCsv.status).toBe(415);
    expect(wrongForCsv.json.error).toContain('text/csv');
    const missing = await call(sim, 'POST', executionsPath(ndjsonImport.id), { raw: Buffer.from(segmentLine()) });
    expect(missing.status).toBe(415);
    const latin1 = await upload(sim, ndjsonImport.id, segmentLine(), 'application/x-ndjson; charset=iso-8859-1');
    expect(latin1.status).toBe(415);
    expect(sim.state.executions).toEqual([]);
  });

  it('refuses an empty body with 400 and creates nothing', async () => {
    const documentImport = await createImport(sim);
    const empty = await upload(sim, documentImport.id, '');
    expect(empty.status).toBe(400);
    expect(empty.json.error).toContain('empty');
    const blankOnly = await upload(sim, documentImport.id, '\n\n  \n');
    expect(blankOnly.status).toBe(400);
    expect(sim.state.executions).toEqual([]);
  });

  it('answers 404 for an unknown import, and keeps nothing', async () => {
    const answer = await upload(sim, '777', segmentLine());
    expect(answer.status).toBe(404);
    expect(answer.json.error).toBe('Document import 777 not found in datamart 1509');
  });

  it('allocates increasing execution ids', async () => {
    const documentImport = await createImport(sim);
    const first = (await upload(sim, documentImport.id, segmentLine())).json.data;
    const second = (await upload(sim, documentImport.id, segmentLine())).json.data;
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
  });
});

describe('lifecycle', () => {
  it('moves PENDING -> RUNNING -> SUCCEEDED with the clock, with consistent dates', async () => {
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, `${segmentLine()}\n${segmentLine({ operation: 'NOPE' })}\n`)).json.data.id;

    clock = START + 999;
    expect((await getExecution(documentImport.id, id)).json.data).toEqual(
      expect.objectContaining({ status: 'PENDING', start_date: null, result: null }),
    );

    clock = START + 1500;
    expect((await getExecution(documentImport.id, id)).json.data).toEqual(
      expect.objectContaining({ status: 'RUNNING', start_date: START + 1000, end_date: null, duration: null, result: null }),
    );

    clock = START + 3000;
    const done = (await getExecution(documentImport.id, id)).json.data;
    expect(done).toEqual(
      expect.objectContaining({
        status: 'SUCCEEDED',
        start_date: START + 1000,
        end_date: START + 3000,
        duration: 2000,
        num_tasks: 2,
        completed_tasks: 1,
        erroneous_tasks: 1,
      }),
    );
    expect(done.result).toEqual({
      total_success: 1,
      total_failure: 1,
      input_file_name: done.parameters.input_file_name,
      input_file_uri: done.parameters.file_uri,
      error_file_uri: expect.stringMatching(/^mics:\/\/data_file\/.*_errors\.csv$/),
      possible_issue_on_identifiers: false,
      top_identifiers: {},
    });
    expect(done.error.message).toMatch(/^1 success, 1 failures\nSaved errors:\nLine 2: operation must be one of UPDATE, DELETE/);
  });

  it('keeps an execution PENDING forever with pendingMs: Infinity until a test moves it', async () => {
    const frozen = await startSimulator({ pendingMs: Infinity });
    try {
      const documentImport = await createImport(frozen);
      const id = (await upload(frozen, documentImport.id, segmentLine())).json.data.id;
      expect(frozen.state.execution(id)?.status).toBe('PENDING');
      frozen.setExecutionStatus(id, 'RUNNING');
      expect(frozen.state.execution(id)).toEqual(expect.objectContaining({ status: 'RUNNING', start_date: expect.any(Number) }));
      frozen.finishExecution(id);
      const done = frozen.state.execution(id);
      expect(done).toEqual(expect.objectContaining({ status: 'SUCCEEDED', result: expect.objectContaining({ total_success: 1 }) }));
    } finally {
      await frozen.stop();
    }
  });

  it('lets a manual status override the clock', async () => {
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    sim.setExecutionStatus(id, 'RUNNING');
    clock = START + 60_000;
    expect((await getExecution(documentImport.id, id)).json.data.status).toBe('RUNNING');
    clock = START + 61_000;
    sim.finishExecution(id, { status: 'FAILED', errorMessage: 'disk on fire' });
    const failed = (await getExecution(documentImport.id, id)).json.data;
    expect(failed).toEqual(
      expect.objectContaining({
        status: 'FAILED',
        result: null,
        error: { message: 'disk on fire' },
        start_date: START,
        end_date: START + 61_000,
        duration: 61_000,
      }),
    );
  });

  it('still ends SUCCEEDED when every line failed (as the docs example "0 success, 4 failures")', async () => {
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, '{"operation":"UPDATE"}\nnot json\n')).json.data.id;
    clock = START + 5000;
    const done = (await getExecution(documentImport.id, id)).json.data;
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toEqual(expect.objectContaining({ total_success: 0, total_failure: 2 }));
    expect(done.error.message).toMatch(/^0 success, 2 failures\n/);
  });

  it('refuses to move an unknown execution', () => {
    expect(() => sim.setExecutionStatus('1', 'RUNNING')).toThrow('Execution 1 not found');
  });
});

describe('GET executions (list)', () => {
  it('lists newest first, with pagination and the list envelope', async () => {
    const documentImport = await createImport(sim);
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) ids.push((await upload(sim, documentImport.id, segmentLine())).json.data.id);
    const firstPage = await call(sim, 'GET', executionsPath(documentImport.id));
    expect(firstPage.json).toEqual(expect.objectContaining({ status: 'ok', count: 3, total: 4, first_result: 0, max_results: 3 }));
    expect(firstPage.json.data.map((execution: { id: string }) => execution.id)).toEqual([ids[3], ids[2], ids[1]]);
    const secondPage = await call(sim, 'GET', `${executionsPath(documentImport.id)}?first_result=3&max_results=3`);
    expect(secondPage.json.data.map((execution: { id: string }) => execution.id)).toEqual([ids[0]]);
  });

  it('filters by status, as computed now', async () => {
    const documentImport = await createImport(sim);
    const old = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    clock = START + 5000;
    const fresh = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    const succeeded = await call(sim, 'GET', `${executionsPath(documentImport.id)}?status=SUCCEEDED`);
    expect(succeeded.json.data.map((execution: { id: string }) => execution.id)).toEqual([old]);
    const pending = await call(sim, 'GET', `${executionsPath(documentImport.id)}?status=PENDING`);
    expect(pending.json.data.map((execution: { id: string }) => execution.id)).toEqual([fresh]);
    expect((await call(sim, 'GET', `${executionsPath(documentImport.id)}?status=DONE`)).status).toBe(400);
  });

  it('lists only the executions of that import', async () => {
    const first = await createImport(sim);
    const second = await createImport(sim);
    await upload(sim, first.id, segmentLine());
    expect((await call(sim, 'GET', executionsPath(second.id))).json.data).toEqual([]);
  });

  it('answers 404 for an execution of another import', async () => {
    const first = await createImport(sim);
    const second = await createImport(sim);
    const id = (await upload(sim, first.id, segmentLine())).json.data.id;
    const answer = await getExecution(second.id, id);
    expect(answer.status).toBe(404);
    expect(answer.json.error).toBe(`Execution ${id} not found in document import ${second.id}`);
  });
});

describe('cancel', () => {
  const cancel = (importId: string, executionId: string, body: unknown = { action: 'CANCEL' }) =>
    call(sim, 'POST', `${executionsPath(importId)}/${executionId}/action`, { body });

  it('cancels a PENDING execution: CANCELED with cancel_status REQUESTED, and it stays so', async () => {
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    clock = START + 500;
    const answer = await cancel(documentImport.id, id);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual(
      expect.objectContaining({ id, status: 'CANCELED', cancel_status: 'REQUESTED', start_date: null, result: null }),
    );
    clock = START + 10_000;
    expect((await getExecution(documentImport.id, id)).json.data.status).toBe('CANCELED');
  });

  it.each([
    ['RUNNING', START + 1500],
    ['SUCCEEDED', START + 5000],
  ])('refuses to cancel a %s execution with 400 EXECUTION_NOT_CANCELABLE', async (status, at) => {
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    clock = at;
    const answer = await cancel(documentImport.id, id);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(
      expect.objectContaining({
        status: 'error',
        error_code: 'EXECUTION_NOT_CANCELABLE',
        error: `Execution ${id} is ${status}: only PENDING executions can be canceled`,
      }),
    );
    expect((await getExecution(documentImport.id, id)).json.data.status).toBe(status);
  });

  it('refuses to cancel twice', async () => {
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    expect((await cancel(documentImport.id, id)).status).toBe(200);
    const again = await cancel(documentImport.id, id);
    expect(again.status).toBe(400);
    expect(again.json.error).toContain('is CANCELED');
  });

  it('refuses any other action with 400', async () => {
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    const answer = await cancel(documentImport.id, id, { action: 'RETRY' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain('CANCEL');
    expect((await getExecution(documentImport.id, id)).json.data.status).toBe('PENDING');
  });

  it('answers 404 for an unknown execution', async () => {
    const documentImport = await createImport(sim);
    expect((await cancel(documentImport.id, '99')).status).toBe(404);
  });
});

describe('GET executions (list) with executionListOrder oldest-first', () => {
  it('lists oldest first', async () => {
    const oldestFirst = await startSimulator({ executionListOrder: 'oldest-first', maxPageSize: 3 });
    try {
      const documentImport = await createImport(oldestFirst);
      const ids: string[] = [];
      for (let index = 0; index < 4; index++) ids.push((await upload(oldestFirst, documentImport.id, segmentLine())).json.data.id);
      const firstPage = await call(oldestFirst, 'GET', executionsPath(documentImport.id));
      expect(firstPage.json.data.map((execution: { id: string }) => execution.id)).toEqual([ids[0], ids[1], ids[2]]);
    } finally {
      await oldestFirst.stop();
    }
  });
});

describe('parameters: null until the platform has read the file (fileReadMs), then filled, PENDING or not', () => {
  afterEach(() => sim.setFileReadMs(0));
  const listed = async (importId: string) => (await call(sim, 'GET', executionsPath(importId))).json.data[0];

  it('answers the create example (parameters null) and then, after fileReadMs, the get example (parameters filled while PENDING)', async () => {
    sim.setFileReadMs(300);
    const documentImport = await createImport(sim);
    const created = (await upload(sim, documentImport.id, segmentLine())).json.data;
    expect(created.parameters).toBeNull();
    clock = START + 299;
    expect((await getExecution(documentImport.id, created.id)).json.data).toMatchObject({ status: 'PENDING', parameters: null });
    expect(await listed(documentImport.id)).toMatchObject({ id: created.id, parameters: null });
    clock = START + 300;
    expect((await getExecution(documentImport.id, created.id)).json.data).toMatchObject({ status: 'PENDING', parameters: { number_of_lines: 1 } });
    expect(await listed(documentImport.id)).toMatchObject({ parameters: { number_of_lines: 1 } });
  });

  it('with fileReadMs Infinity keeps parameters null while PENDING, and fills them once it runs', async () => {
    sim.setFileReadMs(Infinity);
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    clock = START + 999;
    expect((await getExecution(documentImport.id, id)).json.data).toMatchObject({ status: 'PENDING', parameters: null });
    clock = START + 1000;
    expect((await getExecution(documentImport.id, id)).json.data).toMatchObject({ status: 'RUNNING', parameters: { number_of_lines: 1 } });
  });

  it('keeps parameters null on an execution canceled before its file was read (the cancel example)', async () => {
    sim.setFileReadMs(500);
    const documentImport = await createImport(sim);
    const id = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
    clock = START + 100;
    const answer = await call(sim, 'POST', `${executionsPath(documentImport.id)}/${id}/action`, { body: { action: 'CANCEL' } });
    expect(answer.json.data).toMatchObject({ status: 'CANCELED', parameters: null });
    clock = START + 10_000;
    expect((await getExecution(documentImport.id, id)).json.data).toMatchObject({ status: 'CANCELED', parameters: null });
  });
});
