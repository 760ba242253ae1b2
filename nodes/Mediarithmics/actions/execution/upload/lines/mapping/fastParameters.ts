import type { IExecuteFunctions, IGetNodeParameterOptions, INodeExecutionData } from 'n8n-workflow';

import { fieldValue } from './fieldValue';
import { compileMapping, EVALUATE, type ItemMapping } from './simpleMapping';

/**
 * The node's context, with getNodeParameter answered from compiled mappings
 * (./simpleMapping.ts) where the parameter's raw value has a simple form:
 * each parameter is read raw once, and resolved per item by a path lookup on
 * the item's JSON (what n8n's `$json` is). Any other parameter, item or
 * option goes to n8n's getNodeParameter, unchanged. Everything else of the
 * context is the context itself.
 */
export function withFastParameters(context: IExecuteFunctions, items: INodeExecutionData[]): IExecuteFunctions {
	// The raw values, as getNodeParameter reads them (lodash `get` on the node's parameters) before resolving.
	const parameters = context.getNode().parameters;
	// Per parameter name: its mapping, null when n8n must evaluate it, ABSENT when the node has no such parameter.
	const mappings = new Map<string, ItemMapping | null | typeof ABSENT>();
	const evaluate = context.getNodeParameter.bind(context) as (name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions) => unknown;
	const mappingOf = (name: string, fallback: unknown): ItemMapping | undefined => {
		let mapping = mappings.get(name);
		if (mapping === undefined) {
			const raw = fieldValue(parameters, name);
			mapping = raw === undefined ? ABSENT : (compileMapping(raw) ?? null);
			mappings.set(name, mapping);
		}
		// Absent: n8n resolves the fallback instead (and throws without one).
		if (mapping === ABSENT) return fallback === undefined ? undefined : compileMapping(fallback);
		return mapping ?? undefined;
	};
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions): unknown => {
		const item = items[itemIndex];
		if (options === undefined && item !== undefined) {
			const mapping = mappingOf(name, fallback);
			if (mapping) {
				const value = mapping(item.json);
				if (value !== EVALUATE) return value;
			}
		}
		return evaluate(name, itemIndex, fallback, options);
	};
	return Object.create(context, { getNodeParameter: { value: getNodeParameter } }) as IExecuteFunctions;
}

const ABSENT = Symbol('absent');
