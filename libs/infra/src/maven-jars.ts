/**
 * Jars from Maven Central, fetched once (mvn copy-dependencies of a throw-away pom) into a
 * directory of the cache, then reused by every run. The Kafka broker and veraPDF use it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLog, Log } from './paths';
import { commandWorks, TailBuffer } from './process';

export interface MavenJarsSpec {
  /** prefix of the log lines, e.g. `kafka` */
  label: string;
  /** what is fetched, for the log, e.g. `Apache Kafka 3.9.1` */
  what: string;
  /** directory of the cache that ends up holding `libs/` */
  base: string;
  /** the pom whose runtime dependencies are copied */
  pom: string;
  /** a jar name worth a log line of its own when downloaded */
  mainJar?: RegExp;
  /** the error thrown when mvn is missing */
  missingMaven: () => Error;
}

/** Downloads the jars of `spec.pom` once, into `<spec.base>/libs`; returns that directory. */
export async function ensureMavenJars(spec: MavenJarsSpec, log: Log = defaultLog): Promise<string> {
  const { base, label } = spec;
  const libs = join(base, 'libs');
  if (existsSync(join(libs, '.complete'))) return libs;
  if (!commandWorks('mvn', ['-v'])) throw spec.missingMaven();
  mkdirSync(base, { recursive: true });
  const work = mkdtempSync(join(base, 'download-'));
  const out = join(work, 'libs');
  writeFileSync(join(work, 'pom.xml'), spec.pom);
  log(`${label}: fetching ${spec.what} jars from Maven Central into ${libs} (first run only)`);
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
        if (now - lastReport > 2000 || (spec.mainJar?.test(match[1]) ?? false)) {
          lastReport = now;
          log(`${label}: maven downloaded ${downloads} files so far (latest ${match[1]}, ${match[2]})`);
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
    throw new Error(`${label}: mvn copy-dependencies failed (exit ${code}). Last output:\n${tail.text()}`);
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
    `${label}: ${jars.length} jars ready (${downloads} downloaded) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return libs;
}
