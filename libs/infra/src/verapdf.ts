/**
 * veraPDF (the PDF Association's reference validator, greenfield build) from Maven Central:
 * fetched once into the cache like the Kafka jars, then run on the local Java on one file with one
 * profile. Used by tests that check PDF/UA-1 and PDF/A-2b conformance.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureMavenJars } from './maven-jars';
import { cacheRoot, defaultLog, Log } from './paths';
import { TailBuffer } from './process';

export const VERAPDF_VERSION = '1.28.2';

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.uocava.local</groupId>
  <artifactId>verapdf-runtime</artifactId>
  <version>${VERAPDF_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.verapdf.apps</groupId><artifactId>greenfield-apps</artifactId><version>${VERAPDF_VERSION}</version></dependency>
  </dependencies>
</project>
`;

export function veraPdfDir(): string {
  return join(cacheRoot(), `verapdf-${VERAPDF_VERSION}`);
}

/** Downloads the veraPDF jars once, into `<cache>/verapdf-1.28.2/libs`; returns that directory. */
export function ensureVeraPdf(log: Log = defaultLog): Promise<string> {
  return ensureMavenJars(
    {
      label: 'verapdf',
      what: `veraPDF ${VERAPDF_VERSION}`,
      base: veraPdfDir(),
      pom: POM,
      mainJar: /greenfield-apps.*\.jar$/,
      missingMaven: () =>
        new Error(
          'Cannot run veraPDF: mvn (Apache Maven) was not found. Install Java 17 and Maven ' +
            '(Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless maven); the validator is then ' +
            'fetched once from Maven Central.',
        ),
    },
    log,
  );
}

/** veraPDF's validation profiles this project checks against. */
export type VeraPdfProfile = 'ua1' | '2b';

export interface VeraPdfFailedRule {
  specification: string;
  clause: string;
  testNumber: string;
  description: string;
  /** how many checks of the rule failed */
  failedChecks: number;
  /** the first failed checks' object contexts (at most 5) */
  contexts: string[];
}

export interface VeraPdfResult {
  file: string;
  profile: VeraPdfProfile;
  compliant: boolean;
  failedRules: VeraPdfFailedRule[];
  /** the file's part of the machine-readable report */
  xml: string;
}

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

const attr = (tag: string, name: string): string =>
  unescapeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? '');

/** The failed rules of one file's report (a `<job>` of veraPDF's `--format xml` output). */
export function parseVeraPdfReport(xml: string): { compliant: boolean; failedRules: VeraPdfFailedRule[] } {
  const report = /<validationReport\b[^>]*>/.exec(xml);
  if (!report) throw new Error(`verapdf: no validationReport in the output:\n${xml.slice(0, 2000)}`);
  const compliant = attr(report[0], 'isCompliant') === 'true';
  const failedRules: VeraPdfFailedRule[] = [];
  // a rule element is either empty (<rule .../>) or has a body up to </rule>
  for (const m of xml.matchAll(/<rule\b([^>]*?)(?:\/>|>([\s\S]*?)<\/rule>)/g)) {
    const head = m[1];
    if (attr(head, 'status') !== 'failed') continue;
    const body = m[2] ?? '';
    const contexts = [...body.matchAll(/<context>([\s\S]*?)<\/context>/g)]
      .slice(0, 5)
      .map((c) => unescapeXml(c[1]));
    failedRules.push({
      specification: attr(head, 'specification'),
      clause: attr(head, 'clause'),
      testNumber: attr(head, 'testNumber'),
      description: unescapeXml(/<description>([\s\S]*?)<\/description>/.exec(body)?.[1] ?? '').trim(),
      failedChecks: Number(attr(head, 'failedChecks') || '0'),
      contexts,
    });
  }
  return { compliant, failedRules };
}

/** Runs veraPDF on `file` with `profile` and returns the failed rules (none: conforming). */
export async function runVeraPdf(
  file: string,
  profile: VeraPdfProfile,
  log: Log = defaultLog,
): Promise<VeraPdfResult> {
  const [r] = await runVeraPdfOnFiles([file], profile, log);
  return r;
}

/** Runs veraPDF once (one JVM) on several files with `profile`: one result per file, in order. */
export async function runVeraPdfOnFiles(
  files: string[],
  profile: VeraPdfProfile,
  log: Log = defaultLog,
): Promise<VeraPdfResult[]> {
  const libs = await ensureVeraPdf(log);
  const out: Buffer[] = [];
  const err = new TailBuffer(40);
  const code = await new Promise<number | null>((resolve, reject) => {
    const java = spawn(
      'java',
      [
        '-cp',
        join(libs, '*'),
        'org.verapdf.apps.GreenfieldCliWrapper',
        '-f',
        profile,
        '--format',
        'xml',
        '--maxfailuresdisplayed',
        '5',
        ...files,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
    );
    java.stdout.on('data', (c: Buffer) => out.push(c));
    java.stderr.on('data', (c: Buffer) => err.push(c.toString('utf8')));
    java.once('error', reject);
    java.once('close', resolve);
  });
  const xml = Buffer.concat(out).toString('utf8');
  // veraPDF exits 1 when a file does not conform; a file without a report is an error
  const jobs = new Map<string, string>();
  for (const m of xml.matchAll(/<job>([\s\S]*?)<\/job>/g)) {
    const name = /<item\b[^>]*>\s*<name>([^<]*)<\/name>/.exec(m[1]);
    if (name) jobs.set(unescapeXml(name[1]), m[1]);
  }
  return files.map((file) => {
    const job = jobs.get(file);
    if (job === undefined || !job.includes('<validationReport'))
      throw new Error(
        `verapdf: exit ${code}, no report for ${file}. Last output:\n${err.text()}\n${xml.slice(-2000)}`,
      );
    return { file, profile, ...parseVeraPdfReport(job), xml: job };
  });
}
