export * from './ids';
export * from './vocabulary';
