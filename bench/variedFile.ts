/**
 * Writes a varied file of one document type (test/e2e/variedLines.ts), to
 * profile or time the check pass on it by hand:
 *   npx ts-node --transpile-only bench/variedFile.ts <file> <MiB> [documentType] [seed]
 */
import { writeVariedFile } from '../test/e2e/variedLines';
import { MiB } from './stats';

async function main(): Promise<void> {
	const [file, sizeMiB, documentType = 'USER_SEGMENT', seed = '27'] = process.argv.slice(2);
	const written = await writeVariedFile(file, documentType, Number(sizeMiB) * MiB, Number(seed));
	console.log(JSON.stringify({ file, documentType, ...written }));
}

void main();
