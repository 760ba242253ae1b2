/**
 * What `npm pack` ships: only dist/, the README, the licence and package.json,
 * with the files the `n8n` section names; and the shipped package passes the
 * lint rules of @n8n/scan-community-package (run offline on the unpacked
 * tarball and the sources, see scripts/scan-package.mjs).
 */
import { execFile } from 'child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
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

test('the scan fails a package that breaks its rules (here: a console.log in the node)', async () => {
	const broken = path.join(workDir, 'broken');
	cpSync(unpacked, broken, { recursive: true });
	appendFileSync(path.join(broken, 'dist/nodes/Mediarithmics/Mediarithmics.node.js'), '\nconsole.log("debug");\n');
	expect(await scan(broken)).toMatchObject({ passed: false });
});
