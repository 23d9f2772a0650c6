export * from './stack';
export * from './fixtures';
export * from './smtp-sink';
export * from './kafka';
export * from './database';
