/**
 * `n8n execute --rawOutput` prints the whole run, every node's items
 * included: with a million items that is hundreds of MB, more than a string
 * may hold. So the benchmarks stream it to a file and read back only the
 * nodes they need, from the end of the file (the nodes they measure run last
 * and have few output items).
 */
import { closeSync, openSync, readSync, statSync } from 'fs';

import type { N8nRun } from '../test/e2e/n8n';

type TaskData = N8nRun['data']['resultData']['runData'][string];

/** How much of the end of the output is searched. */
const TAIL_BYTES = 64 * 1024 * 1024;

function readTail(file: string, fromStart = false): string {
	const size = statSync(file).size;
	const length = Math.min(size, TAIL_BYTES);
	const buffer = Buffer.alloc(length);
	const descriptor = openSync(file, 'r');
	try {
		readSync(descriptor, buffer, 0, length, fromStart ? 0 : size - length);
	} finally {
		closeSync(descriptor);
	}
	return buffer.toString('utf8');
}

/** Index of the bracket closing the one at `open`, skipping brackets inside JSON strings. */
function matchingBracket(text: string, open: number): number {
	let depth = 0;
	let inString = false;
	for (let index = open; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
		} else if (char === '"') {
			inString = true;
		} else if (char === '[' || char === '{') {
			depth++;
		} else if (char === ']' || char === '}') {
			depth--;
			if (depth === 0) return index;
		}
	}
	return -1;
}

/**
 * The run data of `nodeNames` (those that ran), as n8n printed it; the rest of the run is not read.
 * `headNodeNames`: nodes that ran first (and have few items), looked for at the start of the output.
 */
export function readNodeRuns(file: string, nodeNames: string[], headNodeNames: string[] = []): N8nRun {
	const runData: Record<string, TaskData> = {};
	readRuns(readTail(file), nodeNames, runData, false);
	if (headNodeNames.length > 0) readRuns(readTail(file, true), headNodeNames, runData, true);
	return { data: { resultData: { runData } } };
}

function readRuns(tail: string, nodeNames: string[], runData: Record<string, TaskData>, first: boolean): void {
	for (const name of nodeNames) {
		const key = `${JSON.stringify(name)}: [`;
		const at = first ? tail.indexOf(key) : tail.lastIndexOf(key);
		if (at === -1) continue;
		const open = at + key.length - 1;
		const close = matchingBracket(tail, open);
		if (close === -1) continue;
		runData[name] = JSON.parse(tail.slice(open, close + 1)) as TaskData;
	}
}
