/**
 * The platform's Kafka client, and an app process, against a real Apache Kafka whose only client listener is SASL_SSL
 * (TLS + SCRAM-SHA-512) with ACLs (StandardAuthorizer) taken from deploy/kafka/users.yaml:
 * certificates made here with openssl, SCRAM users created at format time, the broker's
 * certificate checked by `openssl s_client`, then the bus publishes and consumes as two services,
 * a wrong password and a client without TLS are refused, and a service cannot write a topic its
 * ACLs do not give it nor join another service's consumer group.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { TOPICS } from '@uocava/contracts';
import { aclEntriesOf, ensureKafka, loadKafkaUsers, type KafkaHandle } from '@uocava/infra';
import {
  kafkaClientConfig,
  KafkaJsBus,
  kafkaSecurityFromEnv,
  toWire,
  TOPICS_WITH_DLQ,
  type DeliveredMessage,
  type KafkaSecurity,
} from '@uocava/messaging';
import { eventually, submittedEvent } from '@uocava/testing';
import { startProcessStack } from './harness/processes';

const run = promisify(execFile);

/** A CA and a broker certificate for 127.0.0.1 / localhost, signed by it (openssl, RSA 2048). */
async function makeCertificates(dir: string): Promise<{ ca: string; keystore: string }> {
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const key = join(dir, 'broker.key');
  const csr = join(dir, 'broker.csr');
  const cert = join(dir, 'broker.pem');
  const ext = join(dir, 'broker.ext');
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2',
    '-subj', '/CN=uocava test Kafka CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
  await run('openssl', [
    'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1',
  ]); // prettier-ignore
  writeFileSync(
    ext,
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n' +
      'extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  await run('openssl', [
    'x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert,
    '-days', '2', '-sha256', '-extfile', ext,
  ]); // prettier-ignore
  // ssl.keystore.type=PEM: the PKCS#8 private key, then the certificate chain
  const keystore = join(dir, 'broker-keystore.pem');
  writeFileSync(keystore, readFileSync(key, 'utf8') + readFileSync(cert, 'utf8') + readFileSync(ca, 'utf8'));
  return { ca, keystore };
}

/** `openssl s_client` against the broker, stdin closed: its verdict on the certificate chain. */
function sClient(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', [
      's_client', '-connect', `127.0.0.1:${port}`, '-CAfile', ca, '-verify_return_error',
      '-verify_ip', '127.0.0.1', '-brief',
    ]); // prettier-ignore
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', () => resolve(out));
    child.stdin.end();
  });
}

const secret = (): string => randomBytes(18).toString('base64url');

