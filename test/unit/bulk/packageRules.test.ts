/**
 * The bulk folder ships inside a verified community node: no runtime
 * dependencies, no n8n types, and (n8n's no-restricted-imports rule) no Node
 * module but crypto. A quick guard so a stray import fails here, not in the
 * package scanner.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const bulkFolder = join(__dirname, '../../../nodes/Mediarithmics/bulk');

describe('the bulk folder', () => {
	const files = readdirSync(bulkFolder).filter((name) => name.endsWith('.ts'));

	it.each(files)('%s imports only sibling files and crypto', (name) => {
		const source = readFileSync(join(bulkFolder, name), 'utf8');
		const modules = [...source.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((match) => match[1]);
		for (const module of modules) expect(module === 'crypto' || module.startsWith('./')).toBe(true);
	});
});
