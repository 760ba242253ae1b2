import { readFileSync } from 'fs';
import { join } from 'path';

import { executionOutcome } from '../../../nodes/Mediarithmics/actions/execution/executionOutcome';

describe('executionOutcome', () => {
	test.each([
		[{ status: 'SUCCEEDED', result: { total_success: 4, total_failure: 0 } }, 'succeeded'],
		[{ status: 'SUCCESS', result: { total_success: 4, total_failure: 0 } }, 'succeeded'],
		[{ status: 'SUCCEEDED', result: { total_success: 0, total_failure: 4 } }, 'succeededWithErrors'],
		[{ status: 'FAILED', result: null }, 'failed'],
		[{ status: 'LOST', result: null }, 'failed'],
		[{ status: 'EXECUTOR_NOT_RESPONDING', result: null }, 'failed'],
		[{ status: 'CANCELED', result: null }, 'canceled'],
		[{ status: 'RUNNING', result: null }, undefined],
		[{ status: 'PENDING', result: null }, undefined],
	])('%j is %s', (execution, outcome) => {
		expect(executionOutcome(execution)).toBe(outcome);
	});
});

test('the trigger state logic is pure: it imports nothing', () => {
	const source = readFileSync(join(__dirname, '../../../nodes/Mediarithmics/trigger/finishedExecutions.ts'), 'utf8');
	expect(source).not.toMatch(/^\s*import\s/m);
	expect(source).not.toMatch(/Date\.now|new Date/);
});
