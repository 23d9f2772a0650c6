/**
 * The one place a kafkajs client configuration is built (brokers, TLS, SASL/SCRAM), from the
 * environment. Every kafkajs client of the platform (KafkaJsBus and its admin, the cli, the test
 * helpers) goes through kafkaClientConfig, so that a deployment on a secured cluster sets a few
 * variables and nothing else changes:
 *
 *   KAFKA_BROKERS            host:port[,host:port]
 *   KAFKA_SSL                1 = TLS to the brokers (also implied by KAFKA_CA_FILE or a client cert)
 *   KAFKA_CA_FILE            PEM file of the CA(s) that signed the brokers' certificates (else the
 *                            system's trust store)
 *   KAFKA_CERT_FILE          PEM client certificate, with KAFKA_KEY_FILE (mutual TLS, optional)
 *   KAFKA_KEY_FILE           PEM private key of that certificate
 *   KAFKA_TLS_SERVERNAME     the name to check on the brokers' certificates, when it is not the host
 *   KAFKA_SASL_MECHANISM     scram-sha-512 (or scram-sha-256)
 *   KAFKA_SASL_USERNAME      the SCRAM user (a Strimzi KafkaUser, see deploy/kafka/users.yaml)
 *   KAFKA_SASL_PASSWORD      its password, or KAFKA_SASL_PASSWORD_FILE: a file holding it (a mounted
 *                            Secret); never logged
 *   KAFKA_ALLOW_INSECURE_SASL  1 = accept SASL without TLS in production (the password would cross
 *                            the network in the clear; SCRAM does not send it, but the session is
 *                            still unencrypted)
 *
 * Production mode is NODE_ENV=production: there SASL without TLS is refused unless explicitly
 * allowed. Certificate verification is always on (no variable turns it off).
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

export type ScramMechanism = 'scram-sha-512' | 'scram-sha-256';

export interface KafkaSecurity {
  /** TLS to the brokers; undefined = plaintext */
  tls?: { ca?: string; cert?: string; key?: string; servername?: string };
  /** SASL/SCRAM credentials; undefined = no SASL */
  sasl?: { mechanism: ScramMechanism; username: string; password: string };
}

