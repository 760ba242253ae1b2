// The /__simulator control routes used by out-of-process tests (e2e,
// benchmarks): no Authorization needed, and the token is never shown.

import { call, createImport, executionsPath, segmentLine, upload } from './testClient';
import { startSimulator, type Simulator } from './index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ token: 'control-test-secret', pendingMs: Infinity });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const control = (method: string, path: string, body?: unknown) =>
  call(sim, method, `/__simulator${path}`, { authorization: null, body });

it('GET /__simulator/state shows imports and executions without auth, and never the token', async () => {
  const documentImport = await createImport(sim, { name: 'Seen from outside' });
  await upload(sim, documentImport.id, segmentLine());
  const answer = await control('GET', '/state?requests=true');
  expect(answer.status).toBe(200);
  expect(answer.json.data.document_imports).toEqual([expect.objectContaining({ name: 'Seen from outside' })]);
  expect(answer.json.data.executions).toEqual([expect.objectContaining({ status: 'PENDING' })]);
  expect(answer.json.data.requests.length).toBe(answer.json.data.request_count);
  expect(answer.text).not.toContain('control-test-secret');
  expect((await control('GET', '/state')).json.data).not.toHaveProperty('requests');
});

it('POST /__simulator/faults injects a fault; a path starting with ^ is a RegExp', async () => {
  const injected = await control('POST', '/faults', { method: 'GET', path: '^/v1/connected_', status: 503, times: 2, retryAfter: '1' });
  expect(injected.status).toBe(200);
  expect(injected.json.data).toEqual(expect.objectContaining({ path: '^/v1/connected_', remaining: 2 }));
  const answer = await call(sim, 'GET', '/v1/connected_user');
  expect(answer.status).toBe(503);
  expect(answer.headers.get('retry-after')).toBe('1');
  expect((await control('GET', '/state')).json.data.faults).toEqual([expect.objectContaining({ remaining: 1 })]);
});

it('a string path without ^ matches exactly', async () => {
  await control('POST', '/faults', { path: '/v1/connected', status: 500 });
  expect((await call(sim, 'GET', '/v1/connected_user')).status).toBe(200);
});

it('DELETE /__simulator/faults clears the faults', async () => {
  await control('POST', '/faults', { path: '/v1/connected_user', status: 500, times: 3 });
  expect((await control('DELETE', '/faults')).json).toEqual({ status: 'ok' });
  expect((await call(sim, 'GET', '/v1/connected_user')).status).toBe(200);
});

it('never faults the control routes themselves', async () => {
  sim.faults.inject({ path: /.*/, status: 500, times: 100 });
  expect((await control('DELETE', '/faults')).status).toBe(200);
});

it('refuses an invalid fault with 400', async () => {
  const answer = await control('POST', '/faults', { path: '/x', status: 503, explode: true });
  expect(answer.status).toBe(400);
  expect(answer.json.error).toContain('explode');
  expect((await control('POST', '/faults', { path: '(', status: 500 })).status).toBe(200); // not a RegExp: exact path "("
  expect((await control('POST', '/faults', { path: '^(', status: 500 })).status).toBe(400);
});

it('POST /__simulator/executions/:id/status moves an execution', async () => {
  const documentImport = await createImport(sim);
  const id = (await upload(sim, documentImport.id, segmentLine())).json.data.id;
  const running = await control('POST', `/executions/${id}/status`, { status: 'RUNNING' });
  expect(running.json.data).toEqual(expect.objectContaining({ id, status: 'RUNNING' }));
  const done = await control('POST', `/executions/${id}/status`, { status: 'SUCCEEDED' });
  expect(done.json.data.result).toEqual(expect.objectContaining({ total_success: 1 }));
  const seen = await call(sim, 'GET', `${executionsPath(documentImport.id)}/${id}`);
  expect(seen.json.data.status).toBe('SUCCEEDED');
  expect((await control('POST', `/executions/${id}/status`, { status: 'DONE' })).status).toBe(400);
  expect((await control('POST', '/executions/1/status', { status: 'RUNNING' })).status).toBe(404);
});

it('POST /__simulator/reset returns to the seed', async () => {
  await createImport(sim);
  sim.faults.inject({ path: '/v1/connected_user', status: 500 });
  expect((await control('POST', '/reset')).status).toBe(200);
  expect(sim.state.documentImports).toEqual([]);
  expect(sim.faults.list()).toEqual([]);
  expect((await call(sim, 'GET', '/v1/connected_user')).status).toBe(200);
  // Ids start over after a reset.
  expect((await createImport(sim)).id).toBe('20001');
});
