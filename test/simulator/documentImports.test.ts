// Document imports: create, get, list (filters, order, pagination), update, delete.

import { call, createImport, importsPath, upload, segmentLine } from './testClient';
import { startSimulator, type Simulator } from './index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ maxPageSize: 5 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('POST document_imports', () => {
  it('creates an import from the body as the docs curl example sends it, with defaults filled', async () => {
    const answer = await call(sim, 'POST', importsPath(), {
      body: { document_type: 'USER_ACTIVITY', mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8', name: 'Store visits' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      status: 'ok',
      data: {
        id: expect.stringMatching(/^\d+$/),
        datafarm_key: 'DF_EU_2020_02',
        datamart_id: '1509',
        document_type: 'USER_ACTIVITY',
        mime_type: 'APPLICATION_X_NDJSON',
        encoding: 'utf-8',
        name: 'Store visits',
        priority: 'MEDIUM',
        use_processing_pipeline: false,
        shuffle_lines: true,
      },
    });
    expect(sim.state.documentImports).toEqual([answer.json.data]);
  });

  it('accepts the body wrapped in {data: ...} too', async () => {
    const answer = await call(sim, 'POST', importsPath(), {
      body: { data: { document_type: 'USER_PROFILE', mime_type: 'APPLICATION_X_NDJSON', name: 'Wrapped', priority: 'HIGH' } },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual(expect.objectContaining({ name: 'Wrapped', priority: 'HIGH' }));
  });

  it('allocates increasing digit-string ids', async () => {
    const first = await createImport(sim, { name: 'a' });
    const second = await createImport(sim, { name: 'b' });
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
  });

  it('keeps imports of each datamart apart', async () => {
    const travel = await createImport(sim, { name: 'travel' }, '1600');
    expect(travel.datamart_id).toBe('1600');
    expect((await call(sim, 'GET', `${importsPath('1509')}/${travel.id}`)).status).toBe(404);
    expect((await call(sim, 'GET', importsPath('1509'))).json.data).toEqual([]);
  });

  it('refuses TEXT_CSV for a document type other than USER_SEGMENT', async () => {
    const answer = await call(sim, 'POST', importsPath(), {
      body: { document_type: 'USER_PROFILE', mime_type: 'TEXT_CSV', name: 'csv profiles' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain('TEXT_CSV is only allowed for document_type USER_SEGMENT');
    expect(sim.state.documentImports).toEqual([]);
  });

  it('accepts TEXT_CSV for USER_SEGMENT', async () => {
    const created = await createImport(sim, { document_type: 'USER_SEGMENT', mime_type: 'TEXT_CSV' });
    expect(created.mime_type).toBe('TEXT_CSV');
  });

  it.each([
    ['document_type', { document_type: 'USER_THING' }, 'USER_ACTIVITY, USER_SEGMENT'],
    ['mime_type', { mime_type: 'APPLICATION_JSON' }, 'APPLICATION_X_NDJSON, TEXT_CSV'],
    ['priority', { priority: 'URGENT' }, 'LOW, MEDIUM, HIGH'],
    ['encoding', { encoding: 'latin-1' }, 'utf-8'],
    ['shuffle_lines', { shuffle_lines: 'yes' }, 'true, false'],
    ['use_processing_pipeline', { use_processing_pipeline: 1 }, 'true, false'],
    ['name', { name: '   ' }, 'non-empty string'],
  ])('refuses an invalid %s with 400 naming the field and the allowed values', async (field, fields, allowed) => {
    const answer = await call(sim, 'POST', importsPath(), {
      body: { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', name: 'x', ...fields },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.status).toBe('error');
    expect(answer.json.error).toContain(field);
    expect(answer.json.error).toContain(allowed);
  });

  it.each(['document_type', 'mime_type', 'name'])('refuses a body without %s', async (field) => {
    const body: Record<string, unknown> = { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', name: 'x' };
    delete body[field];
    const answer = await call(sim, 'POST', importsPath(), { body });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain(`Missing field '${field}'`);
  });

  it('accepts the undocumented-format types known to the platform', async () => {
    for (const documentType of ['USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS', 'USER_DEVICE_POINTS_DELETION', 'USER_POINTS_DELETION']) {
      expect((await createImport(sim, { document_type: documentType })).document_type).toBe(documentType);
    }
  });

  it('refuses unknown fields, so a misspelt option is not silently lost', async () => {
    const answer = await call(sim, 'POST', importsPath(), {
      body: { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', name: 'x', shuffleLines: false },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain("Unknown field 'shuffleLines'");
  });

  it('refuses a body that is not JSON, or not sent as JSON', async () => {
    const notJson = await call(sim, 'POST', importsPath(), { raw: '{nope', contentType: 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toContain('not valid JSON');
    const wrongType = await call(sim, 'POST', importsPath(), { raw: '{"name":"x"}', contentType: 'text/plain' });
    expect(wrongType.status).toBe(415);
  });
});

describe('GET document_imports/:id', () => {
  it('answers the import', async () => {
    const created = await createImport(sim, { name: 'One' });
    const answer = await call(sim, 'GET', `${importsPath()}/${created.id}`);
    expect(answer.json).toEqual({ status: 'ok', data: created });
  });

  it('answers 404 naming the import and the datamart', async () => {
    const answer = await call(sim, 'GET', `${importsPath()}/123`);
    expect(answer.status).toBe(404);
    expect(answer.json.error).toBe('Document import 123 not found in datamart 1509');
    expect(answer.json.error_code).toBe('NOT_FOUND');
  });
});

describe('GET document_imports (list)', () => {
  async function seedImports(): Promise<void> {
    await createImport(sim, { name: 'Profiles March', document_type: 'USER_PROFILE' });
    await createImport(sim, { name: 'segments march', document_type: 'USER_SEGMENT', mime_type: 'TEXT_CSV' });
    await createImport(sim, { name: 'Activities March', document_type: 'USER_ACTIVITY' });
    await createImport(sim, { name: 'Profiles April', document_type: 'USER_PROFILE' });
  }
  const names = (answer: { json: { data: { name: string }[] } }) => answer.json.data.map((item) => item.name);

  it('answers the list envelope ordered by id', async () => {
    await seedImports();
    const answer = await call(sim, 'GET', importsPath());
    expect(answer.json).toEqual(
      expect.objectContaining({ status: 'ok', count: 4, total: 4, first_result: 0, max_result: 5, max_results: 5 }),
    );
    expect(names(answer)).toEqual(['Profiles March', 'segments march', 'Activities March', 'Profiles April']);
  });

  it('filters by keywords, case-sensitively, on the name', async () => {
    await seedImports();
    expect(names(await call(sim, 'GET', `${importsPath()}?keywords=March`))).toEqual(['Profiles March', 'Activities March']);
    expect(names(await call(sim, 'GET', `${importsPath()}?keywords=march`))).toEqual(['segments march']);
  });

  it('filters by mime_type and by comma-separated document_types', async () => {
    await seedImports();
    expect(names(await call(sim, 'GET', `${importsPath()}?mime_type=TEXT_CSV`))).toEqual(['segments march']);
    expect(names(await call(sim, 'GET', `${importsPath()}?document_types=USER_ACTIVITY,USER_SEGMENT`))).toEqual([
      'segments march',
      'Activities March',
    ]);
  });

  it('orders by name with order_by=name', async () => {
    await seedImports();
    expect(names(await call(sim, 'GET', `${importsPath()}?order_by=name`))).toEqual([
      'Activities March',
      'Profiles April',
      'Profiles March',
      'segments march',
    ]);
  });

  it.each([
    ['mime_type=TEXT', 'mime_type'],
    ['document_types=USER_PROFILE,NOPE', 'document_types'],
    ['order_by=date', 'order_by'],
    ['first_result=-1', 'first_result'],
    ['max_results=abc', 'max_results'],
    ['max_results=0', 'max_results'],
  ])('refuses the invalid filter %s with 400', async (query, field) => {
    const answer = await call(sim, 'GET', `${importsPath()}?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain(field);
  });

  it('pages with first_result / max_results and reports the total', async () => {
    for (let index = 1; index <= 7; index++) await createImport(sim, { name: `import ${index}` });
    const page2 = await call(sim, 'GET', `${importsPath()}?first_result=2&max_results=3`);
    expect(names(page2)).toEqual(['import 3', 'import 4', 'import 5']);
    expect(page2.json).toEqual(expect.objectContaining({ count: 3, total: 7, first_result: 2, max_results: 3, max_result: 3 }));
    const last = await call(sim, 'GET', `${importsPath()}?first_result=6&max_results=3`);
    expect(names(last)).toEqual(['import 7']);
    expect(last.json.count).toBe(1);
    const beyond = await call(sim, 'GET', `${importsPath()}?first_result=10`);
    expect(beyond.json).toEqual(expect.objectContaining({ data: [], count: 0, total: 7 }));
  });

  it('caps max_results at the maximum page size', async () => {
    for (let index = 1; index <= 7; index++) await createImport(sim, { name: `import ${index}` });
    const answer = await call(sim, 'GET', `${importsPath()}?max_results=500`);
    expect(answer.json).toEqual(expect.objectContaining({ count: 5, total: 7, max_results: 5 }));
  });
});

describe('PUT document_imports/:id', () => {
  it('updates only the given fields', async () => {
    const created = await createImport(sim, { name: 'Before', priority: 'LOW' });
    const answer = await call(sim, 'PUT', `${importsPath()}/${created.id}`, { body: { name: 'After', shuffle_lines: false } });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({ ...created, name: 'After', shuffle_lines: false });
    expect(sim.state.documentImport(created.id)).toEqual(answer.json.data);
  });

  it('accepts the whole object read back, read-only fields included', async () => {
    const created = await createImport(sim, { name: 'Before' });
    const answer = await call(sim, 'PUT', `${importsPath()}/${created.id}`, { body: { ...created, priority: 'HIGH' } });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({ ...created, priority: 'HIGH' });
  });

  it('validates the result (CSV only for USER_SEGMENT)', async () => {
    const created = await createImport(sim, { document_type: 'USER_PROFILE' });
    const answer = await call(sim, 'PUT', `${importsPath()}/${created.id}`, { body: { mime_type: 'TEXT_CSV' } });
    expect(answer.status).toBe(400);
    expect(sim.state.documentImport(created.id)?.mime_type).toBe('APPLICATION_X_NDJSON');
  });

  it('lets document_type and mime_type change only while the import has no executions', async () => {
    const created = await createImport(sim, { document_type: 'USER_SEGMENT' });
    const beforeFiles = await call(sim, 'PUT', `${importsPath()}/${created.id}`, { body: { mime_type: 'TEXT_CSV' } });
    expect(beforeFiles.status).toBe(200);
    await call(sim, 'PUT', `${importsPath()}/${created.id}`, { body: { mime_type: 'APPLICATION_X_NDJSON' } });
    expect((await upload(sim, created.id, segmentLine())).status).toBe(200);

    const afterFiles = await call(sim, 'PUT', `${importsPath()}/${created.id}`, { body: { document_type: 'USER_PROFILE' } });
    expect(afterFiles.status).toBe(400);
    expect(afterFiles.json.error_code).toBe('DOCUMENT_IMPORT_HAS_EXECUTIONS');
    expect(afterFiles.json.error).toContain('document_type');
    const rename = await call(sim, 'PUT', `${importsPath()}/${created.id}`, { body: { name: 'renamed', document_type: 'USER_SEGMENT' } });
    expect(rename.status).toBe(200);
  });

  it('answers 404 for an unknown import', async () => {
    expect((await call(sim, 'PUT', `${importsPath()}/4242`, { body: { name: 'x' } })).status).toBe(404);
  });
});

describe('DELETE document_imports/:id', () => {
  it('answers {status:"ok"}; the import and its executions are gone afterwards', async () => {
    const created = await createImport(sim);
    const execution = (await upload(sim, created.id, segmentLine())).json.data;
    const answer = await call(sim, 'DELETE', `${importsPath()}/${created.id}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'ok' });
    expect((await call(sim, 'GET', `${importsPath()}/${created.id}`)).status).toBe(404);
    expect((await call(sim, 'GET', `${importsPath()}/${created.id}/executions/${execution.id}`)).status).toBe(404);
    expect(sim.state.executions).toEqual([]);
    expect((await call(sim, 'DELETE', `${importsPath()}/${created.id}`)).status).toBe(404);
  });
});
