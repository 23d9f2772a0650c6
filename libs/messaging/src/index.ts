export * from './bus';
export * from './cloudevents';
export * from './consumer';
export * from './kafkajs-bus';
export * from './messaging.module';
export * from './outbox';
export * from './effects';
export * from './tracing';
