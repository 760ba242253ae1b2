/**
 * For the rulesChange tests of the fast checks: checkLine loaded in a fresh
 * module registry whose line rules also give `stricter`'s reasons, as a
 * stricter reading of the docs would, with that stricter validateLine.
 */
type Rules = typeof import('../../../nodes/Mediarithmics/bulk/rules/lineRules');
type CheckLine = typeof import('../../../nodes/Mediarithmics/bulk/rules/checkLine');

export function withStricterRules(stricter: (line: Record<string, unknown>) => string | undefined): {
	checkNdjsonLine: CheckLine['checkNdjsonLine'];
	strictValidate: Rules['validateLine'];
} {
	let loaded: ReturnType<typeof withStricterRules> | undefined;
	jest.isolateModules(() => {
		const actual = jest.requireActual<Rules>('../../../nodes/Mediarithmics/bulk/rules/lineRules');
		const strictValidate: Rules['validateLine'] = (documentType, value) => actual.validateLine(documentType, value) ?? stricter(value as Record<string, unknown>);
		jest.doMock('../../../nodes/Mediarithmics/bulk/rules/lineRules', () => ({ ...actual, validateLine: strictValidate }));
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		loaded = { checkNdjsonLine: (require('../../../nodes/Mediarithmics/bulk/rules/checkLine') as CheckLine).checkNdjsonLine, strictValidate };
	});
	return loaded!;
}
