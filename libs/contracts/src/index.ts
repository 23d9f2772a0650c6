export * from './events/catalog';
export * from './events/cloudevents';
export * from './events/schemas';
export * from './events/validate';
export * from './http';
export * from './values';
