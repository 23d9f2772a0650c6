export * from './stack';
export * from './fixtures';
