export * from './webhook-policy';
