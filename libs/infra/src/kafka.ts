import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { cacheRoot, defaultLog, Log } from './paths';
import { freePort, isPortFree } from './ports';
import {
  commandLine,
  commandWorks,
  isAlive,
  sleep,
  TailBuffer,
  terminate,
  terminatePid,
  tieToParent,
} from './process';

export const KAFKA_VERSION = '3.9.1';

export interface EnsureKafkaOptions {
  purpose: 'test' | 'dev';
  log?: Log;
  /** Readiness timeout for the started broker (default 90 s: a cold JVM on 2 cores). */
  readyTimeoutMs?: number;
}

export interface KafkaHandle {
  brokers: string[];
  /** Stops a broker this call started (no-op for KAFKA_BROKERS); tests also lose its data dir. */
  stop(): Promise<void>;
}

interface BrokerRecord {
  jvmPid: number;
  parentPid: number;
  purpose: 'test' | 'dev';
  dataDir: string;
  brokers: string[];
}

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.uocava.local</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
  </dependencies>
</project>
`;

/** INFO to a file in the data dir (read back on failure), WARN and above to stderr. */
function log4jProperties(logFile: string): string {
  return [
    'log4j.rootLogger=INFO, file, stderr',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stderr.Target=System.err',
    'log4j.appender.stderr.Threshold=WARN',
    'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    '',
  ].join('\n');
}

function serverProperties(port: number, controllerPort: number, logDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=3',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'log.cleaner.dedupe.buffer.size=16777216',
    'num.network.threads=2',
    'num.io.threads=2',
    '',
  ].join('\n');
}

function kafkaDir(): string {
  return join(cacheRoot(), `kafka-${KAFKA_VERSION}`);
}

function brokersDir(): string {
  return join(kafkaDir(), 'brokers');
}

/** Downloads the broker jars once (mvn copy-dependencies), into `<cache>/kafka-3.9.1/libs`. */
export async function ensureKafkaJars(log: Log = defaultLog): Promise<string> {
  const base = kafkaDir();
  const libs = join(base, 'libs');
  if (existsSync(join(libs, '.complete'))) return libs;
  if (!commandWorks('mvn', ['-v'])) throw missingToolsError('mvn (Apache Maven) was not found');
  mkdirSync(base, { recursive: true });
  const work = mkdtempSync(join(base, 'download-'));
  const out = join(work, 'libs');
  writeFileSync(join(work, 'pom.xml'), POM);
  log(`kafka: fetching Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${libs} (first run only)`);
  const started = Date.now();
  const tail = new TailBuffer(40);
  let downloads = 0;
  let lastReport = 0;
  const code = await new Promise<number | null>((resolve, reject) => {
    const mvn = spawn(
      'mvn',
      [
        '-B',
        '-f',
        join(work, 'pom.xml'),
        'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${out}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
    );
    const onData = (chunk: Buffer): void => {
      for (const line of tail.push(chunk.toString('utf8'))) {
        const match = /Downloaded from [^:]+: \S*\/([^/\s]+) \(([^)]*)\)/.exec(line);
        if (match === null) continue;
        downloads += 1;
        const now = Date.now();
        if (now - lastReport > 2000 || /kafka_2\.13.*\.jar$/.test(match[1])) {
          lastReport = now;
          log(`kafka: maven downloaded ${downloads} files so far (latest ${match[1]}, ${match[2]})`);
        }
      }
    };
    mvn.stdout.on('data', onData);
    mvn.stderr.on('data', onData);
    mvn.once('error', reject);
    mvn.once('close', resolve);
  });
  if (code !== 0) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`kafka: mvn copy-dependencies failed (exit ${code}). Last output:\n${tail.text()}`);
  }
  const jars = readdirSync(out).filter((f) => f.endsWith('.jar'));
  writeFileSync(join(out, '.complete'), `${jars.length} jars\n`);
  try {
    renameSync(out, libs);
  } catch (error) {
    // Another run finished first: keep its copy.
    if (!existsSync(join(libs, '.complete'))) throw error;
  }
  rmSync(work, { recursive: true, force: true });
  log(
    `kafka: ${jars.length} jars ready (${downloads} downloaded) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return libs;
}

