// Fault injection: error statuses without the operation, Retry-After, custom
// bodies, counts, method/RegExp matching, delays, dropped connections before
// and after the body (the "unknown outcome" case).

import { call, createImport, executionsPath, importsPath, segmentLine, upload } from './testClient';
import { startSimulator, type Simulator } from './index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const createBody = { document_type: 'USER_SEGMENT', mime_type: 'APPLICATION_X_NDJSON', name: 'faulted' };

it('answers an injected 503 with the error envelope WITHOUT performing the operation', async () => {
  sim.faults.inject({ method: 'POST', path: importsPath(), status: 503 });
  const answer = await call(sim, 'POST', importsPath(), { body: createBody });
  expect(answer.status).toBe(503);
  expect(answer.json).toEqual(
    expect.objectContaining({ status: 'error', error_code: 'SERVICE_UNAVAILABLE', error_id: expect.any(String) }),
  );
  expect(sim.state.documentImports).toEqual([]);
  expect(sim.requests[0]).toEqual(expect.objectContaining({ status: 503, fault: 'status 503' }));
  // The fault was used once (times defaults to 1): the next request works.
  expect((await call(sim, 'POST', importsPath(), { body: createBody })).status).toBe(200);
  expect(sim.faults.list()).toEqual([]);
});

it('sends Retry-After with an injected 429', async () => {
  sim.faults.inject({ path: '/v1/connected_user', status: 429, retryAfter: '2' });
  const answer = await call(sim, 'GET', '/v1/connected_user');
  expect(answer.status).toBe(429);
  expect(answer.headers.get('retry-after')).toBe('2');
  expect(answer.json.error_code).toBe('TOO_MANY_REQUESTS');
});

it('answers a custom body when one is given', async () => {
  sim.faults.inject({ path: '/v1/connected_user', status: 500, body: { status: 'error', error: 'boom', error_id: 'e-1' } });
  const answer = await call(sim, 'GET', '/v1/connected_user');
  expect(answer.status).toBe(500);
  expect(answer.json).toEqual({ status: 'error', error: 'boom', error_id: 'e-1' });
});

it('hits exactly `times` matching requests', async () => {
  sim.faults.inject({ path: '/v1/connected_user', status: 500, times: 2 });
  const statuses = [];
  for (let index = 0; index < 3; index++) statuses.push((await call(sim, 'GET', '/v1/connected_user')).status);
  expect(statuses).toEqual([500, 500, 200]);
});

it('matches the method when given, and a RegExp against the path without query', async () => {
  sim.faults.inject({ method: 'GET', path: /\/document_imports\/\d+$/, status: 500, times: 5 });
  const documentImport = await createImport(sim); // POST to the collection: not matched
  expect((await call(sim, 'PUT', `${importsPath()}/${documentImport.id}`, { body: { name: 'x' } })).status).toBe(200);
  expect((await call(sim, 'GET', `${importsPath()}/${documentImport.id}?with=query`)).status).toBe(500);
  expect((await call(sim, 'GET', importsPath())).status).toBe(200);
});

