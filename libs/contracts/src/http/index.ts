export * from './ballot-request';
