/**
 * Beyond the corpus: the node's line rules and the simulator's agree on the
 * corpus's accepted lines with one field removed or replaced by an arbitrary
 * value, nested fields included. A disagreement is a line one of them lets
 * through and the other refuses: the docs decide which is right, and the
 * corpus gets that line.
 */
import fc from 'fast-check';

import { validateLine } from '../../../nodes/Mediarithmics/bulk/rules/lineRules';
import { DOCUMENTED_LINES } from '../../corpus/documentedLines';
import { lineFailure } from '../../simulator/lineRules';
import type { DocumentType } from '../../simulator/types';

const accepted = DOCUMENTED_LINES.filter((entry) => entry.verdict === 'accept').map((entry) => ({
	documentType: entry.documentType,
	line: typeof entry.line === 'string' ? (JSON.parse(entry.line) as Record<string, unknown>) : entry.line,
}));

const leaf = fc.oneof(
	fc.constantFrom(null, true, false, 0, -1, 1.5, 42, 2 ** 53 + 2, '', ' ', 'x', 'a@b.c', 'UPDATE', 'DELETE', 'UPSERT', '{}', '{"a":1}', '[]', '42', 'USER_ACCOUNT', 'USER_EMAIL', 'USER_AGENT'),
	fc.string({ maxLength: 6 }),
	fc.integer(),
);
const value = fc.oneof(
	{ weight: 5, arbitrary: leaf },
	{ weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
	{ weight: 1, arbitrary: fc.dictionary(fc.constantFrom('$hash', '$email', 'type', 'hash', 'user_account_id', 'x'), leaf, { maxKeys: 2 }) },
);

/** The paths of a line's values, down to fields of nested objects and arrays (an event's $ts, a declaration's hash). */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
	if (value === null || typeof value !== 'object' || prefix.length >= 3) return [];
	return Object.keys(value).flatMap((key) => [[...prefix, key], ...pathsOf((value as Record<string, unknown>)[key], [...prefix, key])]);
}

function changed(line: Record<string, unknown>, path: string[], replacement: unknown, remove: boolean): Record<string, unknown> {
	const copy = JSON.parse(JSON.stringify(line)) as Record<string, unknown>;
	let holder: Record<string, unknown> = copy;
	for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
	const last = path[path.length - 1];
	if (remove && !Array.isArray(holder)) delete holder[last];
	else holder[last] = replacement;
	return copy;
}

test('node and simulator give the same verdict on documented lines with a field changed', () => {
	fc.assert(
		fc.property(fc.nat(), fc.nat(), value, fc.boolean(), fc.constantFrom(undefined, 'extra', '$extra'), (which, where, replacement, remove, addedKey) => {
			const { documentType, line } = accepted[which % accepted.length];
			const paths = pathsOf(line);
			let mutated = changed(line, paths[where % paths.length], replacement, remove);
			if (addedKey !== undefined) mutated = { ...mutated, [addedKey]: replacement };
			const node = validateLine(documentType, mutated);
			const simulator = lineFailure(documentType as DocumentType, mutated);
			if ((node === undefined) !== (simulator === undefined)) {
				throw new Error(`${documentType} ${JSON.stringify(mutated)}: node ${node ?? 'accepts'}; simulator ${simulator ?? 'accepts'}`);
			}
		}),
		{ numRuns: 20_000 },
	);
});
