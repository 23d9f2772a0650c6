/**
 * The Apache Kafka broker jars: fetched once from Maven Central (mvn copy-dependencies) into the
 * cache, then reused by every run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, defaultLog, Log } from './paths';
import { commandWorks, TailBuffer } from './process';

export const KAFKA_VERSION = '3.9.1';

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

export function kafkaDir(): string {
  return join(cacheRoot(), `kafka-${KAFKA_VERSION}`);
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

export function missingToolsError(what: string): Error {
  return new Error(
    `Cannot provide a Kafka broker: ${what}. Do one of:\n` +
      '  - install Java 17 and Maven (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless maven); ' +
      `the broker jars (Apache Kafka ${KAFKA_VERSION}) are then fetched once from Maven Central;\n` +
      '  - set KAFKA_BROKERS=host:port[,host:port] to use a running broker;\n' +
      '  - or with Docker: `docker compose up -d kafka` and KAFKA_BROKERS=127.0.0.1:9092.',
  );
}
