/**
 * A Kafka broker for tests and development: `KAFKA_BROKERS`, a live dev broker of another process,
 * or a real Apache Kafka started here (see kafka-jars.ts, kafka-config.ts, kafka-brokers.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { defaultLog, devStackId, Log } from './paths';
import { freePort, isPortFree } from './ports';
import { commandWorks, isAlive, sleep, TailBuffer, terminate, tieToParent } from './process';
import { brokersDir, liveDevBroker, reapStaleBrokers, type BrokerRecord } from './kafka-brokers';
import { log4jProperties, serverProperties, type SaslSslListener } from './kafka-config';
import { ensureKafkaJars, KAFKA_VERSION, kafkaDir, missingToolsError } from './kafka-jars';

export { ensureKafkaJars, KAFKA_VERSION };

export interface EnsureKafkaOptions {
  purpose: 'test' | 'dev';
  log?: Log;
  /** Readiness timeout for the started broker (default 90 s: a cold JVM on 2 cores). */
  readyTimeoutMs?: number;
  /**
   * A broker of the caller's own (fault-injection tests): always started here (KAFKA_BROKERS and
   * a live dev broker are ignored) on these ports with this data dir, which `stop()` keeps, so
   * that calling ensureKafka again with the same `own` restarts the same broker (same cluster id,
   * same topics and offsets).
   */
  own?: { port: number; controllerPort: number; dataDir: string };
  /**
   * A throwaway broker whose only client listener is SASL_SSL (TLS + SCRAM-SHA-512) with ACLs
   * (StandardAuthorizer): always started here, like `own`. The SCRAM users are created at format
   * time (`StorageTool format --add-scram`); `superUser` is the broker's own and the probe's.
   */
  saslSsl?: SaslSslListener & { users: { name: string; password: string }[] };
}

export interface KafkaHandle {
  brokers: string[];
  /** Stops a broker this call started (no-op for KAFKA_BROKERS); tests also lose its data dir. */
  stop(): Promise<void>;
}

async function pickPorts(purpose: 'test' | 'dev', log: Log): Promise<[number, number]> {
  if (purpose === 'dev' && (await isPortFree(9092)) && (await isPortFree(9093))) return [9092, 9093];
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  if (purpose === 'dev')
    log(`kafka: 9092/9093 busy, using ports ${port} (broker) and ${controllerPort} (controller)`);
  return [port, controllerPort];
}

function clusterId(dataDir: string): string {
  const file = join(dataDir, 'cluster-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // Like Kafka's Uuid.randomUuid(): never start with '-', which the CLI would read as a flag.
  let id = randomBytes(16).toString('base64url');
  while (id.startsWith('-')) id = randomBytes(16).toString('base64url');
  writeFileSync(file, `${id}\n`);
  return id;
}

function runJava(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const tail = new TailBuffer(40);
    child.stdout.on('data', (c: Buffer) => tail.push(c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => tail.push(c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output: tail.text() }));
  });
}

function lastLines(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '(no server.log)';
  }
}

/**
 * Waits until the broker answers with a controller. With `expectedClusterId`, the broker that
 * answers must be the one started here (the cluster id it was formatted with): a foreign broker
 * that took the port meanwhile is refused at once, never reported ready.
 */
async function waitReady(
  brokers: string[],
  exited: () => string | undefined,
  timeoutMs: number,
  failure: (why: string) => Error,
  expectedClusterId?: string,
  security: Pick<KafkaConfig, 'ssl' | 'sasl'> = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not tried';
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit !== undefined) throw failure(`the broker JVM exited (${exit})`);
    const admin = new Kafka({
      ...security,
      clientId: 'uocava-infra-probe',
      brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 3000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (expectedClusterId !== undefined && cluster.clusterId !== expectedClusterId)
        throw new ForeignBrokerError(
          failure(
            `${brokers.join(',')} answers with cluster id ${cluster.clusterId}, not ${expectedClusterId}: another broker holds the port`,
          ).message,
        );
      if (cluster.brokers.length > 0 && cluster.controller !== null) return;
      lastError = 'no broker or controller in describeCluster() yet';
    } catch (error) {
      if (error instanceof ForeignBrokerError) throw error;
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(500);
  }
  throw failure(`not ready after ${timeoutMs} ms (last probe error: ${lastError})`);
}

class ForeignBrokerError extends Error {}

/**
 * A Kafka broker: `KAFKA_BROKERS` when set, else a real Apache Kafka 3.9.1 (KRaft, single node)
 * started here from Maven Central jars with the local Java.
 */
export async function ensureKafka(opts: EnsureKafkaOptions): Promise<KafkaHandle> {
  try {
    return await ensureKafkaOnce(opts);
  } catch (error) {
    // 9092/9093 looked free, but another process (e.g. a second dev stack starting at the same
    // moment) bound them first: start on free ports instead, once
    if (opts.purpose !== 'dev' || opts.own !== undefined || !/Address already in use/.test(String(error)))
      throw error;
    const log = opts.log ?? defaultLog;
    const port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    log(
      `kafka: the preferred ports were taken while the broker started; using ports ${port} and ${controllerPort}`,
    );
    const dataDir = join(
      kafkaDir(),
      devStackId() === undefined ? `dev-${port}` : `dev-${devStackId()}-${port}`,
    );
    return ensureKafkaOnce({ ...opts, own: { port, controllerPort, dataDir } });
  }
}

