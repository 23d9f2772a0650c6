/**
 * The per-service Kafka users and ACLs of deploy/kafka/users.yaml (Strimzi KafkaUser resources,
 * `authorization.type: simple`), read back as the ACL bindings Kafka stores: so that a test can
 * apply exactly those ACLs to a real broker (StandardAuthorizer), and a cluster without Strimzi
 * can apply them with any admin client.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
} from 'kafkajs';

export interface KafkaUserAcl {
  resource: { type: 'topic' | 'group' | 'cluster'; name?: string; patternType?: 'literal' | 'prefix' };
  operations: string[];
  host?: string;
  type?: 'allow' | 'deny';
}

export interface KafkaUserSpec {
  /** the SCRAM user name; the principal is `User:<name>` */
  name: string;
  acls: KafkaUserAcl[];
}

export const KAFKA_USERS_FILE = join(__dirname, '..', '..', '..', 'deploy', 'kafka', 'users.yaml');

export function loadKafkaUsers(file: string = KAFKA_USERS_FILE): KafkaUserSpec[] {
  const docs = loadAll(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA }) as {
    kind?: string;
    metadata?: { name?: string };
    spec?: { authorization?: { acls?: KafkaUserAcl[] } };
  }[];
  return docs
    .filter((d) => d?.kind === 'KafkaUser')
    .map((d) => ({ name: String(d.metadata?.name), acls: d.spec?.authorization?.acls ?? [] }));
}

const OPERATIONS: Record<string, AclOperationTypes> = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Create: AclOperationTypes.CREATE,
  Delete: AclOperationTypes.DELETE,
  Alter: AclOperationTypes.ALTER,
  Describe: AclOperationTypes.DESCRIBE,
  ClusterAction: AclOperationTypes.CLUSTER_ACTION,
  DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  AlterConfigs: AclOperationTypes.ALTER_CONFIGS,
  IdempotentWrite: AclOperationTypes.IDEMPOTENT_WRITE,
  All: AclOperationTypes.ALL,
};
const RESOURCES = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
} as const;

/** The ACL bindings of one user, as kafkajs' admin.createAcls takes them. */
export function aclEntriesOf(user: KafkaUserSpec): AclEntry[] {
  return user.acls.flatMap((acl) =>
    acl.operations.map((operation) => {
      const op = OPERATIONS[operation];
      if (op === undefined) throw new Error(`${user.name}: unknown ACL operation ${operation}`);
      return {
        resourceType: RESOURCES[acl.resource.type],
        resourceName: acl.resource.type === 'cluster' ? 'kafka-cluster' : String(acl.resource.name),
        resourcePatternType:
          acl.resource.patternType === 'prefix'
            ? ResourcePatternTypes.PREFIXED
            : ResourcePatternTypes.LITERAL,
        principal: `User:${user.name}`,
        host: acl.host ?? '*',
        operation: op,
        permissionType: acl.type === 'deny' ? AclPermissionTypes.DENY : AclPermissionTypes.ALLOW,
      };
    }),
  );
}
