// A large upload sent with chunked transfer encoding is stored byte for byte
// and checked line by line; an aborted upload leaves nothing behind.

import { createHash } from 'crypto';
import { readdirSync } from 'fs';
import { request as httpRequest } from 'http';
import { createImport, executionsPath, postChunked, segmentLine } from './testClient';
import { startSimulator, type Simulator } from './index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const TARGET_BYTES = 20 * 1024 * 1024;

/** ~20 MB of NDJSON: mostly valid lines with multi-byte text, every 1000th line invalid, CRLF now and then. */
function generateFile(): { bytes: Buffer; lines: number; invalid: number } {
  const parts: string[] = [];
  let size = 0;
  let lines = 0;
  let invalid = 0;
  while (size < TARGET_BYTES) {
    lines += 1;
    const isInvalid = lines % 1000 === 0;
    if (isInvalid) invalid += 1;
    const line = isInvalid
      ? segmentLine({ operation: 'MERGE', user_account_id: `user-${lines}` })
      : segmentLine({ user_account_id: `user-${lines}-Zoë-日本`, data_bag: JSON.stringify({ rank: lines }) });
    const ending = lines % 7 === 0 ? '\r\n' : '\n';
    parts.push(line + ending);
    size += Buffer.byteLength(line + ending);
  }
  return { bytes: Buffer.from(parts.join('')), lines, invalid };
}

/** Irregular chunk sizes, so that lines and multi-byte characters are cut across chunks. */
function* irregularChunks(bytes: Buffer): Generator<Buffer> {
  const sizes = [65_537, 1, 3, 16_383, 100_003, 7];
  let offset = 0;
  for (let index = 0; offset < bytes.length; index++) {
    const size = sizes[index % sizes.length];
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

// 20 MB through loopback: seconds on a busy 2-core machine, so more than jest's 5 s default.
jest.setTimeout(60_000);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

it('stores a 20 MB chunked upload byte for byte and counts its lines', async () => {
  const file = generateFile();
  const documentImport = await createImport(sim);
  const answer = await postChunked(sim, executionsPath(documentImport.id), 'application/x-ndjson', irregularChunks(file.bytes));
  expect(answer.status).toBe(200);
  const id = answer.json.data.id;
  expect(sim.state.execution(id)?.parameters).toMatchObject({ number_of_lines: file.lines });

  const stored = sim.receivedFile(id);
  expect(stored.length).toBe(file.bytes.length);
  expect(sha256(stored)).toBe(sha256(file.bytes));
  expect(sim.receivedFilePath(id).startsWith(sim.storeDir)).toBe(true);

  const execution = sim.state.execution(id) as any;
  expect(execution.result).toEqual(
    expect.objectContaining({ total_success: file.lines - file.invalid, total_failure: file.invalid }),
  );
  const logged = sim.requests.find((request) => request.method === 'POST' && request.path.endsWith('/executions'));
  expect(logged?.headers['transfer-encoding']).toBe('chunked');
  expect(logged?.headers['content-length']).toBeUndefined();
  expect(logged?.bytesReceived).toBe(file.bytes.length);
});

it('creates no execution and keeps no file when the client aborts mid-upload', async () => {
  const documentImport = await createImport(sim);
  const url = new URL(`${sim.url}${executionsPath(documentImport.id)}`);
  await new Promise<void>((resolve) => {
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { Authorization: sim.token, 'Content-Type': 'application/x-ndjson' },
    });
    req.on('error', () => resolve());
    req.write(`${segmentLine()}\n`.repeat(10_000));
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 100);
  });
  const upload = () => sim.requests.find((request) => request.path.endsWith('/executions'));
  for (let attempt = 0; attempt < 100 && upload()?.durationMs === undefined; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(upload()).toEqual(expect.objectContaining({ status: null, durationMs: expect.any(Number) }));
  expect(upload()?.bytesReceived).toBeGreaterThan(0);
  expect(sim.state.executions).toEqual([]);
  expect(readdirSync(sim.storeDir)).toEqual([]);
});