async function ensureKafkaOnce(opts: EnsureKafkaOptions): Promise<KafkaHandle> {
  const log = opts.log ?? defaultLog;
  const fromEnv = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const ownBroker = opts.own !== undefined || opts.saslSsl !== undefined;
  if (fromEnv.length > 0 && !ownBroker) {
    log(`kafka: using KAFKA_BROKERS=${fromEnv.join(',')}`);
    return { brokers: fromEnv, stop: async () => undefined };
  }
  if (!commandWorks('java', ['-version'])) throw missingToolsError('java was not found on PATH');
  const libs = await ensureKafkaJars(log);
  await reapStaleBrokers(log);
  if (opts.purpose === 'dev' && !ownBroker) {
    const running = liveDevBroker(devStackId());
    if (running !== undefined) {
      log(
        `kafka: reusing the dev broker ${running.brokers.join(',')} (pid ${running.jvmPid}, started by pid ${running.parentPid})`,
      );
      await waitReady(
        running.brokers,
        () => (isAlive(running.jvmPid) ? undefined : 'it is gone'),
        opts.readyTimeoutMs ?? 90000,
        (why) =>
          new Error(`kafka: dev broker ${running.brokers.join(',')} (pid ${running.jvmPid}) failed: ${why}`),
        existsSync(join(running.dataDir, 'cluster-id'))
          ? readFileSync(join(running.dataDir, 'cluster-id'), 'utf8').trim()
          : undefined,
      );
      return { brokers: running.brokers, stop: async () => undefined };
    }
  }

  const started = Date.now();
  const [port, controllerPort] = opts.own
    ? [opts.own.port, opts.own.controllerPort]
    : await pickPorts(opts.purpose, log);
  const dataDir =
    opts.own?.dataDir ??
    (opts.purpose === 'test'
      ? mkdtempSync(join(tmpdir(), 'uocava-kafka-'))
      : join(kafkaDir(), devStackId() === undefined ? `dev-${port}` : `dev-${devStackId()}-${port}`));
  mkdirSync(dataDir, { recursive: true });
  const logDir = join(dataDir, 'kraft-logs');
  const propsFile = join(dataDir, 'server.properties');
  const log4jFile = join(dataDir, 'log4j.properties');
  const serverLog = join(dataDir, 'server.log');
  writeFileSync(propsFile, serverProperties(port, controllerPort, logDir, opts.saslSsl));
  writeFileSync(log4jFile, log4jProperties(serverLog));
  const classpath = `${libs}/*`;
  const log4jArg = `-Dlog4j.configuration=file:${log4jFile}`;

  const ownClusterId = clusterId(dataDir);
  const format = await runJava(
    [
      '-Xmx256m',
      '-XX:+UseSerialGC',
      log4jArg,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      ownClusterId,
      '-c',
      propsFile,
      '-g',
      ...(opts.saslSsl?.users ?? []).flatMap((u) => [
        '--add-scram',
        `SCRAM-SHA-512=[name=${u.name},password=${u.password}]`,
      ]),
    ],
    dataDir,
  );
  if (format.code !== 0) {
    throw new Error(`kafka: StorageTool format failed (exit ${format.code}):\n${format.output}`);
  }

  const child = spawn(
    'java',
    [
      '-Xms128m',
      '-Xmx512m',
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      log4jArg,
      '-cp',
      classpath,
      'kafka.Kafka',
      propsFile,
    ],
    // its own process group: a Ctrl-C in the terminal reaches the apps and their runner, which
    // stops the broker after them (reached at once, it left every app logging connection errors
    // while it shut down); tieToParent's watchdog still stops it if the runner dies
    { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'], env: process.env, detached: true },
  );
  const stderr = new TailBuffer(40);
  child.stdout?.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  tieToParent(child);
  // The broker alone must not keep this process alive (a test that times out would hang jest);
  // it dies with the process instead (exit handler + watchdog).
  child.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  const brokers = [`127.0.0.1:${port}`];
  const pidFile = join(brokersDir(), `${child.pid}.json`);
  mkdirSync(brokersDir(), { recursive: true });
  const record: BrokerRecord = {
    jvmPid: child.pid ?? -1,
    parentPid: process.pid,
    purpose: opts.purpose,
    dataDir,
    brokers,
    ...(opts.purpose === 'dev' && devStackId() !== undefined ? { stackId: devStackId() } : {}),
  };
  writeFileSync(pidFile, JSON.stringify(record));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await terminate(child, 10000);
    rmSync(pidFile, { force: true });
    if (opts.purpose === 'test' && opts.own === undefined) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitReady(
      brokers,
      () =>
        child.exitCode !== null || child.signalCode !== null
          ? `code ${child.exitCode}, signal ${child.signalCode}`
          : undefined,
      opts.readyTimeoutMs ?? 90000,
      (why) =>
        new Error(
          `kafka: broker on ${brokers[0]} failed: ${why}\n--- broker stderr ---\n${stderr.text()}\n` +
            `--- last lines of ${serverLog} ---\n${lastLines(serverLog, 30)}`,
        ),
      ownClusterId,
      opts.saslSsl === undefined
        ? {}
        : {
            ssl: { ca: [readFileSync(opts.saslSsl.truststoreFile, 'utf8')] },
            sasl: {
              mechanism: 'scram-sha-512',
              username: opts.saslSsl.superUser.name,
              password: opts.saslSsl.superUser.password,
            },
          },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  log(
    `kafka: Apache Kafka ${KAFKA_VERSION} ready on ${opts.saslSsl ? 'SASL_SSL ' : ''}${brokers[0]} (cluster ${ownClusterId}, controller ${controllerPort}, pid ${child.pid}, ` +
      `data ${dataDir}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { brokers, stop };
}
