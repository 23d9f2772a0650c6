import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS, dlqTopic, TOPICS } from '@uocava/contracts';
import { aclEntriesOf, loadKafkaUsers, type KafkaUserSpec } from './kafka-acls';

/**
 * deploy/kafka/users.yaml against the event catalogue and the apps as they are: each app's relay
 * (ServiceModule.forRoot), its worker's consumer group and topics (EventWorker `name`, `topics`).
 * An app that starts consuming a topic, a new topic in the catalogue, or a new app fails here
 * until the ACL file says so.
 */
const root = join(__dirname, '..', '..', '..');

interface AppAccess {
  relay: boolean;
  group?: string;
  consumes: string[];
}

function sourcesOf(app: string): string {
  const dir = join(root, 'apps', app, 'src');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name))
        files.push(readFileSync(join(d, entry.name), 'utf8'));
    }
  };
  walk(dir);
  return files.join('\n');
}

function appsAccess(): Map<string, AppAccess> {
  const access = new Map<string, AppAccess>();
  for (const app of readdirSync(join(root, 'apps'))) {
    const source = sourcesOf(app);
    const service = /ServiceModule\.forRoot\('([\w-]+)',\s*\{\s*relay:\s*(true|false)\s*\}\)/.exec(source);
    if (service === null) continue; // not a service (cli, witness)
    const worker = /extends EventWorker[\s\S]*?name = '([\w-]+)'[\s\S]*?topics = \[([^\]]*)\]/.exec(source);
    const consumes =
      worker === null
        ? []
        : [...worker[2].matchAll(/TOPICS\.(\w+)/g)].map((m) => {
            const topic = (TOPICS as Record<string, string>)[m[1]];
            if (topic === undefined) throw new Error(`${app}: TOPICS.${m[1]} is not in the catalogue`);
            return topic;
          });
    access.set(service[1], { relay: service[2] === 'true', group: worker?.[1], consumes });
  }
  return access;
}

type Grant = string; // "type:pattern:name:Operation"
const grantsOf = (user: KafkaUserSpec): Grant[] =>
  user.acls
    .flatMap((a) =>
      a.operations.map(
        (op) => `${a.resource.type}:${a.resource.patternType ?? 'literal'}:${a.resource.name}:${op}`,
      ),
    )
    .sort();

function expectedGrants(access: AppAccess): Grant[] {
  const grants = ['topic:prefix:uocava.:Describe', 'topic:prefix:uocava.:DescribeConfigs'];
  if (access.relay) grants.push(...ALL_TOPICS.map((t) => `topic:literal:${t}:Write`));
  for (const topic of access.consumes)
    grants.push(`topic:literal:${topic}:Read`, `topic:literal:${dlqTopic(topic)}:Write`);
  if (access.consumes.length > 0) grants.push(`group:literal:${access.group}:Read`);
  return grants.sort();
}

describe('deploy/kafka/users.yaml (per-service Kafka ACLs)', () => {
  const users = loadKafkaUsers();
  const access = appsAccess();

  it('finds the services as the apps declare them (a check of this test itself)', () => {
    expect([...access.keys()].sort()).toEqual([
      'ballots',
      'gateway',
      'notifications',
      'receipts',
      'verification',
    ]);
    expect(access.get('notifications')).toEqual({
      relay: false,
      group: 'notifications',
      consumes: [TOPICS.requests, TOPICS.ballots],
    });
    expect(access.get('gateway')).toEqual({ relay: true, group: undefined, consumes: [] });
  });

  it('has one user per service plus the cli, and nothing else', () => {
    expect(users.map((u) => u.name).sort()).toEqual(
      [...[...access.keys()].map((s) => `uocava-${s}`), 'uocava-cli'].sort(),
    );
  });

  it.each([...appsAccess().keys()])('grants %s exactly what its relay and worker need', (service) => {
    const user = users.find((u) => u.name === `uocava-${service}`)!;
    expect(grantsOf(user)).toEqual(expectedGrants(access.get(service)!));
  });

  it('grants the cli the dead letters to read and the event topics to publish again, no more', () => {
    const user = users.find((u) => u.name === 'uocava-cli')!;
    expect(grantsOf(user)).toEqual(
      [
        'topic:prefix:uocava.:Describe',
        'topic:prefix:uocava.:DescribeConfigs',
        ...ALL_TOPICS.map((t) => `topic:literal:${dlqTopic(t)}:Read`),
        ...ALL_TOPICS.map((t) => `topic:literal:${t}:Write`),
        'group:prefix:uocava-fetch-:Read',
      ].sort(),
    );
  });

  it('never lets a service create, alter or delete topics, touch the cluster, or deny by default', () => {
    for (const user of users) {
      for (const acl of user.acls) {
        expect(acl.resource.type).not.toBe('cluster');
        expect(acl.type ?? 'allow').toBe('allow');
        for (const op of acl.operations)
          expect(['Read', 'Write', 'Describe', 'DescribeConfigs']).toContain(op);
      }
    }
  });

  it('reads as kafkajs ACL bindings of the user principal', () => {
    const entries = aclEntriesOf(users.find((u) => u.name === 'uocava-notifications')!);
    expect(entries.every((e) => e.principal === 'User:uocava-notifications' && e.host === '*')).toBe(true);
    expect(entries).toHaveLength(grantsOf(users.find((u) => u.name === 'uocava-notifications')!).length);
  });
});
