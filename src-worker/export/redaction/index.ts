/**
 * Redaction before anything leaves the machine: secrets in what an export sends become
 * `[REDACTED:kind]`; the local store keeps the original. See kinds.ts for what is found.
 */
export { REDACTION_KINDS, redactionMark, type RedactionKind } from './kinds.js';
export { redactText, type RedactionCounts } from './redact-text.js';
export { redactBatch } from './redact-batch.js';