function missingToolsError(what: string): Error {
  return new Error(
    `Cannot provide a Kafka broker: ${what}. Do one of:\n` +
      '  - install Java 17 and Maven (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless maven); ' +
      `the broker jars (Apache Kafka ${KAFKA_VERSION}) are then fetched once from Maven Central;\n` +
      '  - set KAFKA_BROKERS=host:port[,host:port] to use a running broker;\n' +
      '  - or with Docker: `docker compose up -d kafka` and KAFKA_BROKERS=127.0.0.1:9092.',
  );
}

/** Kills brokers left behind by runs whose parent process is gone. */
async function reapStaleBrokers(log: Log): Promise<void> {
  const dir = brokersDir();
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json')) continue;
    const path = join(dir, file);
    let record: BrokerRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as BrokerRecord;
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    if (isAlive(record.parentPid)) continue;
    if (isAlive(record.jvmPid) && (commandLine(record.jvmPid) ?? '').includes('kafka.Kafka')) {
      log(`kafka: stopping stale broker pid ${record.jvmPid} left by dead process ${record.parentPid}`);
      await terminatePid(record.jvmPid, 10000);
    }
    if (record.purpose === 'test') rmSync(record.dataDir, { recursive: true, force: true });
    rmSync(path, { force: true });
  }
}

/** A dev broker started by another live process (possibly still starting), if any. */
function liveDevBroker(): BrokerRecord | undefined {
  const dir = brokersDir();
  if (!existsSync(dir)) return undefined;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json')) continue;
    try {
      const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as BrokerRecord;
      if (record.purpose === 'dev' && isAlive(record.jvmPid) && isAlive(record.parentPid)) return record;
    } catch {
      // unreadable: the reaper removes it
    }
  }
  return undefined;
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

async function waitReady(
  brokers: string[],
  exited: () => string | undefined,
  timeoutMs: number,
  failure: (why: string) => Error,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not tried';
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit !== undefined) throw failure(`the broker JVM exited (${exit})`);
    const admin = new Kafka({
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
      if (cluster.brokers.length > 0 && cluster.controller !== null) return;
      lastError = 'no broker or controller in describeCluster() yet';
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(500);
  }
  throw failure(`not ready after ${timeoutMs} ms (last probe error: ${lastError})`);
}

/**
 * A Kafka broker: `KAFKA_BROKERS` when set, else a real Apache Kafka 3.9.1 (KRaft, single node)
 * started here from Maven Central jars with the local Java.
 */
export async function ensureKafka(opts: EnsureKafkaOptions): Promise<KafkaHandle> {
  const log = opts.log ?? defaultLog;
  const fromEnv = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (fromEnv.length > 0) {
    log(`kafka: using KAFKA_BROKERS=${fromEnv.join(',')}`);
    return { brokers: fromEnv, stop: async () => undefined };
  }
  if (!commandWorks('java', ['-version'])) throw missingToolsError('java was not found on PATH');
  const libs = await ensureKafkaJars(log);
  await reapStaleBrokers(log);
  if (opts.purpose === 'dev') {
    const running = liveDevBroker();
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
      );
      return { brokers: running.brokers, stop: async () => undefined };
    }
  }

  const started = Date.now();
  const [port, controllerPort] = await pickPorts(opts.purpose, log);
  const dataDir =
    opts.purpose === 'test' ? mkdtempSync(join(tmpdir(), 'uocava-kafka-')) : join(kafkaDir(), `dev-${port}`);
  mkdirSync(dataDir, { recursive: true });
  const logDir = join(dataDir, 'kraft-logs');
  const propsFile = join(dataDir, 'server.properties');
  const log4jFile = join(dataDir, 'log4j.properties');
  const serverLog = join(dataDir, 'server.log');
  writeFileSync(propsFile, serverProperties(port, controllerPort, logDir));
  writeFileSync(log4jFile, log4jProperties(serverLog));
  const classpath = `${libs}/*`;
  const log4jArg = `-Dlog4j.configuration=file:${log4jFile}`;

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
      clusterId(dataDir),
      '-c',
      propsFile,
      '-g',
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
    { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
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
  };
  writeFileSync(pidFile, JSON.stringify(record));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await terminate(child, 10000);
    rmSync(pidFile, { force: true });
    if (opts.purpose === 'test') rmSync(dataDir, { recursive: true, force: true });
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
    );
  } catch (error) {
    await stop();
    throw error;
  }
  log(
    `kafka: Apache Kafka ${KAFKA_VERSION} ready on ${brokers[0]} (controller ${controllerPort}, pid ${child.pid}, ` +
      `data ${dataDir}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { brokers, stop };
}
