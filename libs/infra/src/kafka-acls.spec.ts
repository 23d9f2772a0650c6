import { ALL_TOPICS, dlqTopic, TOPICS } from '@uocava/contracts';
import {
  aclEntriesOf,
  appsKafkaAccess,
  loadKafkaUsers,
  type AppKafkaAccess,
  type KafkaUserSpec,
} from './kafka-acls';

/**
 * deploy/kafka/users.yaml against the event catalogue and the apps as they are: each app's relay
 * (ServiceModule.forRoot), its worker's consumer group and topics (EventWorker `name`, `topics`).
 * An app that starts consuming a topic, a new topic in the catalogue, or a new app fails here
 * until the ACL file says so.
 */
type Grant = string; // "type:pattern:name:Operation"
const grantsOf = (user: KafkaUserSpec): Grant[] =>
  user.acls
    .flatMap((a) =>
      a.operations.map(
        (op) => `${a.resource.type}:${a.resource.patternType ?? 'literal'}:${a.resource.name}:${op}`,
      ),
    )
    .sort();

function expectedGrants(access: AppKafkaAccess): Grant[] {
  const grants = ['topic:prefix:uocava.:Describe', 'topic:prefix:uocava.:DescribeConfigs'];
  if (access.relay) grants.push(...ALL_TOPICS.map((t) => `topic:literal:${t}:Write`));
  const consumed = new Set(access.workers.flatMap((w) => w.consumes));
  for (const topic of consumed)
    grants.push(`topic:literal:${topic}:Read`, `topic:literal:${dlqTopic(topic)}:Write`);
  for (const worker of access.workers) grants.push(`group:literal:${worker.group}:Read`);
  return grants.sort();
}

describe('deploy/kafka/users.yaml (per-service Kafka ACLs)', () => {
  const users = loadKafkaUsers();
  const access = appsKafkaAccess(TOPICS);

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
      workers: [
        { group: 'notifications', consumes: [TOPICS.requests, TOPICS.ballots] },
        { group: 'webhooks', consumes: [...ALL_TOPICS] },
      ],
    });
    expect(access.get('gateway')).toEqual({ relay: true, workers: [] });
  });

  it('has one user per service plus the cli and KEDA, and nothing else', () => {
    expect(users.map((u) => u.name).sort()).toEqual(
      [...[...access.keys()].map((s) => `uocava-${s}`), 'uocava-cli', 'uocava-keda'].sort(),
    );
  });

  it('lets KEDA see the lag of every consumer group, and nothing more', () => {
    const groups = [...access.values()].flatMap((a) => a.workers.map((w) => w.group));
    expect(grantsOf(users.find((u) => u.name === 'uocava-keda')!)).toEqual(
      ['topic:prefix:uocava.:Describe', ...groups.map((g) => `group:literal:${g}:Describe`)].sort(),
    );
  });

  it.each([...appsKafkaAccess(TOPICS).keys()])(
    'grants %s exactly what its relay and worker need',
    (service) => {
      const user = users.find((u) => u.name === `uocava-${service}`)!;
      expect(grantsOf(user)).toEqual(expectedGrants(access.get(service)!));
    },
  );

  it('grants the cli the dead letters to read, the event topics to read (events tail|replay) and publish again, no more', () => {
    const user = users.find((u) => u.name === 'uocava-cli')!;
    expect(grantsOf(user)).toEqual(
      [
        'topic:prefix:uocava.:Describe',
        'topic:prefix:uocava.:DescribeConfigs',
        ...ALL_TOPICS.map((t) => `topic:literal:${dlqTopic(t)}:Read`),
        ...ALL_TOPICS.map((t) => `topic:literal:${t}:Write`),
        ...ALL_TOPICS.map((t) => `topic:literal:${t}:Read`),
        'group:prefix:uocava-fetch-:Read',
        'group:prefix:uocava-read-:Read',
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
