// Runs the lint legs of @n8n/scan-community-package on local folders, offline.
// The scanner's CLI only scans a package published on the registry (it
// downloads the tarball and the provenance-attested source); its exported
// analyzePackage() is the same lint, so this script runs it on:
//   - the unpacked tarball (compiled .js and the shipped package.json), and
//   - the source checkout (package.json, nodes/ and credentials/),
// with the scanner's own file patterns. Prints JSON; exits 1 on violations.
//   node scripts/scan-package.mjs <unpacked-package-dir> [<source-dir>]
import { resolve } from 'path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [packageDir, sourceDir] = process.argv.slice(2).map((dir) => resolve(dir));
if (!packageDir) {
	console.error('Usage: node scripts/scan-package.mjs <unpacked-package-dir> [<source-dir>]');
	process.exit(2);
}
const results = { package: await analyzePackage(packageDir, ['**/*.js', 'package.json']) };
if (sourceDir) results.source = await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS);
const passed = Object.values(results).every((result) => result.passed);
console.log(JSON.stringify({ passed, results }, (key, value) => (key === 'error' ? String(value) : value), 2));
process.exit(passed ? 0 : 1);
