/**
 * A mirror's list from the records of a binary file or of the file at a File URL (a CRM export):
 * read in passes as the record upload reads it (input/recordsFromFile.ts), never held. The list
 * pass keeps only the member table (and checks every line, naming the file's line); the lines to
 * send are written again from a later read: the UPDATE of each member of the difference at its row,
 * then the DELETE lines. Every read after the first is checked to be of the same file.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	BulkInputError,
	encodeIdentifier,
	findMember,
	ListBuilder,
	membersOfLine,
	planRecordParts,
	readRecordParts,
	segmentText,
	updateLine,
	type MemberTable,
	type RecordFormat,
	type SplitOptions,
} from '../../../../bulk';
import { RecordMapper } from '../lines/mapping/recordMapping';
import { binarySource, type BinarySource } from '../input/binaryFile';
import { MappedRecordInput } from '../input/recordInput';
import { plannedParts, refuseInvalidLines, streamClassOf } from '../input/source';
import { urlBinarySource } from '../input/urlFile';
import type { MirrorList } from './mirrorList';
import { MirrorRecordInput, type RecordLineVisitor } from './mirrorRecordInput';

export async function fileRecordsList(this: IExecuteFunctions, items: INodeExecutionData[], splitOptions: SplitOptions): Promise<MirrorList> {
	if (items.length !== 1) {
		throw new NodeOperationError(this.getNode(), `Mirror: the list is one file, but the node got ${items.length} input items`, {
			description: 'Give the node one item holding the file (or File URL) and, from the second run on, the state in its binary field (e.g. Merge by position).',
		});
	}
	const options: SplitOptions = { ...splitOptions, invalidLines: 'stop' };
	const format = this.getNodeParameter('recordsFormat', 0, 'csv') as RecordFormat;
	const source: BinarySource =
		this.getNodeParameter('recordsFrom', 0, 'binaryFile') === 'url'
			? urlBinarySource.call(this, 0)
			: await binarySource.call(this, items[0], 0, this.getNodeParameter('recordsBinaryPropertyName', 0, 'data') as string);
	// One mapper for every read: a value evaluated once is the same in each.
	const mapper = new RecordMapper(this);
	// A later read maps only the rows holding a member to send: the others are scanned past, unmapped.
	const read = async (updates: Uint32Array, tail?: () => Iterable<unknown>) => {
		const wanted = rowsAmong(Uint32Array.from(updates, (index) => table.row[index]).sort());
		const inner = new MappedRecordInput(await source.open(), format, mapper, options.maxPartBytes, options.format === 'ndjson', true, 1, true, wanted);
		return new MirrorRecordInput(inner, updatesOf(table, updates), false, tail, wanted);
	};

	const builder = new ListBuilder();
	const first = await source.open();
	const listPass = new MirrorRecordInput(
		new MappedRecordInput(first, format, mapper, options.maxPartBytes, options.format === 'ndjson', true),
		(line, record) => builder.addLine(line, record.line, record.line),
		true,
	);
	let failure: unknown;
	try {
		refuseInvalidLines(await planRecordParts(listPass, options), { dryRun: false });
	} catch (error) {
		failure = error;
	}
	// A file without a record (the header alone) is an empty list, which the guard judges (Allow Empty List).
	const emptyList = builder.rows === 0 && failure instanceof BulkInputError && failure.lines === undefined;
	if (failure !== undefined && !emptyList) throw failure;
	const { table } = builder.finish();
	const label = `mirror of file "${source.fileName}"`;
	// The part's body streams as a Readable when n8n's store hands out one (see send/partBody.ts); else it is one buffer, written as such.
	const streamClass = streamClassOf(first);
	return {
		table,
		label,
		async sampleUpdates(updates, count) {
			const samples: unknown[] = [];
			if (count === 0 || updates.length === 0) return samples;
			const input = await read(updates);
			try {
				while (samples.length < count && (await input.next((record) => void (samples.length < count && samples.push(record.value)))));
			} finally {
				await input.close();
			}
			return samples;
		},
		async job(updates, deletes) {
			const plan = refuseInvalidLines(await planRecordParts(await read(updates, deletes), options), { dryRun: false });
			return {
				label,
				plan,
				pairedItem: 0,
				parts: plannedParts(
					plan,
					async function* (fromPart) {
						yield* readRecordParts(await read(updates, deletes), plan, { ...options, fromPart, wholeParts: streamClass === undefined });
					},
					streamClass,
				),
			};
		},
	};
}

/**
 * Emits the UPDATE of each member of `updates` at the row the list took it from (the later of two
 * rows naming it), once. A fresh visitor for each read.
 */
function updatesOf(table: MemberTable, updates: Uint32Array): RecordLineVisitor {
	const pending = new Uint8Array(table.count);
	for (const index of updates) pending[index] = 1;
	return (line, record, emit) => {
		const members = membersOfLine(line, record.line);
		if (members === undefined) return;
		for (const key of members.keys) {
			const index = findMember(table, encodeIdentifier(key), segmentText(key.segmentBy, key.segment));
			if (index < 0 || pending[index] === 0 || table.row[index] !== record.line) continue;
			pending[index] = 0;
			emit(updateLine(key, members.rest));
		}
	};
}

/** Whether a line is one of `rows` (ascending), asked with lines that never go down: one walk for a read. */
function rowsAmong(rows: Uint32Array): (line: number) => boolean {
	let at = 0;
	return (line) => {
		while (at < rows.length && rows[at] < line) at++;
		return at < rows.length && rows[at] === line;
	};
}
