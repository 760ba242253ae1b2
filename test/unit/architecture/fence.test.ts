// The package's import fences (issue 25), read from the sources' import lines:
// no import cycle; the bulk/ domain free of n8n and of the node's layers; the
// bulk/, transport and the upload pipeline reached only through their entry
// points; the upload's line building apart from its other stages.
import { importCycles, importGraph, importsOf, sourceFiles } from './importGraph';

const node = 'nodes/Mediarithmics';
const inFolder = (folder: string) => (file: string) => file.startsWith(`${node}/${folder}/`);

/** Each file's imports that break a rule, as "file -> specifier". */
function offending(files: string[], breaks: (specifier: string, target: string | undefined) => boolean): string[] {
	return files.flatMap((file) =>
		importsOf(file)
			.filter(({ specifier, target }) => breaks(specifier, target))
			.map(({ specifier }) => `${file} -> ${specifier}`),
	);
}

describe('import fences', () => {
	it('finds no import cycle in nodes/ and credentials/', () => {
		expect(importCycles(importGraph(['nodes', 'credentials']))).toEqual([]);
	});

	it('keeps bulk/ (the bulk-file domain) free of n8n-workflow and of the node: its relative imports stay inside bulk/', () => {
		const bulk = sourceFiles(`${node}/bulk`);
		expect(bulk.length).toBeGreaterThan(10);
		const outside = offending(
			bulk,
			(specifier, target) => specifier.startsWith('n8n-workflow') || (target !== undefined && !inFolder('bulk')(target)),
		);
		expect(outside).toEqual([]);
	});

	it('reaches bulk/ from the rest of the package only through bulk/index.ts', () => {
		const rest = [...sourceFiles('nodes'), ...sourceFiles('credentials')].filter((file) => !inFolder('bulk')(file));
		const past = offending(rest, (_specifier, target) => target !== undefined && inFolder('bulk')(target) && target !== `${node}/bulk/index.ts`);
		expect(past).toEqual([]);
	});

	it('reaches transport/ from the rest of the package only through transport/index.ts', () => {
		const rest = [...sourceFiles('nodes'), ...sourceFiles('credentials')].filter((file) => !inFolder('transport')(file));
		const past = offending(
			rest,
			(_specifier, target) => target !== undefined && inFolder('transport')(target) && target !== `${node}/transport/index.ts`,
		);
		expect(past).toEqual([]);
	});

	it('reaches the upload pipeline (actions/execution/upload/) from outside it only through execute.ts and description.ts', () => {
		const upload = `${node}/actions/execution/upload`;
		const entryPoints = [`${upload}/execute.ts`, `${upload}/description.ts`];
		const rest = sourceFiles('nodes').filter((file) => !file.startsWith(`${upload}/`));
		const past = offending(rest, (_specifier, target) => target !== undefined && target.startsWith(`${upload}/`) && !entryPoints.includes(target));
		expect(past).toEqual([]);
	});

	it('builds lines (upload/lines/) without the other stages of the upload: input, send and report import lines, not the other way', () => {
		const upload = `${node}/actions/execution/upload`;
		const lines = sourceFiles(`${upload}/lines`);
		expect(lines.length).toBeGreaterThan(10);
		const past = offending(lines, (_specifier, target) => target !== undefined && target.startsWith(`${upload}/`) && !target.startsWith(`${upload}/lines/`));
		expect(past).toEqual([]);
	});

	it('reads the input (upload/input/) without the later stages: send and report read the parts input/ hands out, not the other way', () => {
		const upload = `${node}/actions/execution/upload`;
		const input = sourceFiles(`${upload}/input`);
		expect(input.length).toBeGreaterThan(10);
		const later = [`${upload}/send/`, `${upload}/report/`];
		const past = offending(input, (_specifier, target) => target !== undefined && later.some((folder) => target.startsWith(folder)));
		expect(past).toEqual([]);
	});

	it('imports an operation (<op>.operation.ts) only from its resource file: what two operations share lives in a module of its own', () => {
		const rest = sourceFiles('nodes').filter((file) => !file.endsWith('.resource.ts'));
		const past = offending(rest, (_specifier, target) => target !== undefined && target.endsWith('.operation.ts'));
		expect(past).toEqual([]);
	});

	it('reads multi-line, type-only, re-export and side-effect import lines, not commented ones (the reader the fences rely on)', () => {
		const text =
			"import {\n\ta,\n\tb,\n} from 'pkg-a';\nimport type { C } from 'pkg-b';\nexport { d } from \"pkg-c\";\n// import { e } from 'pkg-e';\nimport 'pkg-f';\n";
		expect(importsOf(`${node}/transport/index.ts`, text).map(({ specifier }) => specifier)).toEqual(['pkg-a', 'pkg-b', 'pkg-c', 'pkg-f']);
	});
});
