export { ensureKafka, ensureKafkaJars, KAFKA_VERSION } from './kafka';
export type { SaslSslListener } from './kafka-config';
export { aclEntriesOf, appsKafkaAccess, loadKafkaUsers, KAFKA_USERS_FILE } from './kafka-acls';
export type { AppKafkaAccess, KafkaUserAcl, KafkaUserSpec } from './kafka-acls';
export type { EnsureKafkaOptions, KafkaHandle } from './kafka';
export { freePort, isPortFree } from './ports';
export { cacheRoot } from './paths';
export type { Log } from './paths';
export {
  ensurePostgres,
  canConnect,
  createDatabaseIfMissing,
  dropDatabase,
  assertDatabaseName,
  testDatabaseName,
  redactUrl,
  ensureAppLoginRole,
  dropRole,
  testAppRoleName,
  APP_GROUP_ROLE,
  DEV_APP_ROLE,
  devAppRole,
} from './postgres';
export type { EnsurePostgresOptions, PostgresHandle } from './postgres';
export { ensureDebianPackages, isDebianPackageInstalled } from './debian';
export type { EnsureDebianPackagesResult } from './debian';
export { ensureVeraPdf, parseVeraPdfReport, runVeraPdf, runVeraPdfOnFiles, VERAPDF_VERSION } from './verapdf';
export type { VeraPdfFailedRule, VeraPdfProfile, VeraPdfResult } from './verapdf';
