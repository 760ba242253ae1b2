// The simulator's common behaviour over real HTTP: authentication, envelopes,
// connected_user, routing errors, the request log.

import { call, importsPath } from './testClient';
import { DEFAULT_TOKEN, startSimulator, type Simulator } from './index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('authentication', () => {
  it('accepts the raw token in the Authorization header (default token)', async () => {
    expect(sim.token).toBe(DEFAULT_TOKEN);
    const answer = await call(sim, 'GET', '/v1/connected_user');
    expect(answer.status).toBe(200);
  });

  it.each([
    ['missing', null],
    ['wrong', 'not-the-token'],
    ['Bearer-prefixed', `Bearer ${DEFAULT_TOKEN}`],
    ['api:-prefixed', `api:${DEFAULT_TOKEN}`],
  ])('rejects a %s token with 401 and the error envelope', async (_label, authorization) => {
    const answer = await call(sim, 'GET', '/v1/connected_user', { authorization });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      status: 'error',
      error: expect.stringContaining('Authentication failed'),
      error_id: expect.stringMatching(UUID),
      error_code: 'UNAUTHORIZED',
    });
  });

  it('never echoes the token it received, valid or not', async () => {
    const secret = 'sk-very-secret-token-value-123';
    const rejected = await call(sim, 'GET', '/v1/connected_user', { authorization: `Bearer ${secret}` });
    expect(rejected.text).not.toContain(secret);
    expect(rejected.text).toContain("without 'Bearer'");
    const ok = await call(sim, 'GET', '/v1/connected_user');
    expect(ok.text).not.toContain(sim.token);
  });

  it('checks the token before telling whether a path exists', async () => {
    const answer = await call(sim, 'GET', '/v1/no/such/endpoint', { authorization: null });
    expect(answer.status).toBe(401);
  });

  it('accepts a custom token and refuses the default one then', async () => {
    const custom = await startSimulator({ token: 'custom-token' });
    try {
      expect((await call(custom, 'GET', '/v1/connected_user')).status).toBe(200);
      expect((await call(custom, 'GET', '/v1/connected_user', { authorization: DEFAULT_TOKEN })).status).toBe(401);
    } finally {
      await custom.stop();
    }
  });
});

describe('GET /v1/connected_user', () => {
  it('answers the user with two workspaces and their datamarts', async () => {
    const answer = await call(sim, 'GET', '/v1/connected_user');
    expect(answer.json.status).toBe('ok');
    const user = answer.json.data;
    expect(user).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^\d+$/),
        first_name: expect.any(String),
        last_name: expect.any(String),
        email: expect.any(String),
        locale: expect.any(String),
        default_workspace: expect.any(String),
      }),
    );
    expect(user.workspaces).toHaveLength(2);
    expect(user.workspaces[0]).toEqual(
      expect.objectContaining({
        organisation_id: '1426',
        organisation_name: 'Acme Retail',
        community_id: expect.any(String),
        administrator: expect.any(Boolean),
        role: expect.any(String),
      }),
    );
    expect(user.workspaces[0].datamarts).toEqual([
      expect.objectContaining({ id: '1509', name: 'Acme Retail', organisation_id: '1426' }),
    ]);
    expect(user.workspaces[1]).toEqual(expect.objectContaining({ organisation_id: '1500', organisation_name: 'Acme Travel' }));
    expect(user.workspaces[1].datamarts).toEqual([
      expect.objectContaining({ id: '1600', name: 'Acme Travel', organisation_id: '1500' }),
    ]);
  });
});

describe('routing errors', () => {
  it('answers 404 with the error envelope for an unknown endpoint', async () => {
    const answer = await call(sim, 'GET', '/v1/nothing_here');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      status: 'error',
      error: expect.stringContaining('/v1/nothing_here'),
      error_id: expect.stringMatching(UUID),
      error_code: 'NOT_FOUND',
    });
  });

  it('answers 404 naming the datamart for an unknown datamart id', async () => {
    const answer = await call(sim, 'GET', importsPath('999'));
    expect(answer.status).toBe(404);
    expect(answer.json.error).toContain('Datamart 999 not found');
  });

  it('answers 405 for a known path with another method', async () => {
    const answer = await call(sim, 'DELETE', '/v1/connected_user');
    expect(answer.status).toBe(405);
    expect(answer.json.status).toBe('error');
    expect(answer.headers.get('allow')).toBe('GET');
  });

  it('accepts a trailing slash, as in the documented curl example', async () => {
    const answer = await call(sim, 'GET', `${importsPath()}/`);
    expect(answer.status).toBe(200);
  });

  it('answers JSON with a JSON content type', async () => {
    const answer = await call(sim, 'GET', '/v1/connected_user');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('request log', () => {
  it('records method, path, query, headers without the Authorization value, status and bytes', async () => {
    await call(sim, 'GET', `${importsPath()}?first_result=0&max_results=5`, { headers: { 'X-Trace': 'abc' } });
    await call(sim, 'POST', importsPath(), {
      body: { document_type: 'USER_PROFILE', mime_type: 'APPLICATION_X_NDJSON', name: 'Profiles' },
    });
    await call(sim, 'GET', '/v1/connected_user', { authorization: 'wrong' });

    const [list, create, rejected] = sim.requests;
    expect(list).toEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/v1/datamarts/1509/document_imports',
        query: { first_result: '0', max_results: '5' },
        status: 200,
        bytesReceived: 0,
        authorization: 'valid',
      }),
    );
    expect(list.headers['x-trace']).toBe('abc');
    expect(list.headers).not.toHaveProperty('authorization');
    expect(create.status).toBe(200);
    expect(create.bytesReceived).toBeGreaterThan(40);
    expect(rejected).toEqual(expect.objectContaining({ status: 401, authorization: 'invalid' }));
    expect(JSON.stringify(sim.requests)).not.toContain(sim.token);
    expect(sim.state.requests).toBe(sim.requests);
  });

  it('is emptied by reset()', async () => {
    await call(sim, 'GET', '/v1/connected_user');
    expect(sim.requests).toHaveLength(1);
    sim.reset();
    expect(sim.requests).toHaveLength(0);
  });
});
