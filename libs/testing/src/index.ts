export * from './stack';
export * from './fixtures';
export * from './database';
