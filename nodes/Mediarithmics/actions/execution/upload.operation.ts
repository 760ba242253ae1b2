/**
 * Upload: a file or items to a document import, split into parts, each part
 * one execution. The stages live in ./upload/ (description, sources, plan,
 * send, recover, report); this file is the operation's entry, as for every
 * other operation.
 */
export { description } from './upload/description';
export { execute } from './upload/execute';
