export * from './ballot-request';
export * from './input';
