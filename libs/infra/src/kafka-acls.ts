/**
 * The per-service Kafka users and ACLs of deploy/kafka/users.yaml (Strimzi KafkaUser resources,
 * `authorization.type: simple`), read back as the ACL bindings Kafka stores: so that a test can
 * apply exactly those ACLs to a real broker (StandardAuthorizer), and a cluster without Strimzi
 * can apply them with any admin client.
 */
import { readdirSync, readFileSync } from 'node:fs';
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

/** One consumer of a service: its group (EventWorker `name`) and topics (EventWorker `topics`). */
export interface KafkaWorkerAccess {
  group: string;
  consumes: string[];
}

/** What a service does with Kafka, as its app's source says. */
export interface AppKafkaAccess {
  /** runs the outbox relay (ServiceModule.forRoot(name, { relay })) */
  relay: boolean;
  /** its workers (an app may run several, e.g. notifications: e-mail and webhooks) */
  workers: KafkaWorkerAccess[];
}

const ROOT = join(__dirname, '..', '..', '..');

function appSources(app: string): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name))
        files.push(readFileSync(join(dir, entry.name), 'utf8'));
    }
  };
  walk(join(ROOT, 'apps', app, 'src'));
  return files.join('\n');
}

/**
 * The Kafka access of every service under apps/, read from its source (the checks of
 * deploy/kafka/users.yaml and deploy/k8s compare against this, so they follow the code).
 * `topics` is the catalogue's TOPICS (passed in: this file is loaded by the tests' global setup,
 * where only relative imports resolve).
 */
export function appsKafkaAccess(topics: Readonly<Record<string, string>>): Map<string, AppKafkaAccess> {
  const access = new Map<string, AppKafkaAccess>();
  for (const app of readdirSync(join(ROOT, 'apps'))) {
    const source = appSources(app);
    const service = /ServiceModule\.forRoot\('([\w-]+)',\s*\{\s*relay:\s*(true|false)\s*\}\)/.exec(source);
    if (service === null) continue; // not a service (cli, witness)
    const workers = source
      .split(/extends EventWorker\b/)
      .slice(1)
      .map((body): KafkaWorkerAccess => {
        const group = /name = '([\w-]+)'/.exec(body)?.[1];
        const list = /topics = \[([^\]]*)\]/.exec(body)?.[1];
        if (group === undefined || list === undefined)
          throw new Error(`${app}: an EventWorker without a literal name and topics`);
        const consumes = /\.\.\.ALL_TOPICS\b/.test(list)
          ? Object.values(topics)
          : [...list.matchAll(/TOPICS\.(\w+)/g)].map((m) => {
              const topic = topics[m[1]];
              if (topic === undefined)
                throw new Error(`${app}: TOPICS.${m[1]} is not in the event catalogue`);
              return topic;
            });
        return { group, consumes };
      });
    access.set(service[1], { relay: service[2] === 'true', workers });
  }
  return access;
}
