/**
 * Streaming split of a file into parts of at most maxPartBytes, cut only
 * between records, in two passes over the same data:
 *
 * 1. planParts reads the whole input once, checks every record and decides
 *    the cut points. Nothing is uploaded yet, so an invalid line, a record
 *    too large for any part or an empty file stops the run before the
 *    platform has received anything.
 * 2. readParts reads the input again (the caller re-opens the stream) and
 *    hands out the parts one by one, each as a stream of chunks. It pulls
 *    from the source only as the consumer pulls from the part, so memory
 *    stays flat whatever the file size, and it checks that it sees what
 *    pass 1 planned.
 *
 * What a part holds: its records in input order, each ending with "\n"
 * (CRLF becomes LF; a last line without LF gets one), without the BOM, blank
 * lines or skipped invalid lines; for CSV, the header line first.
 */
export { planParts } from './filePlanner';
export { readParts } from './partReader';
export type { ReadPartsOptions } from './partReader';
export type { Part } from '../part';
