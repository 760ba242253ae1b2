/**
 * The error of a job that stopped: which part, what is up, where to resume.
 * When every part already has an execution (a check at the input's very end
 * failed after the last part was accepted), it says all parts are up, never
 * "Part N+1 of N", and gives no resume line (running again would import the
 * lines twice).
 */
import { jobFailure } from '../../nodes/Mediarithmics/actions/execution/upload/report/outputItems';
import type { UploadJob } from '../../nodes/Mediarithmics/actions/execution/upload/input/source';

const parts = [1, 15, 29, 43].map((firstLine, index) => ({ index: index + 1, firstLine }));
const job = {
	label: 'file at https://files.example/export.ndjson',
	parts: {
		open: () => {
			throw new Error('not read');
		},
		partStart: (index: number) => parts[index - 1],
		partCount: () => parts.length,
	},
	pairedItem: 0,
} as unknown as UploadJob;
const target = { datamartId: '1509', importId: '777', documentType: 'USER_SEGMENT', mimeType: 'APPLICATION_X_NDJSON' };
const refs = (count: number) => Array.from({ length: count }, (_v, index) => ({ executionId: String(9000 + index + 1) })) as never[];
const changed = new Error('The input changed between the check and the upload (another file).');

describe('jobFailure', () => {
	test('a part that failed is named, with the executions before it and the line to resume from', () => {
		const failure = jobFailure(job, refs(2), target, changed, changed);
		expect(failure.message).toMatch(/^Part 3 of 4 of the file .* was not uploaded: The input changed/);
		expect(failure.description).toMatch(/Parts 1 to 2 were uploaded as executions 9001, 9002 of document import 777\..*To resume, upload again from line 29 of the input \(part 3\): set Start From Input Line to 29 and run the upload again into document import 777\./);
		expect(failure.resumeFromLine).toBe(29);
	});

	test('when every part has an execution: all parts are said uploaded, no part 5 of 4, no resume line', () => {
		const failure = jobFailure(job, refs(4), target, changed, changed);
		expect(failure.message).toMatch(/^All 4 parts of the file .* were uploaded, then the run stopped: The input changed/);
		expect(failure.message).not.toMatch(/Part 5/);
		expect(failure.description).toMatch(/Parts 1 to 4 were uploaded as executions 9001, 9002, 9003, 9004 .*running this input again into this import would import its lines twice/);
		expect(failure.description).not.toMatch(/To resume/);
		expect(failure.resumeFromLine).toBeNull();
	});
});
