/**
 * The Apache Kafka broker jars: fetched once from Maven Central (mvn copy-dependencies) into the
 * cache, then reused by every run.
 */
import { join } from 'node:path';
import { ensureMavenJars } from './maven-jars';
import { cacheRoot, defaultLog, Log } from './paths';

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
export function ensureKafkaJars(log: Log = defaultLog): Promise<string> {
  return ensureMavenJars(
    {
      label: 'kafka',
      what: `Apache Kafka ${KAFKA_VERSION}`,
      base: kafkaDir(),
      pom: POM,
      mainJar: /kafka_2\.13.*\.jar$/,
      missingMaven: () => missingToolsError('mvn (Apache Maven) was not found'),
    },
    log,
  );
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
