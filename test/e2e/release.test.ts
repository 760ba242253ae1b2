/**
 * The release machinery n8n's verification asks for: the workflows pass
 * actionlint, the publishing workflow publishes with provenance on a version
 * tag, and `npm run release` (scripts/release.sh) bumps, dates the changelog,
 * tags and pushes, in a clone with a local bare repository as its origin.
 */
import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

jest.setTimeout(5 * 60 * 1000);

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
const workflow = (name: string) => readFileSync(path.join(REPO, '.github', 'workflows', name), 'utf8');
const outcome = async (file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
	await run(file, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env, maxBuffer: 16 * 1024 * 1024 }).then(
		({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
		(error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
	);

describe('the workflows', () => {
	test('pass actionlint', async () => {
		const { code, output } = await outcome('node', ['scripts/lint-workflows.mjs']);
		expect(output).toContain('no problem');
		expect(code).toBe(0);
	});

	test('actionlint fails a workflow with a mistake (here: a misspelt context in an expression)', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-workflow-'));
		try {
			const broken = path.join(dir, 'publish.yml');
			writeFileSync(broken, workflow('publish.yml').replace('${{ secrets.NPM_TOKEN }}', '${{ secret.NPM_TOKEN }}'));
			const { code, output } = await outcome('node', ['scripts/lint-workflows.mjs', broken]);
			expect(output).toMatch(/publish\.yml:\d+:\d+: .*secret/);
			expect(code).toBe(1);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('CI runs .ci/run on pushes to main and pull requests', () => {
		const ci = workflow('ci.yml');
		expect(ci).toMatch(/^on:\n {2}pull_request:\n {2}push:\n {4}branches:\n {6}- main$/m);
		expect(ci).toMatch(/^\s+run: bash \.ci\/run$/m);
	});

	test('the publishing workflow publishes on a version tag, with the OIDC token provenance needs, through npm run release', () => {
		const publish = workflow('publish.yml');
		expect(publish).toMatch(/^on:\n {2}push:\n {4}tags:\n(?: +#.*\n)* +- '\*\.\*\.\*'$/m);
		expect(publish).toMatch(/^ {6}id-token: write$/m);
		expect(publish).toMatch(/^ {6}contents: read$/m);
		expect(publish).toMatch(/^ {10}npm run release$/m);
		expect(publish).toContain('node scripts/check-guidelines.mjs .');
		const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
		expect(manifest.scripts.release).toBe('bash scripts/release.sh');
		expect(manifest.scripts.prepublishOnly).toBe('n8n-node prerelease');
		// In the workflow, the release script hands over to n8n-node release (lint, build, npm publish with provenance).
		expect(readFileSync(path.join(REPO, 'scripts', 'release.sh'), 'utf8')).toMatch(/GITHUB_ACTIONS[\s\S]*exec npx --no-install n8n-node release/);
	});
});

describe('npm run release', () => {
	let dir: string;
	let clone: string;
	let origin: string;
	const git = async (...args: string[]) => (await run('git', args, { cwd: clone })).stdout.trim();
	const release = async (args: string[], env: NodeJS.ProcessEnv = {}) =>
		await outcome('bash', ['scripts/release.sh', ...args], { cwd: clone, env: { ...withoutCi, ...env } });
	// As on a maintainer's machine: the GitHub Actions variables only where a test sets them, and
	// without jest's NODE_ENV=test (under it eslint-plugin-n8n-nodes-base lints every file as a node).
	const withoutCi = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GITHUB_') && name !== 'NODE_ENV'));
	const manifest = () => JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as { version: string };

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'mediarithmics-release-'));
		origin = path.join(dir, 'origin.git');
		clone = path.join(dir, 'clone');
		await run('git', ['init', '--quiet', '--bare', origin]);
		await run('git', ['clone', '--quiet', '--no-hardlinks', REPO, clone]);
		symlinkSync(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
		await git('config', 'user.email', 'release-test@example.com');
		await git('config', 'user.name', 'release test');
		await git('checkout', '--quiet', '-B', 'main');
		await git('remote', 'set-url', 'origin', origin);
		await git('push', '--quiet', '-u', 'origin', 'main');
	});

	afterAll(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	test('refuses a working tree with uncommitted changes, and changes nothing', async () => {
		writeFileSync(path.join(clone, 'CHANGELOG.md'), `${readFileSync(path.join(clone, 'CHANGELOG.md'), 'utf8')}\nlocal edit\n`);
		const before = manifest().version;
		const { code, output } = await release(['minor']);
		expect(output).toContain('uncommitted changes');
		expect(code).not.toBe(0);
		expect(manifest().version).toBe(before);
		await git('checkout', '--', 'CHANGELOG.md');
	});

	test('bumps the version, dates the Unreleased changes, commits, tags and pushes', async () => {
		const before = manifest().version;
		const [major, minor] = before.split('.').map(Number);
		const expected = `${major}.${minor + 1}.0`;
		const { code, output } = await release(['minor']);
		expect(output).toContain(`pushed; the publishing workflow publishes ${expected}`);
		expect(code).toBe(0);

		expect(manifest().version).toBe(expected);
		const lock = JSON.parse(readFileSync(path.join(clone, 'package-lock.json'), 'utf8')) as { version: string };
		expect(lock.version).toBe(expected);
		const today = new Date().toISOString().slice(0, 10);
		expect(readFileSync(path.join(clone, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## Unreleased\\n\\n## ${expected.replace(/\./g, '\\.')} - ${today}\\n\\n### `, 'm'));
		expect(await git('log', '-1', '--format=%s')).toBe(`Release ${expected}`);
		const remote = (await run('git', ['ls-remote', origin])).stdout;
		expect(remote).toContain(`refs/tags/${expected}`);
		expect(remote).toContain(`${await git('rev-parse', 'HEAD')}\trefs/heads/main`);
	});

	test('refuses to release again when nothing was committed since the last version', async () => {
		const { code, output } = await release(['patch']);
		expect(output).toMatch(/nothing was committed since \d+\.\d+\.\d+/);
		expect(code).not.toBe(0);
	});

	test('refuses changes that the Unreleased section does not describe', async () => {
		writeFileSync(path.join(clone, 'notes.txt'), 'a change\n');
		await git('add', 'notes.txt');
		await git('commit', '--quiet', '-m', 'A change');
		await git('push', '--quiet');
		const { code, output } = await release(['patch']);
		expect(output).toContain('the "## Unreleased" section of CHANGELOG.md lists nothing');
		expect(code).not.toBe(0);
	});

	test('in the publishing workflow: refuses a tag that is not the package version, or a version without its changelog section', async () => {
		const version = manifest().version;
		const wrongTag = await release([], { GITHUB_ACTIONS: 'true', GITHUB_REF_NAME: '9.9.9' });
		expect(wrongTag.output).toContain(`the tag '9.9.9' is not the version in package.json (${version})`);
		expect(wrongTag.code).not.toBe(0);

		const file = path.join(clone, 'package.json');
		writeFileSync(file, readFileSync(file, 'utf8').replace(`"version": "${version}"`, '"version": "9.9.9"'));
		const noSection = await release([], { GITHUB_ACTIONS: 'true', GITHUB_REF_NAME: '9.9.9' });
		expect(noSection.output).toContain('CHANGELOG.md has no "## 9.9.9" section');
		expect(noSection.code).not.toBe(0);
	});
});