/** A configuration the platform refuses to start with. */
export class KafkaConfigError extends Error {
  constructor(problems: string[]) {
    super(`Kafka client configuration refused:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KafkaConfigError';
  }
}

export function brokersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0)
    throw new Error('KAFKA_BROKERS is not set (npm start and npm test set it for you)');
  return brokers;
}

const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';
const flag = (value: string | undefined): boolean => set(value) && /^(1|true|yes|on)$/i.test(value.trim());

function readPem(problems: string[], variable: string, path: string, marker: RegExp): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`${variable}=${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  if (!marker.test(text)) {
    problems.push(`${variable}=${path} holds no PEM ${marker.source.replace(/\\/g, '')} block`);
    return undefined;
  }
  return text;
}

/**
 * The TLS and SASL settings the environment asks for, validated: every problem is named at once
 * (a refused configuration throws KafkaConfigError; the message never contains the password).
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  const problems: string[] = [];
  const security: KafkaSecurity = {};

  const wantsTls =
    flag(env.KAFKA_SSL) || set(env.KAFKA_CA_FILE) || set(env.KAFKA_CERT_FILE) || set(env.KAFKA_KEY_FILE);
  if (set(env.KAFKA_SSL) && !flag(env.KAFKA_SSL) && !/^(0|false|no|off)$/i.test(env.KAFKA_SSL.trim()))
    problems.push(`KAFKA_SSL must be 1 or 0, not "${env.KAFKA_SSL}"`);
  if (wantsTls) {
    const tls: NonNullable<KafkaSecurity['tls']> = {};
    if (set(env.KAFKA_CA_FILE))
      tls.ca = readPem(problems, 'KAFKA_CA_FILE', env.KAFKA_CA_FILE, /-----BEGIN CERTIFICATE-----/);
    if (set(env.KAFKA_CERT_FILE) !== set(env.KAFKA_KEY_FILE))
      problems.push('KAFKA_CERT_FILE and KAFKA_KEY_FILE go together (mutual TLS needs both)');
    else if (set(env.KAFKA_CERT_FILE) && set(env.KAFKA_KEY_FILE)) {
      tls.cert = readPem(problems, 'KAFKA_CERT_FILE', env.KAFKA_CERT_FILE, /-----BEGIN CERTIFICATE-----/);
      tls.key = readPem(problems, 'KAFKA_KEY_FILE', env.KAFKA_KEY_FILE, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }
    if (set(env.KAFKA_TLS_SERVERNAME)) tls.servername = env.KAFKA_TLS_SERVERNAME.trim();
    security.tls = tls;
  }

  const saslAsked =
    set(env.KAFKA_SASL_MECHANISM) ||
    set(env.KAFKA_SASL_USERNAME) ||
    set(env.KAFKA_SASL_PASSWORD) ||
    set(env.KAFKA_SASL_PASSWORD_FILE);
  if (saslAsked) {
    const mechanism = (env.KAFKA_SASL_MECHANISM ?? '').trim().toLowerCase();
    if (mechanism !== 'scram-sha-512' && mechanism !== 'scram-sha-256')
      problems.push(
        `KAFKA_SASL_MECHANISM must be scram-sha-512 or scram-sha-256 (got "${env.KAFKA_SASL_MECHANISM ?? ''}")`,
      );
    if (!set(env.KAFKA_SASL_USERNAME)) problems.push('KAFKA_SASL_USERNAME is not set');
    let password: string | undefined;
    if (set(env.KAFKA_SASL_PASSWORD) && set(env.KAFKA_SASL_PASSWORD_FILE))
      problems.push('set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
    else if (set(env.KAFKA_SASL_PASSWORD_FILE)) {
      try {
        // a mounted Secret file may end with a newline; the password never does
        password = readFileSync(env.KAFKA_SASL_PASSWORD_FILE, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        problems.push(
          `KAFKA_SASL_PASSWORD_FILE=${env.KAFKA_SASL_PASSWORD_FILE} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
      if (password === '') problems.push(`KAFKA_SASL_PASSWORD_FILE=${env.KAFKA_SASL_PASSWORD_FILE} is empty`);
    } else if (set(env.KAFKA_SASL_PASSWORD)) password = env.KAFKA_SASL_PASSWORD;
    else problems.push('KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is not set');
    if (security.tls === undefined && env.NODE_ENV === 'production' && !flag(env.KAFKA_ALLOW_INSECURE_SASL))
      problems.push(
        'SASL without TLS is refused in production (NODE_ENV=production): set KAFKA_SSL=1 ' +
          '(and KAFKA_CA_FILE), or KAFKA_ALLOW_INSECURE_SASL=1 to accept an unencrypted session',
      );
    if (problems.length === 0 && password !== undefined && set(env.KAFKA_SASL_USERNAME))
      security.sasl = {
        mechanism: mechanism as ScramMechanism,
        username: env.KAFKA_SASL_USERNAME.trim(),
        password,
      };
  }
  if (problems.length > 0) throw new KafkaConfigError(problems);
  return security;
}

/** What the client will do, for a startup log line: never the password or key material. */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  const tls =
    security.tls === undefined
      ? 'plaintext'
      : `TLS (${security.tls.ca !== undefined ? 'CA from KAFKA_CA_FILE' : 'system CAs'}${security.tls.cert !== undefined ? ', client certificate' : ''})`;
  const sasl =
    security.sasl === undefined ? 'no SASL' : `SASL ${security.sasl.mechanism} as ${security.sasl.username}`;
  return `${tls}, ${sasl}`;
}

export interface KafkaClientConfigOptions {
  clientId: string;
  /** default: KAFKA_BROKERS */
  brokers?: string[];
  /** default: kafkaSecurityFromEnv() */
  security?: KafkaSecurity;
  /** the caller's own settings (log level, retry, timeouts); they cannot override brokers, ssl or sasl */
  extra?: Omit<KafkaConfig, 'clientId' | 'brokers' | 'ssl' | 'sasl'>;
}

/** The kafkajs configuration of one client: brokers, TLS and SASL from the environment. */
export function kafkaClientConfig(options: KafkaClientConfigOptions): KafkaConfig {
  const security = options.security ?? kafkaSecurityFromEnv();
  const config: KafkaConfig = {
    ...options.extra,
    clientId: options.clientId,
    brokers: options.brokers ?? brokersFromEnv(),
  };
  if (security.tls !== undefined) {
    const { ca, cert, key, servername } = security.tls;
    const tls: ConnectionOptions = { rejectUnauthorized: true };
    if (ca !== undefined) tls.ca = [ca];
    if (cert !== undefined && key !== undefined) Object.assign(tls, { cert, key });
    if (servername !== undefined) tls.servername = servername;
    config.ssl = tls;
  }
  if (security.sasl !== undefined) {
    const { mechanism, username, password } = security.sasl;
    const sasl: SASLOptions = { mechanism, username, password };
    config.sasl = sasl;
  }
  return config;
}
