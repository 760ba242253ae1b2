// The parts of n8n's verification guidelines for community nodes that can be
// checked offline, on a package folder: the source checkout (after a build), or
// the unpacked tarball `npm pack` makes. The lint rules of
// @n8n/scan-community-package (restricted globals among them) are run by
// scripts/scan-package.mjs; this adds what its rules let through or do not look
// at: an import in dist/ of a module that is only a dev dependency (its rule
// allows those), the licence text, the repository matching the package name,
// strict mode, and n8n's default lint configuration in a source checkout.
//   node scripts/check-guidelines.mjs <package-dir>     prints the problems, exits 1 if any
import { existsSync, readdirSync, readFileSync } from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';

import ts from 'typescript';

/** What n8n Cloud lets a community node import (@n8n/community-nodes/no-restricted-imports). */
export const ALLOWED_IMPORTS = ['n8n-workflow', 'lodash', 'moment', 'p-limit', 'luxon', 'zod', 'crypto', 'node:crypto'];
/** npm lifecycle scripts that would run on the n8n host at install (no-forbidden-lifecycle-scripts). */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare', 'prepublish'];
const HERE = path.dirname(fileURLToPath(import.meta.url));

const filesUnder = (dir) =>
	existsSync(dir)
		? readdirSync(dir, { withFileTypes: true, recursive: true })
				.filter((entry) => entry.isFile())
				.map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
		: [];
const isEmpty = (value) => value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);
const moduleName = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/** The modules a compiled file imports or requires, as written. */
export const importsOf = (source) =>
	ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);

/** Every problem found in the package folder `dir`, as sentences; [] when it passes. */
export function checkPackage(dir) {
	const problems = [];
	const problem = (message) => problems.push(message);
	const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const { name = '', n8n } = manifest;

	if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?n8n-nodes-[a-z0-9-._~]+$/.test(name)) problem(`the name "${name}" is not n8n-nodes-<name> or @<scope>/n8n-nodes-<name>`);
	if (!manifest.keywords?.includes('n8n-community-node-package')) problem('the keyword "n8n-community-node-package" is missing');
	if (manifest.license !== 'MIT') problem(`the licence is "${manifest.license}", not MIT`);
	const licence = ['LICENSE', 'LICENSE.md'].map((file) => path.join(dir, file)).find(existsSync);
	if (!licence || !/^\s*(The )?MIT License/i.test(readFileSync(licence, 'utf8'))) problem('no LICENSE file with the MIT licence text');

	for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies', 'overrides'])
		if (!isEmpty(manifest[field])) problem(`"${field}" must be empty: a community node has no runtime dependencies (${JSON.stringify(manifest[field])})`);
	const peers = Object.keys(manifest.peerDependencies ?? {});
	if (peers.join() !== 'n8n-workflow') problem(`peerDependencies must be n8n-workflow alone (found: ${peers.join(', ') || 'none'})`);

	const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
	const repoName = /^(git\+)?https:\/\/github\.com\/[\w.-]+\/([\w.-]+?)(\.git)?$/.exec(repository ?? '')?.[2];
	if (repoName !== name.replace(/^@[^/]+\//, '')) problem(`"repository" must be the public GitHub repository named like the package (found: ${repository ?? 'none'})`);
	if (!manifest.homepage) problem('"homepage" is missing');

	if (n8n?.n8nNodesApiVersion !== 1) problem('the n8n section must say "n8nNodesApiVersion": 1');
	if (n8n?.strict !== true) problem('the n8n section must say "strict": true');
	const listed = [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])];
	if (!n8n?.nodes?.length) problem('the n8n section lists no node');
	for (const file of listed) if (!existsSync(path.join(dir, file))) problem(`the n8n section names ${file}, which is not in the package (run the build first)`);
	for (const file of filesUnder(path.join(dir, 'dist')).map((file) => path.relative(dir, file).split(path.sep).join('/')))
		if (/\.(node|credentials)\.js$/.test(file) && !listed.includes(file)) problem(`${file} is built but not listed in the n8n section`);

	if (!Array.isArray(manifest.files) || !manifest.files.includes('dist')) problem('"files" must list dist (and only what n8n loads)');
	for (const entry of manifest.files ?? []) if (!entry.startsWith('!') && !/^(dist|LICENSE(\.md)?|README\.md)$/.test(entry)) problem(`"files" ships "${entry}": only dist/ and the licence belong in the package`);

	const scripts = manifest.scripts ?? {};
	for (const script of INSTALL_SCRIPTS) if (scripts[script]) problem(`the "${script}" script would run on the n8n host at install: remove it`);
	if (scripts.prepublishOnly !== 'n8n-node prerelease') problem('"prepublishOnly" must be "n8n-node prerelease" (a plain npm publish has no provenance)');
	if (!scripts.release) problem('there is no "release" script');

	for (const file of filesUnder(path.join(dir, 'dist')).filter((file) => file.endsWith('.js'))) {
		for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
			const where = path.relative(dir, file);
			if (specifier.startsWith('.')) {
				if (path.relative(path.join(dir, 'dist'), path.resolve(path.dirname(file), specifier)).startsWith('..')) problem(`${where} imports ${specifier}, outside dist/`);
			} else if (!ALLOWED_IMPORTS.includes(moduleName(specifier))) {
				problem(`${where} imports "${specifier}": n8n allows only ${ALLOWED_IMPORTS.join(', ')} and relative files`);
			}
		}
	}

	// Strict mode (`n8n-node lint`): the lint configuration is n8n's default one, unchanged.
	const eslintConfig = path.join(dir, 'eslint.config.mjs');
	if (existsSync(path.join(dir, 'nodes')) || existsSync(eslintConfig)) {
		const template = path.join(HERE, '..', 'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs');
		const normal = (file) => readFileSync(file, 'utf8').replace(/\s+/g, ' ').trim();
		if (!existsSync(eslintConfig) || normal(eslintConfig) !== normal(template)) problem('eslint.config.mjs is not @n8n/node-cli\'s default one, which "strict": true requires');
	}
	return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const dir = process.argv[2];
	if (!dir) {
		console.error('Usage: node scripts/check-guidelines.mjs <package-dir>');
		process.exit(2);
	}
	const problems = checkPackage(path.resolve(dir));
	for (const message of problems) console.error(`guidelines: ${message}`);
	if (problems.length === 0) console.log(`guidelines: ${path.resolve(dir)} passes the offline checks`);
	process.exit(problems.length === 0 ? 0 : 1);
}
