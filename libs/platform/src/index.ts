export * from './bootstrap';
export * from './health';
export * from './problem';
export * from './service.module';
export * from './worker';
export * from './roll-hash';
export * from './packets';
export * from './audit';
