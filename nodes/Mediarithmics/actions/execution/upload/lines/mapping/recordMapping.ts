import type { IExecuteFunctions, IGetNodeParameterOptions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FileRecord } from '../../../../../bulk';
import { buildLine, lineFieldProperties } from '../lineFields';
import { compileMapping, EVALUATE, type ItemMapping } from './simpleMapping';

/**
 * Build Lines From Fields over the records of a file (Records From = Binary
 * File): the same parameters, read raw once and applied to each record as
 * n8n would apply them to an item whose JSON is the record. A record is
 * never an n8n item, so n8n cannot evaluate an expression for it: the
 * mappings the editor writes (a dragged `{{ $json.column }}`, text around
 * it, a constant; ./simpleMapping.ts) are resolved by path; an expression
 * that reads nothing of the item (e.g. `{{ $now.toMillis() }}`) is evaluated
 * once by n8n; any other is refused with what to write instead.
 */

/** The mapping cannot be applied to file records at all: a setup error, raised before anything is sent. */
export class RecordMappingError extends NodeOperationError {}

/** Expressions that read the item (or other items): they have no meaning for a file record. */
const READS_ITEM = /\$json|\$input|\$item|\$binary|\$\(|\$node|\bitem\b/;
/** `$json.column`, `$json["column"]` or `$json['column']`: the columns a mapping reads. */
const COLUMN_REFERENCE = /\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\])/g;
/** Parameters whose value is a field name, read from the record by name. */
const FIELD_NAME_PARAMETERS = new Set(['removeWhenField']);

/** What constantOf answers for a parameter whose value depends on the record. */
export const VARIES: unique symbol = Symbol('varies with the record');

type GetNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions) => unknown;

export class RecordMapper {
	private current: Record<string, unknown> = {};
	private columns: readonly string[] | undefined;
	private readonly mappings = new Map<string, ItemMapping>();
	private readonly raws = new Map<string, unknown>();
	private readonly context: IExecuteFunctions;
	private readonly raw: GetNodeParameter;

	constructor(private readonly base: IExecuteFunctions) {
		this.raw = base.getNodeParameter.bind(base) as GetNodeParameter;
		const getNodeParameter: GetNodeParameter = (name, _itemIndex, fallback, options) => {
			if (options !== undefined) return this.raw(name, 0, fallback, options);
			const value = this.mappingOf(name, fallback)(this.current);
			if (value === EVALUATE) {
				throw new RecordMappingError(base.getNode(), `${labelOf(name)} cannot be read from a record of the file without n8n's evaluation`, {
					description: 'Map it to a column, e.g. {{ $json.email }}, or give a constant.',
				});
			}
			return value;
		};
		// Code that reads the item itself (a field named by a parameter) reads the record.
		const getInputData = () => [{ json: this.current }];
		this.context = Object.create(base, { getNodeParameter: { value: getNodeParameter }, getInputData: { value: getInputData } }) as IExecuteFunctions;
	}

	/** The line of one record, or why it has none. `columns`: the CSV header, to check the mapping against. */
	map(record: FileRecord, columns: readonly string[] | undefined): { line: number; value?: unknown; problem?: string } {
		if (record.problem !== undefined || record.fields === undefined) return { line: record.line, problem: record.problem ?? 'no fields' };
		this.columns = columns;
		this.current = record.fields;
		let failure: unknown;
		try {
			return { line: record.line, value: buildLine.call(this.context, 0) };
		} catch (error) {
			failure = error;
		}
		// A record that cannot be mapped is an invalid line; a mapping that cannot be applied stops everything.
		if (failure instanceof RecordMappingError || !(failure instanceof NodeOperationError)) throw failure;
		// buildLine names "item 1": here it is the record, whose line the plan names.
		return { line: record.line, problem: failure.message.replace(/\b[Ii]tem 1\b/g, 'the record') };
	}

	/** The CSV header, to check the mappings against as they are compiled (map() sets it too). */
	useColumns(columns: readonly string[] | undefined): void {
		this.columns = columns;
	}

	/** The parameter's raw value (expressions unresolved), read once. */
	rawOf(name: string, fallback: unknown): unknown {
		if (!this.raws.has(name)) this.raws.set(name, this.raw(name, 0, fallback, { rawExpressions: true }));
		return this.raws.get(name);
	}

	/** The parameter's value when it reads nothing of the record (a constant, or an expression n8n evaluates once); VARIES otherwise. */
	constantOf(name: string, fallback?: unknown): unknown {
		const raw = this.rawOf(name, fallback);
		if (expressionsOf(raw).some((expression) => READS_ITEM.test(expression))) return VARIES;
		const value = this.mappingOf(name, fallback)({});
		return value === EVALUATE ? VARIES : value;
	}

	/** By name: buildLine reads a parameter always with the same fallback. */
	private mappingOf(name: string, fallback: unknown): ItemMapping {
		let mapping = this.mappings.get(name);
		if (mapping === undefined) {
			mapping = this.compile(name, fallback);
			this.mappings.set(name, mapping);
		}
		return mapping;
	}

	private compile(name: string, fallback: unknown): ItemMapping {
		const raw = this.rawOf(name, fallback);
		const compiled = compileMapping(raw);
		if (compiled) {
			this.checkColumns(name, raw);
			return compiled;
		}
		if (!expressionsOf(raw).some((expression) => READS_ITEM.test(expression))) {
			// Nothing of the item is read: one evaluation holds for every record.
			const value = this.raw(name, 0, fallback);
			return () => value;
		}
		throw new RecordMappingError(this.base.getNode(), `${labelOf(name)} is an expression that cannot be applied to the records of a file: ${String(JSON.stringify(raw)).slice(0, 200)}`, {
			description:
				'With Records From = Binary File, each record is read from the file, not made an n8n item, so n8n cannot evaluate an expression for it. Map a parameter by dragging a column in (it writes {{ $json.email }}), with text around it (newsletter_{{ $json.tier }}), or give a constant. For a computed value, read the records as items first (Extract From File), then Records From = Input Items.',
		});
	}

	/** An unknown column named in the mapping is a setup error, found with the first record. */
	private checkColumns(name: string, raw: unknown): void {
		const columns = this.columns;
		if (columns === undefined) return;
		const referenced =
			FIELD_NAME_PARAMETERS.has(name) && typeof raw === 'string'
				? [raw.trim()].filter(Boolean)
				: expressionsOf(raw).flatMap((expression) => [...expression.matchAll(COLUMN_REFERENCE)].map((match) => match[1] ?? match[2] ?? match[3]));
		for (const column of referenced) {
			if (columns.includes(column)) continue;
			throw new RecordMappingError(this.base.getNode(), `${labelOf(name)} reads the column "${column}", which the CSV file's header (line 1) does not name`, {
				description: `The header names: ${columns.join(', ')}. Correct the mapping, or the file's header line (names are matched exactly, case included).`,
			});
		}
	}
}

/** The expressions (strings starting with "=") in a raw parameter value, collections and lists included. */
function expressionsOf(raw: unknown): string[] {
	if (typeof raw === 'string') return raw.startsWith('=') ? [raw] : [];
	if (typeof raw !== 'object' || raw === null) return [];
	return Object.values(raw).flatMap(expressionsOf);
}

/** "Parameter Identifier" for the parameter `identifier`. */
function labelOf(name: string): string {
	const find = (properties: INodeProperties[]): string | undefined => properties.find((property) => property.name === name)?.displayName;
	return `Parameter "${find(lineFieldProperties) ?? name}"`;
}
