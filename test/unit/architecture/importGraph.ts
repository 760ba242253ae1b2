// The import graph of the package's TypeScript sources, read with fs and a
// regular expression on import/export lines (no parser, no dependency).
import { readdirSync, readFileSync, statSync, existsSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

export const repoRoot = resolve(__dirname, '../../..');

export interface SourceImport {
	/** What the file wrote, e.g. '../transport' or 'n8n-workflow'. */
	specifier: string;
	/** The repository-relative .ts file it names, or undefined for a package. */
	target?: string;
}

const importLine = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

export function sourceFiles(folder: string): string[] {
	const absolute = join(repoRoot, folder);
	const files: string[] = [];
	for (const name of readdirSync(absolute)) {
		const path = join(absolute, name);
		if (statSync(path).isDirectory()) files.push(...sourceFiles(join(folder, name)));
		else if (name.endsWith('.ts')) files.push(join(folder, name));
	}
	return files.sort();
}

function resolveTarget(fromFile: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = join(dirname(join(repoRoot, fromFile)), specifier);
	for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
		if (existsSync(candidate)) return relative(repoRoot, candidate);
	}
	throw new Error(`${fromFile}: cannot resolve import '${specifier}'`);
}

export function importsOf(file: string, text = readFileSync(join(repoRoot, file), 'utf8')): SourceImport[] {
	const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
	return [...withoutComments.matchAll(importLine)].map(([, specifier]) => ({
		specifier,
		target: resolveTarget(file, specifier),
	}));
}

export function importGraph(folders: string[]): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of folders.flatMap(sourceFiles)) {
		graph.set(
			file,
			importsOf(file).flatMap(({ target }) => (target ? [target] : [])),
		);
	}
	return graph;
}

/** Every cycle of the graph, each once, as the list of files around it (Tarjan's strongly connected components, then one path through each). */
export function importCycles(graph: Map<string, string[]>): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const onStack = new Set<string>();
	const stack: string[] = [];
	const components: string[][] = [];
	let next = 0;
	const visit = (file: string): void => {
		index.set(file, next);
		low.set(file, next++);
		stack.push(file);
		onStack.add(file);
		for (const target of graph.get(file) ?? []) {
			if (!index.has(target)) {
				visit(target);
				low.set(file, Math.min(low.get(file)!, low.get(target)!));
			} else if (onStack.has(target)) {
				low.set(file, Math.min(low.get(file)!, index.get(target)!));
			}
		}
		if (low.get(file) === index.get(file)) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				component.push(member);
			} while (member !== file);
			const selfImport = (graph.get(file) ?? []).includes(file);
			if (component.length > 1 || selfImport) components.push(component.sort());
		}
	};
	for (const file of graph.keys()) if (!index.has(file)) visit(file);
	return components;
}
