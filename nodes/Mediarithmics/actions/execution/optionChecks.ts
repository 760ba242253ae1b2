import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { DEFAULT_WAIT_OPTIONS, type WaitOptions } from './waitForExecutions';

/*
 * Options are checked when the operation starts, before any request: an
 * expression may give NaN, a negative number or text, which the editor's
 * limits never see, and a bad option found after an upload would leave the
 * parts up and the run failed.
 */

function optionError(node: INode, message: string, description: string): NodeOperationError {
	return new NodeOperationError(node, message, { description: `${description} Nothing was sent.` });
}

/** A number option as given (a number, or a number written as text by an expression); undefined when not set. */
function numberOption(node: INode, options: IDataObject, name: string, label: string, unit: string, least: { value: number; inclusive: boolean }): number | undefined {
	const given = options[name];
	if (given === undefined || given === null || given === '') return undefined;
	const value = typeof given === 'string' ? Number(given.trim()) : given;
	const bound = `${least.inclusive ? 'at least' : 'more than'} ${least.value}`;
	if (typeof value !== 'number' || !Number.isFinite(value) || (least.inclusive ? value < least.value : value <= least.value)) {
		throw optionError(node, `${label} must be a number of ${unit} ${bound}, got ${JSON.stringify(given)}`, `Set ${label} to a number (${unit}), or check the expression that gives it.`);
	}
	return value;
}

/** A yes/no option as given (a boolean, or "true"/"false" from an expression); undefined when not set. */
function booleanOption(node: INode, options: IDataObject, name: string, label: string): boolean | undefined {
	const given = options[name];
	if (given === undefined || given === null || given === '') return undefined;
	if (typeof given === 'boolean') return given;
	if (given === 'true' || given === 'false') return given === 'true';
	throw optionError(node, `${label} must be true or false, got ${JSON.stringify(given)}`, `Switch ${label} on or off, or check the expression that gives it.`);
}

/** Wait for Completion's options (the operation's, or Upload's when it waits), checked. */
export function checkedWaitOptions(node: INode, options: IDataObject): WaitOptions {
	return {
		pollIntervalSeconds:
			numberOption(node, options, 'pollIntervalSeconds', 'Poll Interval', 'seconds', { value: 0.05, inclusive: true }) ?? DEFAULT_WAIT_OPTIONS.pollIntervalSeconds,
		timeoutSeconds: numberOption(node, options, 'timeoutSeconds', 'Timeout', 'seconds', { value: 0, inclusive: false }) ?? DEFAULT_WAIT_OPTIONS.timeoutSeconds,
		failOnLineErrors: booleanOption(node, options, 'failOnLineErrors', 'Fail on Line Errors') ?? DEFAULT_WAIT_OPTIONS.failOnLineErrors,
	};
}

const MB = 1000 * 1000;

/**
 * Upload's Options, checked, with numbers and yes/no values in their own
 * types. Start From Input Line is read per input item and checked with the
 * plan of each, still before anything is created or sent.
 */
export function checkedUploadOptions(node: INode, options: IDataObject): IDataObject {
	const checked: IDataObject = { ...options };
	for (const [name, label] of [
		['csvHasHeader', 'CSV Has Header'],
		['dryRun', 'Dry Run'],
		['validate', 'Validate Lines'],
		['waitForCompletion', 'Wait for Completion'],
	] as const) {
		const value = booleanOption(node, options, name, label);
		if (value === undefined) delete checked[name];
		else checked[name] = value;
	}
	if (options.invalidLines !== undefined && options.invalidLines !== 'stop' && options.invalidLines !== 'skip') {
		throw optionError(node, `Invalid Lines must be "stop" or "skip", got ${JSON.stringify(options.invalidLines)}`, 'Choose Stop Before Upload or Skip and Report.');
	}
	const maxPart = numberOption(node, options, 'maxPartMegabytes', 'Max Part Size', 'MB', { value: 0, inclusive: false });
	if (maxPart !== undefined && Math.floor(maxPart * MB) < 2) {
		throw optionError(node, `Max Part Size must be at least 0.000002 MB (2 bytes), got ${JSON.stringify(options.maxPartMegabytes)} MB`, 'Set Max Part Size in MB (1 MB = 1,000,000 bytes); the platform advises at most 100.');
	}
	if (maxPart === undefined) delete checked.maxPartMegabytes;
	else checked.maxPartMegabytes = maxPart;
	if (checked.waitForCompletion === true) Object.assign(checked, checkedWaitOptions(node, options));
	return checked;
}
