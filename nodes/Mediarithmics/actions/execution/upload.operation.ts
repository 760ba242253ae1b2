/**
 * Upload: a file or items to a document import, split into parts, each part
 * one execution. The stages live in ./upload/ (input/, lines/, send/,
 * report/; their map is at the top of upload/execute.ts); this file is the
 * operation's entry, as for every other operation.
 */
export { description } from './upload/description';
export { execute } from './upload/execute';
