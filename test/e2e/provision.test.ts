/**
 * Provisioning cannot lie: run under npm (which passes this repository's
 * `ignore-scripts=true` down as npm_config_ignore_scripts), a cache whose n8n
 * lacks its SQLite driver (the state a scripts-off rebuild left behind) is
 * found, repaired and checked before it is marked ready.
 *
 * The broken cache is a hard-linked copy of the real one (seconds, no second
 * 3 GB install) with sqlite3's build removed; the copy's rebuild writes new
 * files, so the real cache is never touched.
 */
import { execFile } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { provisionN8n } from './n8n';

const run = promisify(execFile);
const PROVISION = path.join(__dirname, 'provision.sh');

jest.setTimeout(20 * 60 * 1000);

let cache: string;

afterAll(() => {
	if (cache) rmSync(cache, { recursive: true, force: true });
});

test('a cache whose n8n lacks its SQLite driver is repaired under npm_config_ignore_scripts=true, then marked ready', async () => {
	const real = await provisionN8n();
	const nodeDir = path.resolve(real.node24Bin, '..', '..', '..'); // <cache>/node-<version>
	const n8nDir = path.resolve(path.dirname(real.n8nBin), '..', '..', '..'); // <cache>/n8n-<version>-node-<version>
	cache = mkdtempSync(path.join(tmpdir(), 'mediarithmics-provision-'));
	symlinkSync(nodeDir, path.join(cache, path.basename(nodeDir)));
	const copy = path.join(cache, path.basename(n8nDir));
	await run('cp', ['-al', n8nDir, copy]);
	rmSync(path.join(copy, '.ready'));
	const driver = path.join(copy, 'node_modules', 'sqlite3', 'build');
	rmSync(driver, { recursive: true, force: true });

	const { stdout, stderr } = await run('bash', [PROVISION], {
		env: { ...process.env, MEDIARITHMICS_CACHE: cache, npm_config_ignore_scripts: 'true' },
		maxBuffer: 64 * 1024 * 1024,
	});

	expect(stderr).toContain('does not work');
	expect(stderr).toContain('repaired');
	expect(existsSync(path.join(driver, 'Release', 'node_sqlite3.node'))).toBe(true);
	expect(readFileSync(path.join(copy, '.ready'), 'utf8').trim()).toBe('verified-by-provision-v2');
	expect(stdout).toContain(`N8N_BIN=${path.join(copy, 'node_modules', 'n8n', 'bin', 'n8n')}`);
	// The real cache kept its driver.
	expect(existsSync(path.join(n8nDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))).toBe(true);
});
