export * from './eventually';
export * from './fixtures';
export * from './smtp-sink';
export * from './kafka';
export * from './database';
export * from './office';
export * from './events';
export * from './statements';
