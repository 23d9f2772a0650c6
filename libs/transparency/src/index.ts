/**
 * @uocava/transparency: per-jurisdiction RFC 9162 transparency log, C2SP signed checkpoints,
 * receipts, PKI. The offline verifier is `./verify` (re-exported as `verifier`), which shares no
 * code with the writer.
 */
export * from './hash';
export * from './entry';
export * from './tree';
export * from './log';
export * from './stored-log';
export * from './note';
export * from './cosignature';
export * from './receipt';
export * from './checkpointer';
export * from './keys';
export * from './pki';
export * from './api';
export * as verifier from './verify';
export * from './witness-policy';
export * from './tiles';
export * from './pki-files';
