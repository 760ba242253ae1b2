/** A mirror's list from input items: each item one row, its line built as Build Lines From Fields builds it. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { encodeItemParts, ListBuilder, memberKeyAt, membersOfLine, updateLine, type SplitOptions } from '../../../../bulk';
import { buildLine } from '../lines/lineFields';
import { withFastParameters } from '../lines/mapping/fastParameters';
import { plannedParts, refuseInvalidLines } from '../input/source';
import type { MirrorList } from './mirrorList';

export function itemsList(this: IExecuteFunctions, items: INodeExecutionData[]): MirrorList {
	const mapped = withFastParameters(this, items);
	const builder = new ListBuilder();
	// The items are in memory anyway: the rest of each row's line is kept for its UPDATE.
	const rests = items.map((_item, row) => {
		const line = buildLine.call(mapped, row) as Record<string, unknown>;
		builder.addLine(line, row);
		return membersOfLine(line, row + 1)?.rest;
	});
	const { table } = builder.finish();
	const updateAt = (index: number) => updateLine(memberKeyAt(table, index), rests[table.row[index]] ?? {});
	return {
		table,
		label: `mirror of ${items.length} items`,
		sampleUpdates: async (updates, count) => Array.from(updates.subarray(0, count), updateAt),
		async job(updates, deletes, splitOptions: SplitOptions) {
			const { plan, parts } = await encodeItemParts([...Array.from(updates, updateAt), ...deletes()], { ...splitOptions, invalidLines: 'stop' });
			refuseInvalidLines(plan, { dryRun: false });
			return {
				label: `mirror of ${items.length} items`,
				plan,
				pairedItem: 0,
				parts: plannedParts(plan, async function* (fromPart) {
					yield* parts.slice(fromPart - 1);
				}),
			};
		},
	};
}
