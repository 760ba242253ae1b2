/** The current list: the members of every list line, as a MemberTable (memberTable.ts). */
import { encodeIdentifier, membersOfLine, segmentText } from './memberKey';
import { TableBuilder, type MemberTable } from './memberTable';

export class ListBuilder {
	private readonly builder = new TableBuilder();
	/** Rows flagged for removal (DELETE lines): not in the list. */
	leftOut = 0;
	rows = 0;

	/** Adds the members of one row's line; `row` is its 0-based index, `lineNumber` its number in errors. */
	addLine(line: Record<string, unknown>, row: number, lineNumber = row + 1): void {
		this.rows++;
		const members = membersOfLine(line, lineNumber);
		if (members === undefined) {
			this.leftOut++;
			return;
		}
		for (const key of members.keys) this.builder.add(encodeIdentifier(key), segmentText(key.segmentBy, key.segment), members.lineDigest, 0, row);
	}

	finish(): { table: MemberTable; duplicates: number } {
		const table = this.builder.finish();
		return { table, duplicates: this.builder.duplicates };
	}
}
