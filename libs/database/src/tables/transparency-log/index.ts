/** Owner of the transparency log's tables: the log itself (heads, entries, tree, checkpoints) and its keys. */
export * from './log';
export * from './keys';
export * from './cosignatures';
