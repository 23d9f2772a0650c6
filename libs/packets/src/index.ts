export * from './links';
export * from './inputs';
