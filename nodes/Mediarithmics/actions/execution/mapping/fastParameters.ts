import type { IExecuteFunctions, IGetNodeParameterOptions, INodeExecutionData } from 'n8n-workflow';

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
	const mappings = new Map<string, ItemMapping | null>();
	const evaluate = context.getNodeParameter.bind(context) as (name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions) => unknown;
	const mappingOf = (name: string, fallback: unknown): ItemMapping | null => {
		const key = `${name}\u0000${fallback === undefined ? '' : JSON.stringify(fallback)}`;
		let mapping = mappings.get(key);
		if (mapping === undefined) {
			// As getNodeParameter reads it (the fallback when the parameter is absent), before any resolution.
			// An absent parameter without fallback throws here exactly as getNodeParameter would.
			mapping = compileMapping(evaluate(name, 0, fallback, { rawExpressions: true })) ?? null;
			mappings.set(key, mapping);
		}
		return mapping;
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
