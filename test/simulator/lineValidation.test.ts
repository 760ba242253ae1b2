// Line validation of uploaded files over HTTP: totals, the error file and its
// download through /v1/data_file/data, NDJSON and CSV specifics.

import { call, createImport, segmentLine, upload } from './testClient';
import { ERROR_FILE_HEADER, startSimulator, type Simulator } from './index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

/** Uploads, then answers the finished execution (pendingMs = runningMs = 0). */
async function importFile(documentImport: { id: string }, content: string | Buffer, contentType?: string) {
  const created = await upload(sim, documentImport.id, content, contentType);
  if (created.status !== 200) throw new Error(`upload failed: ${created.status} ${created.text}`);
  const execution = sim.state.execution(created.json.data.id) as any;
  expect(execution.status).toBe('SUCCEEDED');
  return execution;
}

const download = (uri: string) => call(sim, 'GET', `/v1/data_file/data?uri=${encodeURIComponent(uri)}`);

/** The error file parsed the simple way: these tests keep reasons free of newlines in lines. */
async function errorRows(execution: any): Promise<string[]> {
  const answer = await download(execution.result.error_file_uri);
  expect(answer.status).toBe(200);
  expect(answer.text.startsWith(ERROR_FILE_HEADER)).toBe(true);
  return answer.text.slice(ERROR_FILE_HEADER.length).split('\n').filter((row) => row !== '');
}

describe('NDJSON files', () => {
  it('counts successes and failures and lists each failure in a downloadable error file', async () => {
    const documentImport = await createImport(sim, { document_type: 'USER_SEGMENT' });
    const lines = [
      segmentLine(),
      segmentLine({ operation: 'UPSERT' }),
      segmentLine({ email_hash: 'abc' }),
      segmentLine({ user_account_id: undefined, user_agent_id: 'vec:1' }),
      '{"operation": "UPDATE",',
    ];
    const execution = await importFile(documentImport, `${lines.join('\n')}\n`);
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 2, total_failure: 3 }));
    expect(execution.parameters.number_of_lines).toBe(5);
    const rows = await errorRows(execution);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^2,"operation must be one of UPDATE, DELETE \(got ""UPSERT""\)",/);
    expect(rows[1]).toMatch(/^3,"Only one user identifier is allowed per line, found user_account_id and email_hash",/);
    expect(rows[2]).toMatch(/^5,Invalid JSON: /);
    expect(execution.error.message).toContain('Line 3: Only one user identifier is allowed per line');
  });

  it('ignores blank lines (not counted) and keeps physical line numbers in the error file', async () => {
    const documentImport = await createImport(sim);
    const execution = await importFile(documentImport, `\n${segmentLine()}\n   \n\n{"operation":"DELETE"}\n`);
    expect(execution.parameters.number_of_lines).toBe(2);
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 1, total_failure: 1 }));
    expect((await errorRows(execution))[0]).toMatch(/^5,"No user identifier/);
  });

  it('accepts CRLF line ends and a last line without a newline', async () => {
    const documentImport = await createImport(sim);
    const execution = await importFile(documentImport, `${segmentLine()}\r\n${segmentLine()}\r\n${segmentLine()}`);
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 3, total_failure: 0 }));
    expect(execution.error).toBeNull();
  });

  it('fails a line that is not valid UTF-8, and only that line', async () => {
    const documentImport = await createImport(sim);
    const bad = Buffer.concat([Buffer.from('{"operation":"UPDATE","user_account_id":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const file = Buffer.concat([Buffer.from(`${segmentLine({ user_account_id: 'Zoë' })}\n`), bad, Buffer.from('\n')]);
    const execution = await importFile(documentImport, file);
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 1, total_failure: 1 }));
    expect((await errorRows(execution))[0]).toMatch(/^2,The line is not valid UTF-8/);
  });

  it('fails a line that is JSON but not an object', async () => {
    const documentImport = await createImport(sim);
    const execution = await importFile(documentImport, '[1,2]\n"text"\n');
    expect(execution.result.total_failure).toBe(2);
    expect((await errorRows(execution))[0]).toBe('1,The line must be a JSON object,"[1,2]"');
  });

  it('does not validate the lines of types without a documented format', async () => {
    const documentImport = await createImport(sim, { document_type: 'USER_POINTS_DELETION' });
    const execution = await importFile(documentImport, '{"anything":1}\n{}\n');
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 2, total_failure: 0 }));
  });

  it('serves an error file with only its header when nothing failed', async () => {
    const documentImport = await createImport(sim);
    const execution = await importFile(documentImport, `${segmentLine()}\n`);
    expect(await errorRows(execution)).toEqual([]);
  });

  it('repeats at most 10 reasons in error.message but keeps every failure in the error file', async () => {
    const documentImport = await createImport(sim);
    const execution = await importFile(documentImport, '{}\n'.repeat(25));
    expect(execution.result.total_failure).toBe(25);
    expect(execution.error.message.match(/^Line \d+:/gm)).toHaveLength(10);
    expect(await errorRows(execution)).toHaveLength(25);
  });
});

