// Summarises a .cpuprofile (from node --cpu-prof): the functions with the
// most self time, and with the most total time (self plus callees).
//   node bench/profile/summarise.cjs <file.cpuprofile> [top=25] [window=<function name>[,<another>…]]
// With a window, only the samples from the first to the last one whose stack
// holds one of those functions count (e.g. streamParts: the upload, collector and idle
// time included, n8n's start-up and the Read node left out).
'use strict';
const { existsSync, readFileSync } = require('fs');

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 25);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const windowNames = process.argv[4]?.split(',');
let first = 0;
let last = profile.samples.length - 1;
if (windowNames !== undefined) {
	const inWindow = (id) => {
		for (let current = id; current !== undefined; current = parent.get(current)) if (windowNames.includes(byId.get(current).callFrame.functionName)) return true;
		return false;
	};
	first = profile.samples.findIndex(inWindow);
	last = profile.samples.length - 1 - [...profile.samples].reverse().findIndex(inWindow);
	if (first === -1) throw new Error(`no sample has ${windowNames.join(' or ')} on its stack`);
}
const interval = new Map();
for (let index = first; index <= last; index++) {
	const id = profile.samples[index];
	interval.set(id, (interval.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
}
const label = (node) => {
	const frame = node.callFrame;
	return `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
};
const self = new Map();
const total = new Map();
let all = 0;
for (const [id, micros] of interval) {
	all += micros;
	const node = byId.get(id);
	self.set(label(node), (self.get(label(node)) ?? 0) + micros);
	const seen = new Set();
	for (let current = id; current !== undefined; current = parent.get(current)) {
		const name = label(byId.get(current));
		if (seen.has(name)) continue;
		seen.add(name);
		total.set(name, (total.get(name) ?? 0) + micros);
	}
}
const print = (title, map) => {
	console.log(`${title} (of ${(all / 1e6).toFixed(2)} s sampled)`);
	for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		console.log(`${(micros / 1e6).toFixed(3).padStart(9)} s ${((100 * micros) / all).toFixed(1).padStart(5)}%  ${name}`);
	}
};
print('Self time', self);
print('Total time', total);

// The collections in the window, by kind, from <pid>.gc.json beside the profile (bench/peakRss.cjs writes it).
const gcFile = process.argv[2].replace(/\.cpuprofile$/, '.gc.json');
if (existsSync(gcFile)) {
	let at = profile.startTime;
	let windowStart = at;
	let windowEnd = at;
	for (let index = 0; index <= last; index++) {
		at += profile.timeDeltas[index] ?? 0;
		if (index === first) windowStart = at;
		windowEnd = at;
	}
	const kinds = { 1: 'minor (scavenge)', 4: 'major (mark-compact)', 8: 'incremental marking', 16: 'weak callbacks' };
	const byKind = new Map();
	for (const [kind, start, micros] of JSON.parse(readFileSync(gcFile, 'utf8'))) {
		if (start < windowStart || start > windowEnd) continue;
		const entry = byKind.get(kind) ?? { count: 0, micros: 0 };
		entry.count++;
		entry.micros += micros;
		byKind.set(kind, entry);
	}
	console.log(`Collections in the window (${((windowEnd - windowStart) / 1e6).toFixed(2)} s, pause times)`);
	for (const [kind, { count, micros }] of byKind) console.log(`${(micros / 1e6).toFixed(3).padStart(9)} s ${String(count).padStart(5)} x ${kinds[kind] ?? kind}`);
}
