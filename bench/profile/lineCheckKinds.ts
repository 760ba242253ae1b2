/**
 * The line check alone, lines in memory, on the varied file of each type
 * (bench/variedFile.ts): the UTF-8 decode alone, decode + JSON.parse, the full
 * check, and checkNdjsonLine (the fast paths), in MB/s of CPU time (second
 * of two passes, so that the fast paths' shapes are learnt), with the shapes
 * learnt per type.
 *   npx ts-node --transpile-only bench/profile/lineCheckKinds.ts <dir> <type>…   (reads <dir>/<type>.ndjson)
 */
import { readFileSync } from 'fs';
import path from 'path';

import { checkNdjsonLine, fullNdjsonCheck } from '../../nodes/Mediarithmics/bulk/rules/checkLine';
import { validLineShapeCount } from '../../nodes/Mediarithmics/bulk/rules/fastLine';

const [dir, ...types] = process.argv.slice(2);
for (const documentType of types) {
	const bytes = readFileSync(path.join(dir, `${documentType}.ndjson`));
	const ends: number[] = [];
	for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) ends.push(at);
	const run = (name: string, check: (from: number, to: number) => unknown) => {
		let mbps = 0;
		for (let pass = 0; pass < 2; pass++) {
			const start = process.cpuUsage();
			let from = 0;
			for (const end of ends) {
				check(from, end);
				from = end + 1;
			}
			const { user, system } = process.cpuUsage(start);
			mbps = bytes.length / (user + system);
		}
		console.log(`${documentType} ${name}: ${mbps.toFixed(0)} MB/s`);
	};
	run('decode', (from, to) => bytes.toString('utf8', from, to));
	run('decode + JSON.parse', (from, to) => JSON.parse(bytes.toString('utf8', from, to)));
	run('full check', (from, to) => fullNdjsonCheck(documentType, bytes, from, to));
	run('checkNdjsonLine', (from, to) => {
		if (checkNdjsonLine(documentType, bytes, from, to) !== undefined) throw new Error(`an invalid line in the varied ${documentType} file`);
	});
	console.log(`${documentType} shapes learnt: ${validLineShapeCount(documentType)}`);
}