it('delays then performs normally with delayMs', async () => {
  sim.faults.inject({ path: '/v1/connected_user', delayMs: 300 });
  const started = Date.now();
  const answer = await call(sim, 'GET', '/v1/connected_user');
  expect(answer.status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  expect(sim.requests[0].fault).toBe('delay 300ms');
});

it('with finishLate, performs the upload after the delay although the client gave up and left', async () => {
  const documentImport = await createImport(sim);
  sim.faults.inject({ method: 'POST', path: executionsPath(documentImport.id), delayMs: 400, finishLate: true });
  const file = `${segmentLine()}\n`;
  const request = fetch(`${sim.url}${executionsPath(documentImport.id)}`, {
    method: 'POST',
    headers: { Authorization: sim.token, 'Content-Type': 'application/x-ndjson' },
    body: file,
    signal: AbortSignal.timeout(100),
  });
  await expect(request).rejects.toThrow();
  expect(sim.state.executions).toHaveLength(0);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(sim.state.executions).toHaveLength(1);
  expect(sim.receivedFile((sim.state.executions as any[])[0].id).toString()).toBe(file);
  expect(sim.requests[1]).toEqual(expect.objectContaining({ fault: 'delay 400ms, finish late', bytesReceived: file.length }));
});

// Node's fetch closes the connection when it gives up, so the simulator sees the client gone. (Not
// every client does: n8n's sometimes keeps it open, and then a delayed request is performed.)
it('without finishLate, a delayed request whose client closed the connection performs nothing', async () => {
  const documentImport = await createImport(sim);
  sim.faults.inject({ method: 'POST', path: executionsPath(documentImport.id), delayMs: 300 });
  const request = fetch(`${sim.url}${executionsPath(documentImport.id)}`, {
    method: 'POST',
    headers: { Authorization: sim.token, 'Content-Type': 'application/x-ndjson' },
    body: `${segmentLine()}\n`,
    signal: AbortSignal.timeout(100),
  });
  await expect(request).rejects.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(sim.state.executions).toHaveLength(0);
});

it('drops the connection before the body with drop: before-body, doing nothing', async () => {
  sim.faults.inject({ method: 'POST', path: importsPath(), drop: 'before-body' });
  await expect(call(sim, 'POST', importsPath(), { body: createBody })).rejects.toThrow();
  expect(sim.state.documentImports).toEqual([]);
  expect(sim.requests[0]).toEqual(expect.objectContaining({ status: null, fault: 'drop before-body' }));
  expect((await call(sim, 'POST', importsPath(), { body: createBody })).status).toBe(200);
});

it('performs the upload then drops the connection with drop: after-body (the execution exists)', async () => {
  const documentImport = await createImport(sim);
  sim.faults.inject({ method: 'POST', path: executionsPath(documentImport.id), drop: 'after-body' });
  const file = `${segmentLine()}\n${segmentLine({ user_account_id: 'u-2' })}\n`;
  await expect(upload(sim, documentImport.id, file)).rejects.toThrow();

  const executions = sim.state.executions as any[];
  expect(executions).toHaveLength(1);
  expect(executions[0].parameters.number_of_lines).toBe(2);
  expect(sim.receivedFile(executions[0].id).toString()).toBe(file);
  const logged = sim.requests.find((request) => request.fault === 'drop after-body');
  expect(logged).toEqual(expect.objectContaining({ status: null, bytesReceived: Buffer.byteLength(file) }));
  // A client that lists the executions after the dropped answer finds it.
  const listed = await call(sim, 'GET', executionsPath(documentImport.id));
  expect(listed.json.data.map((execution: { id: string }) => execution.id)).toEqual([executions[0].id]);
});

it('performs a create then drops the connection with drop: after-body', async () => {
  sim.faults.inject({ method: 'POST', path: importsPath(), drop: 'after-body' });
  await expect(call(sim, 'POST', importsPath(), { body: createBody })).rejects.toThrow();
  expect(sim.state.documentImports).toEqual([expect.objectContaining({ name: 'faulted' })]);
});

it('performs the upload then answers 500 with perform: true (the execution exists, the answer says error)', async () => {
  const documentImport = await createImport(sim);
  sim.faults.inject({ method: 'POST', path: executionsPath(documentImport.id), status: 500, perform: true });
  const file = `${segmentLine()}\n`;
  const answer = await call(sim, 'POST', executionsPath(documentImport.id), { raw: file, contentType: 'application/x-ndjson' });
  expect(answer.status).toBe(500);
  expect(answer.json).toEqual(expect.objectContaining({ status: 'error', error_code: expect.any(String) }));
  expect(sim.state.executions).toHaveLength(1);
  expect(sim.receivedFile(String((sim.state.executions as any[])[0].id)).toString()).toBe(file);
  expect(sim.requests[sim.requests.length - 1]).toEqual(expect.objectContaining({ status: 500, fault: 'status 500 after performing' }));
});

it('performs a create then answers 500 with perform: true', async () => {
  sim.faults.inject({ method: 'POST', path: importsPath(), status: 500, perform: true });
  expect((await call(sim, 'POST', importsPath(), { body: createBody })).status).toBe(500);
  expect(sim.state.documentImports).toEqual([expect.objectContaining({ name: 'faulted' })]);
});

it('a status fault without perform does nothing', async () => {
  sim.faults.inject({ method: 'POST', path: importsPath(), status: 500 });
  expect((await call(sim, 'POST', importsPath(), { body: createBody })).status).toBe(500);
  expect(sim.state.documentImports).toEqual([]);
});

it('refuses perform without a status', () => {
  expect(() => sim.faults.inject({ path: importsPath(), perform: true, delayMs: 1 })).toThrow(/perform/);
});

it('clears every pending fault with clear()', async () => {
  sim.faults.inject({ path: '/v1/connected_user', status: 500, times: 10 });
  sim.faults.clear();
  expect((await call(sim, 'GET', '/v1/connected_user')).status).toBe(200);
});

it('refuses inconsistent fault specs', () => {
  expect(() => sim.faults.inject({ path: '/x' })).toThrow('at least one of status, delayMs, drop');
  expect(() => sim.faults.inject({ path: '/x', status: 503, drop: 'after-body' })).toThrow('not both');
  expect(() => sim.faults.inject({ path: '/x', status: 503, times: 0 })).toThrow('times');
  expect(() => sim.faults.inject({ path: '/x', drop: 'sometimes' as never })).toThrow('before-body, after-body');
  expect(() => sim.faults.inject({ path: '/x', status: 503, finishLate: true })).toThrow('finishLate');
});

it('performs a create then answers a redirect with its Location (perform: true, location)', async () => {
  sim.faults.inject({ method: 'POST', path: importsPath(), status: 307, location: 'https://elsewhere.example/v1', perform: true });
  const answer = await fetch(`${sim.url}${importsPath()}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Authorization: sim.token, 'Content-Type': 'application/json' },
    body: JSON.stringify(createBody),
  });
  expect(answer.status).toBe(307);
  expect(answer.headers.get('location')).toBe('https://elsewhere.example/v1');
  expect(sim.state.documentImports).toEqual([expect.objectContaining({ name: 'faulted' })]);
});

it('refuses a location without a status', () => {
  expect(() => sim.faults.inject({ path: importsPath(), location: 'https://elsewhere.example/', delayMs: 1 })).toThrow(/location/);
});
