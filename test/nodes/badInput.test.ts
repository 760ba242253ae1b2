/**
 * Bad files through the whole node (n8n's context, real HTTP to the
 * simulator): each is either uploaded correctly or refused with an error
 * naming the line and the reason, and then nothing at all is uploaded.
 */
import { fileItem } from './nodeInputs';
import { useSimulator } from './simulatorFixture';

const { sim, createImport, upload, receivedText } = useSimulator();

async function uploadFile(mimeType: 'APPLICATION_X_NDJSON' | 'TEXT_CSV', content: Buffer | string, uploadOptions: Record<string, number> = {}) {
	const importId = await createImport({ mime_type: mimeType });
	return await upload(importId, { inputMode: 'binary', uploadOptions }, [fileItem(content, mimeType === 'TEXT_CSV' ? 'f.csv' : 'f.ndjson', 'application/octet-stream')]);
}

const line = (id: string) => JSON.stringify({ operation: 'UPDATE', user_account_id: id, segment_id: '42', expiration_duration: 0 });
const noExecution = () => expect(sim().state.executions).toHaveLength(0);

test('a CSV file sent to an NDJSON import: line 1 is not JSON, nothing uploaded', async () => {
	await expect(uploadFile('APPLICATION_X_NDJSON', 'operation,user_account_id,segment_id,expiration_duration\nUPDATE,u1,42,0\n')).rejects.toThrow(
		/line 1: .*JSON/,
	);
	noExecution();
});

test('an NDJSON file sent to a CSV import: the header is refused, nothing uploaded', async () => {
	await expect(uploadFile('TEXT_CSV', `${line('u1')}\n`)).rejects.toThrow(/Line 1: /);
	noExecution();
});

test('invalid UTF-8 names the line and the byte, nothing uploaded', async () => {
	const content = Buffer.concat([Buffer.from(`${line('u1')}\n{"operation":"UPDATE","user_account_id":"`), Buffer.from([0xc3, 0x28]), Buffer.from('","segment_id":"42","expiration_duration":0}\n')]);
	await expect(uploadFile('APPLICATION_X_NDJSON', content)).rejects.toThrow(/line 2: .*UTF-8/);
	noExecution();
});

test('a malformed JSON line names its number, nothing uploaded', async () => {
	await expect(uploadFile('APPLICATION_X_NDJSON', `${line('u1')}\n{"operation":"UPDATE",\n`)).rejects.toThrow(/line 2: /);
	noExecution();
});

test('a line larger than Max Part Size is refused, naming the line and sizes', async () => {
	await expect(uploadFile('APPLICATION_X_NDJSON', `${line('u1')}\n${line('x'.repeat(2000))}\n`, { maxPartMegabytes: 0.001 })).rejects.toThrow(/[Ll]ine 2\b/);
	noExecution();
});

test('no trailing newline, CRLF, blank lines and a BOM: uploaded as clean LF lines', async () => {
	await uploadFile('APPLICATION_X_NDJSON', `\uFEFF${line('a')}\r\n\r\n   \n${line('b')}`);
	expect(receivedText()).toEqual([`${line('a')}\n${line('b')}\n`]);
});

test('a CSV with quotes, commas and newlines inside fields reaches the platform intact, and every record is accepted', async () => {
	const csv = 'operation,user_account_id,segment_technical_name,expiration_duration\r\nUPDATE,"a,1","say ""hi""",0\r\nDELETE,"multi\nline id",plain,0\r\n';
	await uploadFile('TEXT_CSV', csv);
	const [execution] = sim().state.executions;
	expect(sim().receivedFile(String(execution.id)).toString('utf8')).toBe(csv.replace(/\r\n/g, '\n'));
	expect(execution.result).toMatchObject({ total_success: 2, total_failure: 0 });
});

test('an empty file is a clear error', async () => {
	await expect(uploadFile('APPLICATION_X_NDJSON', '')).rejects.toThrow(/empty|no line|nothing/i);
	noExecution();
});
