/** Where a mirror's list comes from (input items, or the records of a file or a File URL), as mirrorStage.ts uses it. */
import type { MemberTable, SplitOptions } from '../../../../bulk';
import type { UploadJob } from '../input/source';

export interface MirrorList {
	/** The list's members. */
	table: MemberTable;
	/** What the list was read from, for the job's label. */
	label: string;
	/** The UPDATE lines of the first `count` members of `updates` (indices in the table), for a dry run's samples. */
	sampleUpdates(updates: Uint32Array, count: number): Promise<unknown[]>;
	/** One upload sending an UPDATE for every member of `updates`, then the DELETE lines `deletes()` writes (afresh at each call). */
	job(updates: Uint32Array, deletes: () => Iterable<unknown>, splitOptions: SplitOptions): Promise<UploadJob>;
}