describe('Kafka over SASL_SSL with per-service ACLs (real broker)', () => {
  let dir: string;
  let ca: string;
  let broker: KafkaHandle;
  const users = {
    admin: { name: 'uocava-admin', password: secret() },
    gateway: { name: 'uocava-gateway', password: secret() },
    notifications: { name: 'uocava-notifications', password: secret() },
  };
  /** the environment of a service, with its password in a mounted-Secret-like file */
  const envOf = (
    user: { name: string; password: string },
    extra: NodeJS.ProcessEnv = {},
  ): NodeJS.ProcessEnv => {
    const passwordFile = join(dir, `${user.name}.password`);
    writeFileSync(passwordFile, `${user.password}\n`, { mode: 0o600 });
    return {
      NODE_ENV: 'production',
      KAFKA_SSL: '1',
      KAFKA_CA_FILE: ca,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: user.name,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
      ...extra,
    };
  };
  const buses: KafkaJsBus[] = [];
  const busAs = (clientId: string, security: KafkaSecurity): KafkaJsBus => {
    const bus = new KafkaJsBus({ brokers: broker.brokers, clientId, security, log: () => undefined });
    buses.push(bus);
    return bus;
  };
  /** a bare admin client through the one config builder, failing at once (no retries) */
  const probe = (security: KafkaSecurity) =>
    new Kafka(
      kafkaClientConfig({
        clientId: 'sasl-ssl-probe',
        brokers: broker.brokers,
        security,
        extra: { logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries: 0 } },
      }),
    ).admin();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'uocava-kafka-tls-'));
    const certs = await makeCertificates(dir);
    ca = certs.ca;
    broker = await ensureKafka({
      purpose: 'test',
      saslSsl: {
        keystoreFile: certs.keystore,
        truststoreFile: ca,
        superUser: users.admin,
        users: Object.values(users),
      },
    });
    // the topics as an operator makes them (deploy/kafka/topics.yaml), then the ACLs of the file
    const admin = busAs('sasl-ssl-admin', kafkaSecurityFromEnv(envOf(users.admin)));
    await admin.ensureTopics(TOPICS_WITH_DLQ);
    const kafkaAdmin = new Kafka(
      kafkaClientConfig({
        clientId: 'sasl-ssl-acls',
        brokers: broker.brokers,
        security: kafkaSecurityFromEnv(envOf(users.admin)),
        extra: { logLevel: logLevel.NOTHING },
      }),
    ).admin();
    await kafkaAdmin.connect();
    const fromFile = loadKafkaUsers().filter(
      (u) => u.name === users.gateway.name || u.name === users.notifications.name,
    );
    expect(fromFile).toHaveLength(2);
    const acl = fromFile.flatMap(aclEntriesOf);
    await kafkaAdmin.createAcls({ acl });
    // the broker's authorizer has them once it has read them from the metadata log
    await eventually(
      async () => {
        const { resources } = await kafkaAdmin.describeAcls({
          resourceType: AclResourceTypes.ANY,
          resourcePatternType: ResourcePatternTypes.ANY,
          operation: AclOperationTypes.ANY,
          permissionType: AclPermissionTypes.ANY,
        });
        return resources.flatMap((r) => r.acls).length >= acl.length ? true : undefined;
      },
      15000,
      'the ACLs on the broker',
    );
    await kafkaAdmin.disconnect();
  }, 120000);

  afterAll(async () => {
    for (const bus of buses) await bus.disconnect();
    await broker?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('presents a certificate that openssl verifies against the CA, for 127.0.0.1', async () => {
    const out = await sClient(Number(broker.brokers[0].split(':')[1]), ca);
    expect(out).toMatch(/Verification: OK/);
    expect(out).toMatch(/Protocol version: TLSv1\.[23]/);
  });

  it('publishes as the gateway and consumes as notifications, in their own consumer group', async () => {
    const gateway = busAs('gateway', kafkaSecurityFromEnv(envOf(users.gateway)));
    const notifications = busAs('notifications', kafkaSecurityFromEnv(envOf(users.notifications)));
    const event = submittedEvent(randomUUID());
    const received: DeliveredMessage[] = [];
    await notifications.subscribe({
      groupId: 'notifications',
      topics: [TOPICS.requests],
      handle: async (m) => {
        received.push(m);
      },
    });
    await gateway.ensureTopics(TOPICS_WITH_DLQ); // what MessagingModule does at startup: no create needed
    await gateway.publish(TOPICS.requests, [toWire(event)]);
    const got = await eventually(
      async () => received.find((m) => m.headers.ce_id === event.id),
      45000,
      'the event over SASL_SSL',
    );
    expect(got.key).toBe(event.subject);
  });

  it('never writes the password in the client log, even at debug level', async () => {
    const lines: string[] = [];
    const capture = (wrong: boolean) =>
      new Kafka(
        kafkaClientConfig({
          clientId: 'sasl-ssl-log',
          brokers: broker.brokers,
          security: kafkaSecurityFromEnv(
            envOf(
              wrong ? { name: users.gateway.name, password: `${users.gateway.password}x` } : users.gateway,
            ),
          ),
          extra: {
            logLevel: logLevel.DEBUG,
            logCreator: () => (entry) => lines.push(JSON.stringify(entry)),
            retry: { retries: 0 },
          },
        }),
      ).admin();
    const good = capture(false);
    await good.connect();
    await good.listTopics();
    await good.disconnect();
    await expect(capture(true).connect()).rejects.toThrow();
    expect(lines.length).toBeGreaterThan(10); // it did log
    expect(lines.join('\n')).toContain('SASL');
    expect(lines.filter((l) => l.includes(users.gateway.password))).toEqual([]);
  });

  it('refuses a wrong password', async () => {
    const admin = probe(
      kafkaSecurityFromEnv(envOf({ name: users.gateway.name, password: 'not-the-password' })),
    );
    await expect(admin.connect()).rejects.toThrow(
      /SASL SCRAM SHA512 authentication failed|Authentication failed/i,
    );
  });

  it('refuses a client without TLS (the SCRAM exchange never starts)', async () => {
    const security = kafkaSecurityFromEnv(
      envOf(users.gateway, { KAFKA_SSL: '0', KAFKA_CA_FILE: '', NODE_ENV: 'development' }),
    );
    expect(security.tls).toBeUndefined();
    const admin = probe(security);
    // the broker reads the plaintext SASL handshake as a bad TLS record and closes the connection
    await expect(admin.connect()).rejects.toThrow(
      /Closed connection|Connection (closed|error|timeout)|ECONNRESET|EPIPE/i,
    );
    await admin.disconnect().catch(() => undefined);
  });

  it('stops notifications from writing a topic its ACLs do not give it, or joining another group', async () => {
    const notifications = busAs('notifications-writer', kafkaSecurityFromEnv(envOf(users.notifications)));
    await expect(
      notifications.publish(TOPICS.requests, [toWire(submittedEvent(randomUUID()))]),
    ).rejects.toThrow(/not authorized|authoriz/i);
    // kafkajs reports a refused FindCoordinator as "Failed to find group coordinator": its debug
    // log keeps the broker's answer
    const answers: string[] = [];
    const outsider = new Kafka(
      kafkaClientConfig({
        clientId: 'notifications-as-ballots',
        brokers: broker.brokers,
        security: kafkaSecurityFromEnv(envOf(users.notifications)),
        extra: {
          logLevel: logLevel.DEBUG,
          logCreator: () => (entry) => {
            const error = (entry.log as { error?: { type?: string } }).error;
            if (error?.type !== undefined) answers.push(error.type);
          },
          retry: { retries: 0 },
        },
      }),
    ).consumer({ groupId: 'ballots', retry: { retries: 0, restartOnFailure: async () => false } });
    await outsider.connect();
    try {
      await outsider.subscribe({ topic: TOPICS.requests });
      const crashed = new Promise<string>((resolve) =>
        outsider.on(outsider.events.CRASH, (e) => resolve(String(e.payload.error))),
      );
      await outsider.run({ eachMessage: async () => undefined });
      await expect(crashed).resolves.toMatch(/group coordinator/i);
      expect(answers).toContain('GROUP_AUTHORIZATION_FAILED');
    } finally {
      await outsider.disconnect().catch(() => undefined);
    }
  });

  /** an app's environment for startProcessStack: the service's Kafka settings, its own group name */
  const appEnv = (env: NodeJS.ProcessEnv): Record<string, string> => ({
    ...(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>),
    KAFKA_BROKERS: broker.brokers.join(','),
    CONSUMER_GROUP_PREFIX: '', // the ACLs name the production groups
  });

  it('runs the notifications app on it: the settings from its environment, ready under its ACLs', async () => {
    const stack = await startProcessStack(['notifications'], { env: appEnv(envOf(users.notifications)) });
    try {
      const ready = await eventually(
        async () => {
          const res = await fetch(`${stack.url('notifications')}/health/ready`);
          return res.status === 200 ? ((await res.json()) as unknown) : undefined;
        },
        60000,
        'notifications ready over SASL_SSL',
      );
      expect(ready).toMatchObject({ status: 'ok' });
      expect(stack.output('notifications')).not.toContain(users.notifications.password);
    } finally {
      await stack.stop();
    }
  });

  it('stops an app at startup that would send SASL without TLS in production, naming the problem', async () => {
    const env = appEnv(
      envOf(users.notifications, { KAFKA_SSL: '0', KAFKA_CA_FILE: '', NODE_ENV: 'production' }),
    );
    const failure = await startProcessStack(['notifications'], { env, startTimeoutMs: 60000 }).then(
      async (stack) => {
        await stack.stop();
        return 'started';
      },
      (error: unknown) => String(error),
    );
    expect(failure).toMatch(/exited \(\d+\) before it was healthy/);
    expect(failure).toMatch(
      /Kafka client configuration refused[\s\S]*SASL without TLS is refused in production/,
    );
    expect(failure).not.toContain(users.notifications.password);
  });
});
