import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeKafkaSecurity,
  kafkaClientConfig,
  KafkaConfigError,
  kafkaSecurityFromEnv,
} from './kafka-client-config';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
const SECRET = 'correct-horse-battery-staple';

describe('kafka client configuration from the environment', () => {
  let dir: string;
  let ca: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-config-'));
    ca = join(dir, 'ca.pem');
    writeFileSync(ca, CERT);
    writeFileSync(join(dir, 'client.pem'), CERT);
    writeFileSync(join(dir, 'client.key'), KEY);
    writeFileSync(join(dir, 'password'), `${SECRET}\n`);
    writeFileSync(join(dir, 'not-pem'), 'hello');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is plaintext without SASL when nothing is set (development)', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
    const config = kafkaClientConfig({ clientId: 'x', brokers: ['b:9092'], security: {} });
    expect(config).toEqual({ clientId: 'x', brokers: ['b:9092'] });
  });

  it('builds TLS with the CA and SCRAM-SHA-512 with the password from a mounted file', () => {
    const security = kafkaSecurityFromEnv({
      KAFKA_SSL: '1',
      KAFKA_CA_FILE: ca,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'gateway',
      KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
      NODE_ENV: 'production',
    });
    const config = kafkaClientConfig({ clientId: 'gateway', brokers: ['k:9093'], security });
    expect(config.ssl).toEqual({ rejectUnauthorized: true, ca: [CERT] });
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'gateway', password: SECRET });
    expect(describeKafkaSecurity(security)).toBe(
      'TLS (CA from KAFKA_CA_FILE), SASL scram-sha-512 as gateway',
    );
    expect(describeKafkaSecurity(security)).not.toContain(SECRET);
  });

  it('reads KAFKA_BROKERS and keeps the caller settings but never lets them replace ssl or sasl', () => {
    const saved = process.env.KAFKA_BROKERS;
    process.env.KAFKA_BROKERS = ' a:1, b:2 ,';
    try {
      const config = kafkaClientConfig({ clientId: 'c', security: {}, extra: { connectionTimeout: 5 } });
      expect(config).toEqual({ clientId: 'c', brokers: ['a:1', 'b:2'], connectionTimeout: 5 });
    } finally {
      if (saved === undefined) delete process.env.KAFKA_BROKERS;
      else process.env.KAFKA_BROKERS = saved;
    }
  });

  it('implies TLS from a CA file and takes a client certificate for mutual TLS', () => {
    const security = kafkaSecurityFromEnv({
      KAFKA_CA_FILE: ca,
      KAFKA_CERT_FILE: join(dir, 'client.pem'),
      KAFKA_KEY_FILE: join(dir, 'client.key'),
      KAFKA_TLS_SERVERNAME: 'kafka.internal',
    });
    expect(security.tls).toEqual({ ca: CERT, cert: CERT, key: KEY, servername: 'kafka.internal' });
  });

  it('refuses SASL without TLS in production unless explicitly allowed', () => {
    const env = {
      NODE_ENV: 'production',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'gateway',
      KAFKA_SASL_PASSWORD: SECRET,
    };
    expect(() => kafkaSecurityFromEnv(env)).toThrow(/SASL without TLS is refused in production/);
    expect(kafkaSecurityFromEnv({ ...env, KAFKA_ALLOW_INSECURE_SASL: '1' }).sasl?.username).toBe('gateway');
    expect(kafkaSecurityFromEnv({ ...env, NODE_ENV: 'development' }).tls).toBeUndefined();
  });

  it('names every problem at once and never repeats the password', () => {
    let error: unknown;
    try {
      kafkaSecurityFromEnv({
        KAFKA_SSL: 'maybe',
        KAFKA_CA_FILE: join(dir, 'not-pem'),
        KAFKA_CERT_FILE: join(dir, 'client.pem'),
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_PASSWORD: SECRET,
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KafkaConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/KAFKA_SSL must be 1 or 0/);
    expect(message).toMatch(/KAFKA_CA_FILE=.*not-pem holds no PEM/);
    expect(message).toMatch(/KAFKA_CERT_FILE and KAFKA_KEY_FILE go together/);
    expect(message).toMatch(/KAFKA_SASL_MECHANISM must be scram-sha-512 or scram-sha-256/);
    expect(message).toMatch(/KAFKA_SASL_USERNAME is not set/);
    expect(message).toMatch(/not both/);
    expect(message).not.toContain(SECRET);
  });

  it('names an unreadable CA or password file', () => {
    expect(() =>
      kafkaSecurityFromEnv({
        KAFKA_CA_FILE: join(dir, 'missing.pem'),
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'missing-password'),
      }),
    ).toThrow(
      /KAFKA_CA_FILE=.*missing\.pem cannot be read \(ENOENT\)[\s\S]*KAFKA_SASL_PASSWORD_FILE=.*cannot be read/,
    );
  });
});
