export * from './bootstrap';
export * from './health';
export * from './metrics';
export * from './problem';
export * from './service.module';
export * from './worker';
