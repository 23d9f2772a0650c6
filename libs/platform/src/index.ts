export * from './bootstrap';
export * from './health';
export * from './logging';
export * from './metrics';
export * from './problem';
export * from './service.module';
export * from './tracing';
export * from './worker';
