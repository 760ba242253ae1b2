/**
 * What `npm pack` ships: only dist/, the README, the licence and package.json,
 * with the files the `n8n` section names; the shipped package passes the lint
 * rules of @n8n/scan-community-package (run offline on the unpacked tarball and
 * the sources, see scripts/scan-package.mjs) and n8n's verification guidelines
 * that can be checked offline (scripts/check-guidelines.mjs). Each check is
 * shown to fail on a package that breaks it.
 */
import { execFile } from 'child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { packPackage } from './n8n';

jest.setTimeout(5 * 60 * 1000);

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
let workDir: string;
let unpacked: string;
let entries: string[];

beforeAll(async () => {
	workDir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-package-'));
	const tarball = await packPackage(workDir);
	entries = (await run('tar', ['-tzf', tarball])).stdout.trim().split('\n').map((entry) => entry.replace(/^package\//, ''));
	unpacked = path.join(workDir, 'unpacked');
	mkdirSync(unpacked);
	await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
});

afterAll(() => {
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// Without jest's NODE_ENV=test: eslint-plugin-n8n-nodes-base then applies its node rules to every file, as in its own tests.
const scanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV'));
const scan = async (packageDir: string, sourceDir?: string) =>
	await run('node', [path.join(REPO, 'scripts', 'scan-package.mjs'), packageDir, ...(sourceDir ? [sourceDir] : [])], { cwd: REPO, env: scanEnv }).then(
		({ stdout }) => JSON.parse(stdout) as { passed: boolean },
		(error: { stdout: string }) => JSON.parse(error.stdout) as { passed: boolean; results: object },
	);

test('the tarball holds only dist/, README.md, LICENSE and package.json', () => {
	const outside = entries.filter((entry) => !entry.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(entry));
	expect(outside).toEqual([]);
	expect(entries).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
	expect(entries.filter((entry) => /tsbuildinfo|\/test\/|simulator/.test(entry))).toEqual([]);
});

test('every file the n8n section of package.json names is in the tarball', () => {
	const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { main: string; n8n: { nodes: string[]; credentials: string[] } };
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials, manifest.main]) expect(entries).toContain(file);
});

test('the shipped package and its sources pass the lint rules of @n8n/scan-community-package', async () => {
	const result = await scan(unpacked, REPO);
	expect(result).toEqual(expect.objectContaining({ passed: true }));
});

test.each([
	['a console.log in the node', 'console.log("debug");'],
	['a restricted global in the node (setTimeout: n8n Cloud wants sleep from n8n-workflow)', 'setTimeout(() => undefined, 1);'],
	['an import n8n Cloud does not allow (fs)', 'require("fs");'],
])('the scan fails a package that breaks its rules: %s', async (_name, line) => {
	const broken = path.join(workDir, `broken-${line.replace(/\W+/g, '')}`);
	cpSync(unpacked, broken, { recursive: true });
	appendFileSync(path.join(broken, 'dist/nodes/Mediarithmics/Mediarithmics.node.js'), `\n${line}\n`);
	expect(await scan(broken)).toMatchObject({ passed: false });
});

/** The problems scripts/check-guidelines.mjs finds in a package folder ([] when it passes). */
const guidelineProblems = async (packageDir: string) =>
	await run('node', [path.join(REPO, 'scripts', 'check-guidelines.mjs'), packageDir], { cwd: REPO }).then(
		() => [],
		(error: { stderr: string }) => error.stderr.trim().split('\n'),
	);

test("the shipped package and the source checkout pass n8n's guidelines that can be checked offline", async () => {
	expect(await guidelineProblems(unpacked)).toEqual([]);
	expect(await guidelineProblems(REPO)).toEqual([]);
});

type Manifest = Record<string, unknown> & { n8n: Record<string, unknown>; scripts: Record<string, string> };
const NODE_JS = 'dist/nodes/Mediarithmics/Mediarithmics.node.js';
test.each<[string, (dir: string, manifest: Manifest) => void, RegExp]>([
	['a runtime dependency', (_dir, manifest) => (manifest.dependencies = { axios: '^1.0.0' }), /"dependencies" must be empty/],
	['a second peer dependency', (_dir, manifest) => (manifest.peerDependencies = { 'n8n-workflow': '*', 'n8n-core': '*' }), /peerDependencies must be n8n-workflow alone/],
	['another licence', (_dir, manifest) => (manifest.license = 'ISC'), /the licence is "ISC", not MIT/],
	['a licence file that is not MIT', (dir) => writeFileSync(path.join(dir, 'LICENSE'), 'All rights reserved.\n'), /no LICENSE file with the MIT licence text/],
	['a repository named unlike the package', (_dir, manifest) => (manifest.repository = { type: 'git', url: 'git+https://github.com/someone/other-nodes.git' }), /"repository" must be the public GitHub repository named like the package/],
	['strict mode off', (_dir, manifest) => (manifest.n8n.strict = false), /"strict": true/],
	['a built node missing from the n8n section', (_dir, manifest) => (manifest.n8n.nodes = (manifest.n8n.nodes as string[]).slice(1)), /Mediarithmics\.node\.js is built but not listed/],
	['files shipping the sources', (_dir, manifest) => (manifest.files = ['dist', 'nodes']), /"files" ships "nodes"/],
	['an install script', (_dir, manifest) => (manifest.scripts.postinstall = 'node setup.js'), /the "postinstall" script would run on the n8n host/],
	['no prerelease guard', (_dir, manifest) => delete manifest.scripts.prepublishOnly, /"prepublishOnly" must be "n8n-node prerelease"/],
	['a Node built-in imported in dist/', (dir) => appendFileSync(path.join(dir, NODE_JS), '\nrequire("fs");\n'), /Mediarithmics\.node\.js imports "fs"/],
	// The scanner's import rule lets dev dependencies through; they are not installed next to n8n.
	['a dev dependency imported in dist/', (dir) => appendFileSync(path.join(dir, NODE_JS), '\nrequire("axios");\n'), /Mediarithmics\.node\.js imports "axios"/],
	['a dynamic import in dist/', (dir) => appendFileSync(path.join(dir, NODE_JS), '\nimport("zlib");\n'), /Mediarithmics\.node\.js imports "zlib"/],
])('the guideline check fails a package with %s', async (name, breakIt, problem) => {
	const broken = path.join(workDir, `guideline-${name.replace(/\W+/g, '-')}`);
	cpSync(unpacked, broken, { recursive: true });
	const file = path.join(broken, 'package.json');
	const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
	breakIt(broken, manifest);
	writeFileSync(file, JSON.stringify(manifest, null, 2));
	expect(await guidelineProblems(broken)).toEqual([expect.stringMatching(problem)]);
});

test("the guideline check fails a source checkout whose lint configuration is not n8n's default (strict mode)", async () => {
	const source = path.join(workDir, 'source');
	mkdirSync(source);
	for (const entry of ['package.json', 'LICENSE', 'dist', 'nodes', 'eslint.config.mjs']) cpSync(path.join(REPO, entry), path.join(source, entry), { recursive: true });
	expect(await guidelineProblems(source)).toEqual([]);
	appendFileSync(path.join(source, 'eslint.config.mjs'), "\nexport const extra = [{ ignores: ['nodes/**'] }];\n");
	expect(await guidelineProblems(source)).toEqual([expect.stringMatching(/eslint\.config\.mjs is not @n8n\/node-cli's default one/)]);
});
