/**
 * Build Lines From Fields without n8n's process or HTTP: the crm-rows
 * example's mappings over N CRM-like rows, through n8n-core's ExecuteContext
 * (as in test/nodes) with the fast mappings, then encoded into parts as the
 * upload does. `npx ts-node --transpile-only bench/profile/fieldLines.ts 100000`
 * (add `node --cpu-prof -r ts-node/register/transpile-only` to profile).
 */
import { readFileSync } from 'fs';
import path from 'path';

import Module from 'module';

import type * as Harness from '../../test/nodes/harness';
import type * as Bulk from '../../nodes/Mediarithmics/bulk';
import type * as LineFields from '../../nodes/Mediarithmics/actions/execution/upload/lines/lineFields';
import type * as FastParameters from '../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/fastParameters';

// Outside jest, Node resolves `Mediarithmics.node` to the .node.json beside the .ts: point it at the code.
const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
	return resolve.call(this, request.endsWith('Mediarithmics.node') ? `${request}.ts` : request, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports */
const { executeContext } = require('../../test/nodes/harness') as typeof Harness;
const { encodeItemParts } = require('../../nodes/Mediarithmics/bulk') as typeof Bulk;
const { buildLine } = require('../../nodes/Mediarithmics/actions/execution/upload/lines/lineFields') as typeof LineFields;
const { withFastParameters } = require('../../nodes/Mediarithmics/actions/execution/upload/lines/mapping/fastParameters') as typeof FastParameters;
const { itemValues } = require('../baselines/crmRows.cjs') as { itemValues: (kind: 'fields', count: number) => object[] };
/* eslint-enable @typescript-eslint/no-require-imports */

async function main(): Promise<void> {
	const count = Number(process.argv[2] ?? 100_000);
	const example = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', 'workflows', 'crm-rows-to-segment.json'), 'utf8'));
	const parameters = example.nodes.find((node: { name: string }) => node.name === 'Upload segment commands').parameters;
	const rows = itemValues('fields', count);
	for (let round = 1; round <= 3; round++) {
		const { context, items } = executeContext({ url: 'http://127.0.0.1:9', token: 'unused' }, { parameters, items: rows as never });
		const start = process.hrtime.bigint();
		const fast = withFastParameters(context, items);
		const lines = items.map((_item, itemIndex) => buildLine.call(fast, itemIndex));
		const built = process.hrtime.bigint();
		const { plan } = await encodeItemParts(lines, { maxPartBytes: 100e6, documentType: 'USER_SEGMENT', format: 'ndjson', validate: true, invalidLines: 'stop', maxReportedErrors: 20 });
		const encoded = process.hrtime.bigint();
		const ms = (from: bigint, to: bigint) => (Number(to - from) / 1e6).toFixed(0);
		console.log(`round ${round}: ${count} rows, build lines ${ms(start, built)} ms, encode and check ${ms(built, encoded)} ms, ${plan.parts.length} part(s)`);
	}
}

void main();
