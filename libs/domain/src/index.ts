export * from './ids';
export * from './vocabulary';
export * from './election';
export * from './office';
export * from './fpca';
export * from './webhooks';
export * from './env-settings';
export * from './state-rules';