describe('CSV files (USER_SEGMENT)', () => {
  const csvImport = () => createImport(sim, { document_type: 'USER_SEGMENT', mime_type: 'TEXT_CSV' });

  it('reads a header, quoted fields with commas, doubled quotes and newlines, list columns as JSON arrays', async () => {
    const documentImport = await csvImport();
    const csv = [
      'operation,user_account_id,compartment_id,segment_ids,expiration_duration,data_bag',
      'UPDATE,u-1,1000,"[""1"",""2""]",0,',
      'DELETE,"u,2",,"[""3""]",60,"{""source"":""crm"",',
      'multi-line"":true}"',
      'UPDATE,u-3,,"[""4""]",0,"{""ok"":true}"',
    ].join('\n');
    const execution = await importFile(documentImport, `${csv}\n`, 'text/csv');
    // The data_bag of line 3 spans two lines and is not valid JSON: 1 failure out of 3 records.
    expect(execution.parameters.number_of_lines).toBe(3);
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 2, total_failure: 1 }));
    const errorFile = (await download(execution.result.error_file_uri)).text;
    expect(errorFile).toContain('3,data_bag must be a string holding a JSON object');
  });

  it('treats empty cells as absent and checks the same rules as NDJSON', async () => {
    const documentImport = await csvImport();
    const csv = [
      'user_agent_id,email_hash,operation,segment_id,expiration_duration',
      'vec:1,,UPDATE,7,0',
      ',,UPDATE,7,0',
      'vec:2,hash,UPDATE,7,0',
      'vec:3,,UPDATE,7,soon',
    ].join('\r\n');
    const execution = await importFile(documentImport, csv, 'text/csv; charset=utf-8');
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 1, total_failure: 3 }));
    const rows = (await download(execution.result.error_file_uri)).text.split('\n');
    expect(rows[1]).toMatch(/^3,"No user identifier/);
    expect(rows[2]).toMatch(/^4,"Only one user identifier/);
    expect(rows[3]).toMatch(/^5,"expiration_duration must be an integer >= 0 \(got ""soon""\)"/);
  });

  it('accepts an execution whose header has an unknown column, then fails every record with the reason', async () => {
    const documentImport = await csvImport();
    const execution = await importFile(documentImport, 'operation,user_account_id,segment,expiration_duration\nUPDATE,u,1,0\nUPDATE,v,2,0\n', 'text/csv');
    expect(execution.parameters.number_of_lines).toBe(2);
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 0, total_failure: 2 }));
    expect(execution.error.message).toContain("Unknown CSV column(s) 'segment'");
  });

  it('fails a record with the wrong number of fields or broken quoting', async () => {
    const documentImport = await csvImport();
    const csv = 'operation,user_account_id,segment_id,expiration_duration\nUPDATE,u,1\nUPDATE,u"x,1,0\nUPDATE,u,1,0\nUPDATE,"open,1,0\n';
    const execution = await importFile(documentImport, csv, 'text/csv');
    expect(execution.result).toEqual(expect.objectContaining({ total_success: 1, total_failure: 3 }));
    expect(execution.error.message).toContain('Line 2: Expected 4 fields as in the header, found 3');
    expect(execution.error.message).toContain('Line 3: Invalid CSV: A quote inside an unquoted field');
    expect(execution.error.message).toContain('Line 5: Unterminated quoted field');
  });
});

describe('GET /v1/data_file/data', () => {
  it('serves the exact bytes of the stored input file', async () => {
    const documentImport = await createImport(sim);
    const file = `${segmentLine({ user_account_id: 'Zoë' })}\r\n\n`;
    const execution = await importFile(documentImport, file);
    const answer = await download(execution.result.input_file_uri);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(file);
    expect(answer.headers.get('content-type')).toBe('application/x-ndjson');
  });

  it('answers 400 without a uri or with a uri that is not mics://', async () => {
    expect((await call(sim, 'GET', '/v1/data_file/data')).status).toBe(400);
    const notMics = await call(sim, 'GET', `/v1/data_file/data?uri=${encodeURIComponent('https://example.com/x.csv')}`);
    expect(notMics.status).toBe(400);
    expect(notMics.json.error).toContain('mics://');
  });

  it('answers 404 for an unknown mics:// uri', async () => {
    const answer = await download('mics://data_file/tenants/1426/nothing.csv');
    expect(answer.status).toBe(404);
    expect(answer.json.error_code).toBe('NOT_FOUND');
  });

  it('requires the token', async () => {
    const documentImport = await createImport(sim);
    const execution = await importFile(documentImport, `${segmentLine()}\n`);
    const answer = await call(sim, 'GET', `/v1/data_file/data?uri=${encodeURIComponent(execution.result.error_file_uri)}`, {
      authorization: null,
    });
    expect(answer.status).toBe(401);
  });
});
