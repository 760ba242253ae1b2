/**
 * The mirror's domain alone (bulk/mirror) on N email members: build the list, write and read the
 * state, diff a 1% churn list against it. Prints CPU time per phase and memory.
 * Usage: npx ts-node --transpile-only bench/mirrorDomain.ts [members, default 1000000]
 */
import { createHash } from 'crypto';

import { decodeState, diffMembers, encodeNextState, encodeState, ListBuilder } from '../nodes/Mediarithmics/bulk/mirror';

const members = Number(process.argv[2] ?? 1_000_000);
const hash = (index: number) => createHash('sha256').update(`person${index}@example.com`).digest('hex');
const line = (index: number) => ({ operation: 'UPDATE', email_hash: hash(index), segment_technical_name: 'crm_newsletter', expiration_duration: 0 });

function phase<T>(name: string, work: () => T): T {
	const start = process.cpuUsage();
	const result = work();
	const used = process.cpuUsage(start);
	const memory = process.memoryUsage();
	console.log(`${name}: ${((used.user + used.system) / 1e6).toFixed(2)} s CPU; rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB, arrayBuffers ${(memory.arrayBuffers / 2 ** 20).toFixed(0)} MiB`);
	return result;
}

const list = phase(`list of ${members}`, () => {
	const builder = new ListBuilder();
	for (let index = 0; index < members; index++) builder.addLine(line(index), index);
	return builder.finish().table;
});
const bytes = phase('encode state', () => encodeState({ datamartId: '1', importId: '2', createdAt: Date.now(), journal: { knownThrough: 0, executions: [] }, members: list }));
console.log(`state: ${bytes.length} bytes, ${(bytes.length / members).toFixed(1)} a member`);
const state = phase('decode state', () => decodeState(bytes).members);
const churn = Math.floor(members / 100);
const next = phase('list with 1% churn', () => {
	const builder = new ListBuilder();
	for (let index = churn; index < members + churn; index++) builder.addLine(line(index), index);
	return builder.finish().table;
});
const diff = phase('diff', () => diffMembers(next, state));
console.log(`updates ${diff.updates.length}, deletes ${diff.deletes.length}, unchanged ${diff.unchanged}`);
phase('next state', () => encodeNextState({ datamartId: '1', importId: '2', createdAt: Date.now(), journal: { knownThrough: 0, executions: [] } }, next, state, diff, 'accepted'));
console.log(`peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load average ${require('fs').readFileSync('/proc/loadavg', 'utf8').trim()}`);
