// CHANGELOG.md for `npm run release` (scripts/release.sh):
//   node scripts/changelog.mjs check Unreleased     the Unreleased section says what changed
//   node scripts/changelog.mjs check 1.2.3          the section of 1.2.3 exists and says what it brings
//   node scripts/changelog.mjs release 1.2.3 DATE   Unreleased becomes "1.2.3 - DATE", a new empty Unreleased above it
// Sections are "## <name>" lines (Unreleased, or "<version> - <date>"); a section
// says something when it holds at least one "- " item.
import { readFileSync, writeFileSync } from 'fs';

const FILE = process.env.CHANGELOG_FILE ?? 'CHANGELOG.md';
const [command, name, date] = process.argv.slice(2);
const fail = (message) => {
	console.error(`changelog: ${message}`);
	process.exit(1);
};

const text = readFileSync(FILE, 'utf8');
/** The body of the section named `sectionName` (up to the next "## "), or undefined. */
const section = (sectionName) => {
	const lines = text.split('\n');
	const start = lines.findIndex((line) => line === `## ${sectionName}` || line.startsWith(`## ${sectionName} - `));
	if (start < 0) return undefined;
	const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
	return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
};
const saysSomething = (body) => /^\s*- \S/m.test(body);

if (command === 'check' && name) {
	const body = section(name);
	if (body === undefined) fail(`${FILE} has no "## ${name}" section: write what this version brings there`);
	if (!saysSomething(body)) fail(`the "## ${name}" section of ${FILE} lists nothing: write what this version brings ("- …" lines)`);
} else if (command === 'release' && name && /^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) {
	if (section(name) !== undefined) fail(`${FILE} already has a section for ${name}`);
	if (!saysSomething(section('Unreleased') ?? '')) fail(`the "## Unreleased" section of ${FILE} is missing or lists nothing`);
	writeFileSync(FILE, text.replace(/^## Unreleased$/m, `## Unreleased\n\n## ${name} - ${date}`));
} else {
	fail('usage: changelog.mjs check <Unreleased|version> | release <version> <YYYY-MM-DD>');
}
