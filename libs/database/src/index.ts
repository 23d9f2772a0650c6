export * from './data-source';
export * from './database.module';
export * from './key-ring';
export * from './pii';
export { MIGRATIONS } from './migrations';
