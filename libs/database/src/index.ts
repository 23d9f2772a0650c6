export * from './data-source';
export * from './group-commit';
export * from './database.module';
export * from './key-ring';
export * from './offices';
export * from './pii';
export {
  MIGRATIONS,
  APP_ROLE,
  isolateTenantTable,
  releaseTenantTable,
  TENANT_PREDICATE,
  TENANT_TABLES,
} from './migrations';
// one owner module per table (the only SQL of that table outside migrations)
export * from './tables/api-keys';
export * from './tables/audit-log';
export * from './tables/cure-responses';
export * from './tables/ballot-requests';
export * from './tables/ballots';
export * from './tables/elections';
export * from './tables/fwabs';
export * from './tables/inbox';
export * from './tables/jurisdictions';
export * from './tables/mail-queue';
export * from './tables/sms-queue';
export * from './tables/message-quarantine';
export * from './tables/office-sessions';
export * from './tables/outbox';
export * from './tables/packet-regenerations';
export * from './tables/print-batches';
export * from './tables/staff';
export * from './tables/state-rule-overrides';
export * from './tables/tracking-steps';
export * from './tables/transparency-log';
export * from './tables/voter-roll';
export * from './tables/webhooks';
export * from './roll-hash';
