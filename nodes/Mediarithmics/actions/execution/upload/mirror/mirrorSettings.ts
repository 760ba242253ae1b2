/** The Mirror option of Upload, checked: where it applies and its settings (docs/mirror.md). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_GUARD, type GuardOptions } from '../../../../bulk';
import type { ImportTarget } from '../target';

export interface MirrorSettings {
	stateField: string;
	guard: GuardOptions;
}

/**
 * The Mirror settings when the option is on (added to Options, even with its settings left as they
 * are), else undefined: a plain upload, as every workflow saved without the option.
 */
export function mirrorOptionOf(options: IDataObject): IDataObject | undefined {
	if (options.mirror === undefined || options.mirror === null) return undefined;
	return ((options.mirror as IDataObject).settings as IDataObject | undefined) ?? {};
}

export function mirrorSettingsOf(this: IExecuteFunctions, options: IDataObject, target: ImportTarget): MirrorSettings {
	const refuse = (message: string, description: string) => new NodeOperationError(this.getNode(), `Mirror: ${message}`, { description });
	const mirror = mirrorOptionOf(options) ?? {};
	if (this.getNodeParameter('inputMode', 0) !== 'fields' || this.getNodeParameter('lineDocumentType', 0, '') !== 'USER_SEGMENT') {
		throw refuse('a mirror builds its own lines', 'Set Input to Build Lines From Fields and Line Type to User Segment, or remove the Mirror option.');
	}
	if (this.getNodeParameter('target', 0) !== 'existing' || target.documentType !== 'USER_SEGMENT') {
		throw refuse('the mirror needs an existing USER_SEGMENT document import kept for it', 'Create one once with Document Import > Create, then choose it in Upload To.');
	}
	const startLine = this.getNodeParameter('uploadOptions.startFromLine', 0, 1) as unknown;
	if (Number(startLine) !== 1) {
		throw refuse('Start From Input Line must be 1', 'A mirror must see the whole list, or every member before that line would be removed.');
	}
	if (options.invalidLines === 'skip') {
		throw refuse('Invalid Lines must be Stop Before Upload', 'A skipped line would read as a member that left the list, and be removed.');
	}
	const stateField = String(mirror.stateField ?? 'mirrorState').trim();
	if (stateField === '') throw refuse('Sync State Binary Field is empty', 'Name the binary field that holds the state (default mirrorState).');
	const maxRemovalsPercent = Number(mirror.maxRemovalsPercent ?? DEFAULT_GUARD.maxRemovalsPercent);
	if (!Number.isFinite(maxRemovalsPercent) || maxRemovalsPercent < 0 || maxRemovalsPercent > 100) {
		throw refuse(`Max Removals must be between 0 and 100 (%), got ${JSON.stringify(mirror.maxRemovalsPercent)}`, 'Set the share of the members a run may remove, in percent.');
	}
	return { stateField, guard: { maxRemovalsPercent, allowEmptyList: mirror.allowEmptyList === true } };
}
