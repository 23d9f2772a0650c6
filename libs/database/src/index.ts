export * from './data-source';
export * from './database.module';
export * from './key-ring';
export * from './pii';
export {
  MIGRATIONS,
  APP_ROLE,
  isolateTenantTable,
  releaseTenantTable,
  TENANT_PREDICATE,
  TENANT_TABLES,
} from './migrations';
export * from './tables/packet-regenerations';
