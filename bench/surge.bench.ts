/**
 * A surge of e-mail FPCA requests through the real stack, as `npm start` runs it: every app its own
 * Node process (test/harness/processes.ts), the demo witness (apps/witness) beside them, the demo
 * jurisdiction and election made as scripts/dev-stack.ts makes them (scripts/demo-office.ts), a
 * roll of N voters imported over the office API, then N requests over the voter API with 32 in
 * flight. It waits until every ballot is transmitted (e-mail delivery), every lifecycle step has its
 * receipt on the transparency log and every e-mail has reached the office's mail server, polling
 * read-only counts (a timeout, or two minutes without progress, reports how far each stage got
 * instead of hanging).
 *
 * Mail goes as production sends it, through SMTP (`SMTP_URL`), to a local relay in its own process
 * (bench/smtp-relay.ts, `smtp-server`: it accepts and counts every message). The relay stands for
 * the office's mail server: its CPU is reported (`surge.cpu.smtp-relay`) but not counted in the
 * platform's total. `SURGE_MAIL=sink` writes the mails to the file sink instead (the local
 * default without SMTP_URL: a file and a rename per mail).
 *
 * N: `SURGE_N` (comma-separated, default `1000,10000`). The first N runs on the harness's database
 * and broker; each further N on a fresh database and broker of its own (a broker that kept the
 * previous surge's events would hand them to the new stack's consumer groups, which read from the
 * beginning).
 *
 * Figures, per N: intake requests/s and p50/p99 latency, end-to-end ballots/s, when each stage
 * finished (seconds after the first request, from the rows' own timestamps and the relay's last
 * accepted mail, or the sink files' mtimes), CPU ms per ballot of each process (/proc/<pid>/stat
 * utime+stime over the surge), peak RSS of each process (VmHWM), and same-run floors measured
 * after the stack stopped, on the same broker and database: pdf-lib load+save of one of the
 * surge's packets (vs packets/s), a warm raw kafkajs produce -> consume round of N messages (vs
 * ballots/s), a batched multi-row INSERT of N request-shaped rows (vs intake requests/s).
 */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { PDFDocument } from 'pdf-lib';
import { ensureKafka, ensurePostgres } from '@uocava/infra';
import { runMigrations } from '@uocava/database';
import { kafkaClientConfig } from '@uocava/messaging';
import { ensureDemoPki } from '@uocava/transparency';
import { fpcaRequest, rollCsv, rollRowOf, type Person, type RollRow } from '@uocava/testing';
import {
  DEMO,
  DEMO_RESIDENCE,
  defineDemoElection,
  demoWitnessKeys,
  importRollOverHttp,
  seedDemoOffice,
} from '../scripts/demo-office';
import {
  startProcessStack,
  startWitnessProcess,
  type ProcessAppName,
  type ProcessStack,
  type WitnessProcess,
} from '../test/harness/processes';
import { ratioFigure, type BenchEnv, type BenchFigure, type Benchmark } from './harness';
import { startSmtpRelay } from './smtp-relay-handle';

const SIZES = (process.env.SURGE_N ?? '1000,10000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const CONCURRENCY = Number(process.env.SURGE_CONCURRENCY ?? 32);
/** when set, every app runs with `--cpu-prof` and writes its profile under `<dir>/n<N>/` on exit */
const PROFILE_DIR = process.env.SURGE_CPU_PROF;
/** `smtp` (default, as production sends) or `sink` (the file sink of local runs without SMTP_URL) */
const MAIL: 'smtp' | 'sink' = process.env.SURGE_MAIL === 'sink' ? 'sink' : 'smtp';
/** the relay's process, outside the platform: metered, not in the total */
const SMTP_RELAY = 'smtp-relay';
/** steps with a receipt per e-mail request: submitted, verified, ballot generated, transmitted */
const STEPS_PER_REQUEST = 4;
/** e-mails per e-mail request: request-received, ballot-ready */
const MAILS_PER_REQUEST = 2;
const APPS: ProcessAppName[] = ['gateway', 'verification', 'ballots', 'receipts', 'notifications'];
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
const log = (line: string) => process.stderr.write(`[bench] surge: ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// /proc: CPU time and peak RSS of a process

/** utime + stime of `pid` in ms, or undefined once it is gone. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces: the fields after its closing parenthesis
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** VmHWM (peak resident set) of `pid` in MiB. */
function peakRssMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of the process listening on TCP `port` (the broker's JVM), from /proc/net/tcp{,6}. */
function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A: LISTEN
      if (parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/**
 * CPU and peak RSS over the surge. Fixed processes (apps, witness, broker): the utime+stime delta
 * between the start and the end of the surge. Postgres: the backends serving the bench database,
 * listed from pg_stat_activity at every sample (backends come and go: a pool opens connections
 * as load grows); a backend already there at the start counts from its start sample, one that
 * appears later counts whole (it began during the surge). What this misses: the CPU a backend used
 * after the last sample that saw it (it exited between samples, up to one interval's worth), every
 * backend that lived and died between two samples, and the server's shared processes (postmaster,
 * WAL writer, checkpointer, background writer, autovacuum launcher), which serve every database of
 * the server and are not counted at all. The bench's own monitoring connection is left out.
 */
class CpuMeter {
  private readonly start = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly pgStart = new Map<number, number>();
  private readonly pgLast = new Map<number, number>();
  private readonly pgPeak = new Map<number, number>();
  private ownBackend = 0;

  constructor(
    private readonly fixed: Map<string, number>,
    private readonly db: Client,
    private readonly database: string,
  ) {}

  async begin(): Promise<void> {
    this.ownBackend = (await this.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    for (const [name, pid] of this.fixed) this.start.set(name, cpuMs(pid) ?? 0);
    for (const pid of await this.backends()) this.pgStart.set(pid, cpuMs(pid) ?? 0);
    await this.sample();
  }

  private async backends(): Promise<number[]> {
    const rows = await this.db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2',
      [this.database, this.ownBackend],
    );
    return rows.rows.map((r) => r.pid);
  }

  async sample(): Promise<void> {
    for (const [name, pid] of this.fixed) {
      const ms = cpuMs(pid);
      if (ms !== undefined) this.last.set(name, ms);
    }
    for (const pid of await this.backends()) {
      const ms = cpuMs(pid);
      if (ms === undefined) continue;
      if (!this.pgStart.has(pid)) this.pgStart.set(pid, 0);
      this.pgLast.set(pid, ms);
      const rss = peakRssMiB(pid);
      if (rss !== undefined) this.pgPeak.set(pid, Math.max(rss, this.pgPeak.get(pid) ?? 0));
    }
  }

  /** CPU ms per process over the surge (`postgres` is the sum of its backends) */
  cpu(): Map<string, number> {
    const out = new Map<string, number>();
    for (const name of this.fixed.keys())
      out.set(name, (this.last.get(name) ?? 0) - (this.start.get(name) ?? 0));
    let pg = 0;
    for (const [pid, ms] of this.pgLast) pg += ms - (this.pgStart.get(pid) ?? 0);
    out.set('postgres', pg);
    return out;
  }

  peakRss(): Map<string, number | undefined> {
    const out = new Map<string, number | undefined>();
    for (const [name, pid] of this.fixed) out.set(name, peakRssMiB(pid));
    return out;
  }

  postgresBackends(): { seen: number; largestPeakRssMiB: number } {
    return { seen: this.pgLast.size, largestPeakRssMiB: Math.max(0, ...this.pgPeak.values()) };
  }
}

// ---------------------------------------------------------------------------------------------
// autovacuum's analyze, where the server has autovacuum off

const AUTOANALYZE_S = Number(process.env.SURGE_AUTOANALYZE_S ?? 60);

/**
 * Production runs autovacuum; the test server may not (this machine's has `autovacuum = off`), and
 * then tables filled during the surge are never analyzed: the planner still believes them empty,
 * and the mail sender's claim (the head of each voter's queue, an anti-join) runs as a nested loop
 * over every pending mail for every pending mail, two and a half seconds a claim at 1,800 pending
 * (N = 1,000): the surge would take hours. So, only when autovacuum is off, this does what
 * autovacuum's analyze does with its default settings: every `SURGE_AUTOANALYZE_S` seconds (default
 * 60, `autovacuum_naptime`'s default; 0: never), ANALYZE each table changed by more than 50 rows +
 * 10 % of its rows since its last analyze. Its work runs on the bench's own connection, which the
 * CPU figures leave out (autovacuum's workers would be counted as backends of the database).
 */
async function autoanalyzeIfOff(db: Client): Promise<(() => void) | undefined> {
  const on = (await db.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0].autovacuum;
  if (on === 'on' || AUTOANALYZE_S <= 0) return undefined;
  const pass = async () => {
    const due = await db.query<{ relid: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS relid FROM pg_stat_user_tables
       WHERE n_mod_since_analyze > 50 + 0.1 * n_live_tup`,
    );
    for (const { relid } of due.rows) await db.query(`ANALYZE ${relid}`);
    if (due.rows.length > 0) log(`analyzed ${due.rows.map((r) => r.relid).join(', ')}`);
  };
  // the roll, imported before the surge, would have been analyzed by then
  await pass();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pass()
      .catch((e: unknown) => log(`analyze: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (running = false));
  }, AUTOANALYZE_S * 1000);
  return () => clearInterval(timer);
}

// ---------------------------------------------------------------------------------------------
// voters

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Susan',
];

/** `i` in letters (a, b, ... z, ba, bb, ...): names take no digits */
function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}

/** The i-th voter of the surge: a distinct name, birth date and driver's license number. */
function voter(i: number): Person {
  return {
    first: FIRST[i % FIRST.length],
    last: `Surge${letters(i)}`,
    dateOfBirth: `${1950 + (i % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    driversLicense: `OH${String(i).padStart(8, '0')}`,
  };
}

// ---------------------------------------------------------------------------------------------
// stages

interface Counts {
  verified: number;
  needsReview: number;
  rejected: number;
  packets: number;
  transmitted: number;
  receipts: number;
  stepsWithoutReceipt: number;
  mailsSent: number;
  mailsPending: number;
  mailsFailed: number;
  /** mails the SMTP relay accepted (or files in the sink) */
  delivered: number;
}

/** Where the mails go, and what has arrived there. */
interface MailDestination {
  env: Record<string, string>;
  delivered(): Promise<number>;
  /** when the last mail arrived (ms since the epoch), null before the first */
  lastAt(): Promise<number | null>;
  pid?: number;
  stop(): Promise<void>;
}

async function mailDestination(dir: string): Promise<MailDestination> {
  if (MAIL === 'sink') {
    const mailDir = join(dir, 'mail');
    const files = () => readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
    return {
      env: { MAIL_SINK_DIR: mailDir },
      delivered: async () => files().length,
      lastAt: async () => {
        let last: number | null = null;
        for (const f of files()) last = Math.max(last ?? 0, statSync(join(mailDir, f)).mtimeMs);
        return last;
      },
      stop: async () => undefined,
    };
  }
  const relay = await startSmtpRelay();
  return {
    env: { SMTP_URL: relay.url },
    delivered: async () => (await relay.count()).received,
    lastAt: async () => {
      const { lastAt } = await relay.count();
      return lastAt === 0 ? null : lastAt;
    },
    pid: relay.pid,
    stop: () => relay.stop(),
  };
}

async function counts(db: Client, mail: MailDestination): Promise<Counts> {
  const r = await db.query<Record<string, string>>(
    `SELECT
       (SELECT count(*) FROM ballot_requests WHERE jurisdiction_id = $1 AND status = 'verified') AS verified,
       (SELECT count(*) FROM ballot_requests WHERE jurisdiction_id = $1 AND status = 'needs-review') AS needs_review,
       (SELECT count(*) FROM ballot_requests WHERE jurisdiction_id = $1 AND status = 'rejected') AS rejected,
       (SELECT count(*) FROM ballots WHERE jurisdiction_id = $1) AS packets,
       (SELECT count(*) FROM ballots WHERE jurisdiction_id = $1 AND transmitted_at IS NOT NULL) AS transmitted,
       (SELECT count(*) FROM tracking_steps WHERE jurisdiction_id = $1 AND receipt IS NOT NULL) AS receipts,
       (SELECT count(*) FROM tracking_steps WHERE jurisdiction_id = $1 AND receipt IS NULL) AS no_receipt,
       (SELECT count(*) FROM mail_queue WHERE jurisdiction_id = $1 AND status = 'sent') AS sent,
       (SELECT count(*) FROM mail_queue WHERE jurisdiction_id = $1 AND status = 'pending') AS pending,
       (SELECT count(*) FROM mail_queue WHERE jurisdiction_id = $1 AND status = 'failed') AS failed`,
    [DEMO],
  );
  const row = r.rows[0];
  return {
    verified: Number(row.verified),
    needsReview: Number(row.needs_review),
    rejected: Number(row.rejected),
    packets: Number(row.packets),
    transmitted: Number(row.transmitted),
    receipts: Number(row.receipts),
    stepsWithoutReceipt: Number(row.no_receipt),
    mailsSent: Number(row.sent),
    mailsPending: Number(row.pending),
    mailsFailed: Number(row.failed),
    delivered: await mail.delivered(),
  };
}

function complete(c: Counts, n: number): boolean {
  return (
    c.verified >= n &&
    c.packets >= n &&
    c.transmitted >= n &&
    c.receipts >= n * STEPS_PER_REQUEST &&
    c.stepsWithoutReceipt === 0 &&
    c.mailsSent >= n * MAILS_PER_REQUEST &&
    c.delivered >= n * MAILS_PER_REQUEST
  );
}

/** When each stage finished, in ms since the epoch, from the rows' own timestamps and the mails' arrival. */
type Stage =
  'verified' | 'packet' | 'transmitted' | 'receipt' | 'mail' | 'logEntry' | 'checkpoint' | 'mailQueueSent';

async function stageTimes(
  db: Client,
  mail: MailDestination,
): Promise<Record<Exclude<Stage, 'receipt'>, number | null>> {
  const r = await db.query<Record<string, Date | null>>(
    `SELECT
       (SELECT max(updated_at) FROM ballot_requests WHERE jurisdiction_id = $1 AND status = 'verified') AS verified,
       (SELECT max(generated_at) FROM ballots WHERE jurisdiction_id = $1) AS packet,
       (SELECT max(transmitted_at) FROM ballots WHERE jurisdiction_id = $1) AS transmitted,
       (SELECT max(created_at) FROM transparency_log_entries WHERE jurisdiction_id = $1) AS log_entry,
       (SELECT max(created_at) FROM transparency_checkpoints WHERE jurisdiction_id = $1) AS checkpoint,
       (SELECT max(sent_at) FROM mail_queue WHERE jurisdiction_id = $1) AS mail_sent`,
    [DEMO],
  );
  const row = r.rows[0];
  const at = (d: Date | null) => (d === null ? null : d.getTime());
  return {
    verified: at(row.verified),
    packet: at(row.packet),
    transmitted: at(row.transmitted),
    logEntry: at(row.log_entry),
    checkpoint: at(row.checkpoint),
    mail: await mail.lastAt(),
    mailQueueSent: at(row.mail_sent),
  };
}

// ---------------------------------------------------------------------------------------------
// floors

/** pdf-lib load + save of `bytes`, per second, for about `seconds` (after a one-second warm-up). */
async function pdfLibFloor(bytes: Uint8Array, seconds = 6): Promise<number> {
  const round = async () => (await PDFDocument.load(bytes, { updateMetadata: false })).save();
  let end = performance.now() + 1000;
  while (performance.now() < end) await round();
  const t0 = performance.now();
  end = t0 + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    await round();
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

/** A warm raw kafkajs round: N messages produced (batches of 100, acks all) and consumed, per second. */
async function kafkaFloor(brokers: string[], n: number): Promise<number> {
  const kafka = new Kafka(
    kafkaClientConfig({ clientId: 'bench-surge-raw', brokers, extra: { logLevel: logLevel.NOTHING } }),
  );
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench.surge.${randomBytes(4).toString('hex')}`;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
  });
  const producer = kafka.producer({ idempotent: false, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-surge-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  await consumer.run({ eachMessage: async () => void received++ });
  // an event-sized value, like the outbox's
  const value = Buffer.from(
    JSON.stringify({ requestId: randomUUID(), jurisdictionId: DEMO, pad: 'x'.repeat(400) }),
  );
  const round = async (count: number): Promise<number> => {
    const target = received + count;
    const t0 = performance.now();
    for (let i = 0; i < count; i += 100) {
      const messages = Array.from({ length: Math.min(100, count - i) }, () => ({ key: randomUUID(), value }));
      await producer.send({ topic, acks: -1, messages });
    }
    const deadline = Date.now() + 300_000;
    while (received < target) {
      if (Date.now() > deadline) throw new Error('kafkajs floor timed out');
      await sleep(2);
    }
    return count / ((performance.now() - t0) / 1000);
  };
  try {
    await round(Math.min(n, 1000)); // warm: connections, metadata, the group's assignment
    return await round(n);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * N request-shaped rows (ids, a few short texts, a sealed blob of the size of a request's, a jsonb,
 * timestamps) by multi-row INSERT, 500 rows a statement, into an unlogged-free plain temp table, per second.
 */
async function insertFloor(databaseUrl: string, n: number): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`CREATE TEMP TABLE surge_insert_floor (
      request_id uuid PRIMARY KEY, jurisdiction_id text NOT NULL, voter_key text NOT NULL,
      tracking_code text NOT NULL UNIQUE, status text NOT NULL, pii bytea NOT NULL, details jsonb NOT NULL,
      received_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    const pii = randomBytes(1200);
    const batch = 500;
    const t0 = performance.now();
    for (let i = 0; i < n; i += batch) {
      const rows = Math.min(batch, n - i);
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let j = 0; j < rows; j++) {
        const b = values.length;
        tuples.push(
          `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, 'received', $${b + 5}, $${b + 6}, now(), now())`,
        );
        values.push(
          randomUUID(),
          DEMO,
          randomBytes(16).toString('hex'),
          `TRK-${i + j}-${randomBytes(4).toString('hex')}`,
          pii,
          JSON.stringify({
            voterClass: 'citizen-abroad-intent-to-return',
            ballotDelivery: 'email',
            country: 'DE',
          }),
        );
      }
      await db.query(`INSERT INTO surge_insert_floor VALUES ${tuples.join(', ')}`, values);
    }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------------------------------------
// one surge

interface Infra {
  databaseUrl: string;
  ownerDatabaseUrl: string;
  brokers: string[];
  release(): Promise<void>;
}

async function infraFor(index: number, env: BenchEnv): Promise<Infra> {
  if (index === 0)
    return {
      databaseUrl: env.databaseUrl!,
      ownerDatabaseUrl: env.ownerDatabaseUrl!,
      brokers: env.kafkaBrokers!.split(','),
      release: async () => undefined,
    };
  const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const postgres = await ensurePostgres({ purpose: 'test', log: say });
  await runMigrations({ url: postgres.url });
  const kafka = await ensureKafka({ purpose: 'test', log: say });
  return {
    databaseUrl: postgres.appUrl,
    ownerDatabaseUrl: postgres.url,
    brokers: kafka.brokers,
    release: async () => {
      await kafka.stop();
      await postgres.dropDatabase().catch(() => undefined);
      await postgres.stop();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function surge(n: number, infra: Infra, report: (figure: BenchFigure) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'uocava-surge-'));
  const keysDir = join(dir, 'keys');
  const database = new URL(infra.ownerDatabaseUrl).pathname.slice(1);
  const db = new Client({
    connectionString: infra.ownerDatabaseUrl,
    application_name: 'bench-surge-monitor',
  });
  await db.connect();
  let stack: ProcessStack | undefined;
  let witness: WitnessProcess | undefined;
  let mail: MailDestination | undefined;
  try {
    mail = await mailDestination(dir);
    // the demo witness and jurisdiction, as npm start makes them
    const witnessKeys = demoWitnessKeys(dir, keysDir);
    witness = await startWitnessProcess({
      name: witnessKeys.name,
      keyPem: witnessKeys.keyPem,
      verifierKey: witnessKeys.verifierKey,
      logKeys: [witnessKeys.logVerifierKey],
    });
    const keys = await seedDemoOffice(
      infra.databaseUrl,
      { quorum: 1, witnesses: [{ key: witnessKeys.verifierKey, url: witness.url }] },
      'surge bench',
    );
    await ensureDemoPki(join(dir, 'pki-root'), keysDir, DEMO, 'log.uocava.example');
    stack = await startProcessStack(APPS, {
      env: {
        DATABASE_URL: infra.databaseUrl,
        DATABASE_OWNER_URL: infra.ownerDatabaseUrl,
        KAFKA_BROKERS: infra.brokers.join(','),
        KEYS_DIR: keysDir,
        ...mail.env,
      },
      nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${join(PROFILE_DIR, `n${n}`)}`] : [],
    });
    const gateway = stack.baseUrl;
    const election = await defineDemoElection(gateway, keys.clerkKey);
    if (election.status !== 201) throw new Error(`election: ${election.status} ${await election.text()}`);
    const rows: RollRow[] = Array.from({ length: n }, (_, i) =>
      rollRowOf(voter(i), DEMO_RESIDENCE, `SURGE${String(i).padStart(7, '0')}`),
    );
    let t = performance.now();
    const roll = await importRollOverHttp(gateway, keys.clerkKey, rollCsv(rows));
    const imported = (await roll.json()) as { applied?: number; refused?: number };
    if (roll.status !== 200 || imported.applied !== n)
      throw new Error(`roll import: ${roll.status} ${JSON.stringify(imported).slice(0, 500)}`);
    log(`N=${n}: roll of ${n} imported in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // the processes to meter: each app, the witness, the broker's JVM, the database's backends
    const pids = new Map<string, number>();
    for (const app of APPS) pids.set(app, stack.pid(app)!);
    pids.set('witness', witness.pid()!);
    const brokerPid = pidListeningOn(Number(infra.brokers[0].split(':').pop()));
    if (mail.pid !== undefined) pids.set(SMTP_RELAY, mail.pid);
    if (brokerPid !== undefined) pids.set('kafka', brokerPid);
    else log('the broker JVM was not found (not started by this user?): no kafka figures');
    const stopAnalyze = await autoanalyzeIfOff(db);
    const meter = new CpuMeter(pids, db, database);
    await meter.begin();
    const sampler = setInterval(() => void meter.sample().catch(() => undefined), 1000);

    // the surge: N requests, CONCURRENCY in flight
    const fpcas = Array.from({ length: n }, (_, i) =>
      JSON.stringify(fpcaRequest(DEMO, voter(i), DEMO_RESIDENCE)),
    );
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let next = 0;
    const loadBefore = Number(loadavg()[0].toFixed(1));
    const t0 = Date.now();
    t = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, n) }, async () => {
        while (next < n) {
          const body = fpcas[next++];
          const s = performance.now();
          let status = 'error';
          try {
            const res = await fetch(`${gateway}/api/v1/ballot-requests`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            });
            await res.arrayBuffer();
            status = String(res.status);
          } catch {
            // counted as 'error'
          }
          latencies.push(performance.now() - s);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
    const intakeSeconds = (performance.now() - t) / 1000;
    log(`N=${n}: intake done in ${intakeSeconds.toFixed(1)} s ${JSON.stringify(statuses)}`);

    // wait for every stage, reporting progress
    const timeoutMs = Number(process.env.SURGE_TIMEOUT_S ?? 120 + n * 0.2) * 1000;
    const deadline = Date.now() + timeoutMs;
    let c = await counts(db, mail);
    let lastProgress = Date.now();
    let lastKey = '';
    let lastLog = 0;
    let why = '';
    // a receipt has no time of its own (the step's row gets it by an UPDATE): the poll that first
    // saw every step with its receipt, within 0.5 s
    let receiptsAt: number | null = null;
    while (!complete(c, n)) {
      if (Date.now() > deadline) {
        why = `timeout after ${Math.round(timeoutMs / 1000)} s`;
        break;
      }
      if (Date.now() - lastProgress > 120_000) {
        why = 'no progress for 120 s';
        break;
      }
      await sleep(500);
      c = await counts(db, mail);
      if (receiptsAt === null && c.receipts >= n * STEPS_PER_REQUEST && c.stepsWithoutReceipt === 0)
        receiptsAt = Date.now();
      const key = JSON.stringify(c);
      if (key !== lastKey) {
        lastKey = key;
        lastProgress = Date.now();
      }
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`N=${n}: ${((Date.now() - t0) / 1000).toFixed(0)} s ${key}`);
      }
    }
    clearInterval(sampler);
    stopAnalyze?.();
    await meter.sample();
    const doneAt = Date.now();
    // the machine's load (other work on it slows every stage): 1-minute load average, before and after
    const params = { n, concurrency: CONCURRENCY, load: [loadBefore, Number(loadavg()[0].toFixed(1))] };
    if (why !== '') {
      log(`N=${n}: incomplete (${why}): ${JSON.stringify(c)}`);
      for (const app of APPS) {
        const output = stack.output(app).trim();
        if (output !== '') log(`${app} output:\n${output.slice(-3000)}`);
      }
      report({
        name: 'surge.incomplete',
        metric: 'ballots_transmitted',
        value: c.transmitted,
        unit: 'ballots',
        params: {
          ...params,
          why,
          ...c,
          expectedReceipts: n * STEPS_PER_REQUEST,
          expectedMails: n * MAILS_PER_REQUEST,
        },
      });
    }

    // a packet of the surge, for the pdf-lib floor (the office's download: the same bytes as issued)
    const one = await db.query<{ ballot_id: string }>(
      `SELECT ballot_id FROM ballots WHERE jurisdiction_id = $1 LIMIT 1`,
      [DEMO],
    );
    let packet: Uint8Array | undefined;
    if (one.rows.length > 0) {
      const res = await fetch(`${gateway}/api/v1/office/ballots/${one.rows[0].ballot_id}/packet`, {
        headers: { authorization: `Bearer ${keys.clerkKey}` },
      });
      if (res.status === 200) packet = new Uint8Array(await res.arrayBuffer());
      else log(`packet download: ${res.status}`);
    }
    const times: Record<Stage, number | null> = { ...(await stageTimes(db, mail)), receipt: receiptsAt };
    const cpu = meter.cpu();
    const rss = meter.peakRss();
    const pgBackends = meter.postgresBackends();
    await stack.stop();
    stack = undefined;
    await witness.stop();
    witness = undefined;

    // floors, on the same broker and database, with the stack stopped
    const floorPdf = packet === undefined ? undefined : await pdfLibFloor(packet);
    const floorKafka = await kafkaFloor(infra.brokers, n);
    const floorInsert = await insertFloor(infra.databaseUrl, n);

    latencies.sort((a, b) => a - b);
    const intakeRate = n / intakeSeconds;
    report(
      ratioFigure(
        {
          name: 'surge.intake',
          metric: 'requests_per_second',
          value: Number(intakeRate.toFixed(1)),
          unit: 'requests/s',
          params: { ...params, statuses, seconds: Number(intakeSeconds.toFixed(2)) },
        },
        {
          name: `batched multi-row INSERT of ${n} request-shaped rows (rows/s)`,
          value: Math.round(floorInsert),
        },
      ),
    );
    report({
      name: 'surge.intake.latency',
      metric: 'p50',
      value: Number(percentile(latencies, 50).toFixed(1)),
      unit: 'ms',
      params,
    });
    report({
      name: 'surge.intake.latency',
      metric: 'p99',
      value: Number(percentile(latencies, 99).toFixed(1)),
      unit: 'ms',
      params,
    });
    const since = (at: number | null) => (at === null ? null : Number(((at - t0) / 1000).toFixed(1)));
    // the five stages, then what explains them: the last log entry appended, the last checkpoint
    // signed, the last mail marked sent in the queue (the mail reached the relay just before)
    const order: Stage[] = ['verified', 'packet', 'transmitted', 'receipt', 'mail'];
    order.push('logEntry', 'checkpoint', 'mailQueueSent');
    for (const stage of order) {
      const at = times[stage];
      if (at !== null)
        report({
          name: `surge.stage.${stage}`,
          metric: 'last_finished_after_first_request',
          value: since(at)!,
          unit: 's',
          params,
        });
    }
    if (why === '') {
      const endToEnd = Math.max(...[times.transmitted, times.receipt, times.mail].map((x) => x ?? doneAt));
      const seconds = (endToEnd - t0) / 1000;
      report(
        ratioFigure(
          {
            name: 'surge.end-to-end',
            metric: 'ballots_per_second',
            value: Number((n / seconds).toFixed(2)),
            unit: 'ballots/s',
            params: { ...params, seconds: Number(seconds.toFixed(1)) },
          },
          {
            name: `warm raw kafkajs produce -> consume of ${n} messages, same broker (messages/s)`,
            value: Math.round(floorKafka),
          },
        ),
      );
      if (times.packet !== null && floorPdf !== undefined)
        report(
          ratioFigure(
            {
              name: 'surge.packets',
              metric: 'packets_per_second',
              value: Number((n / ((times.packet - t0) / 1000)).toFixed(2)),
              unit: 'packets/s',
              params: { ...params, packetBytes: packet?.length },
            },
            {
              name: 'pdf-lib load+save of one of these packets, one core (documents/s)',
              value: Number(floorPdf.toFixed(1)),
            },
          ),
        );
    }
    const done = why === '' ? n : c.transmitted;
    let total = 0;
    for (const [name, ms] of cpu) {
      if (name !== SMTP_RELAY) total += ms;
      report({
        name: `surge.cpu.${name}`,
        metric: 'cpu_ms_per_ballot',
        value: Number((ms / Math.max(1, done)).toFixed(2)),
        unit: 'ms/ballot',
        params: {
          ...params,
          cpuMs: Math.round(ms),
          ...(name === 'postgres' ? { backends: pgBackends.seen } : {}),
          ...(name === SMTP_RELAY
            ? { inTotal: false, why: "the office's mail server, not the platform" }
            : {}),
        },
      });
    }
    report({
      name: 'surge.cpu.total',
      metric: 'cpu_ms_per_ballot',
      value: Number((total / Math.max(1, done)).toFixed(2)),
      unit: 'ms/ballot',
      params: {
        ...params,
        cpuMs: Math.round(total),
        wallSeconds: Number(((doneAt - t0) / 1000).toFixed(1)),
        mail: MAIL,
        without: mail.pid === undefined ? [] : [SMTP_RELAY],
      },
    });
    for (const [name, mib] of rss)
      if (mib !== undefined)
        report({
          name: `surge.rss.${name}`,
          metric: 'peak_rss',
          value: Math.round(mib),
          unit: 'MiB',
          params,
        });
    report({
      name: 'surge.rss.postgres',
      metric: 'peak_rss_largest_backend',
      value: Math.round(pgBackends.largestPeakRssMiB),
      unit: 'MiB',
      params: { ...params, backends: pgBackends.seen },
    });
  } finally {
    await stack?.stop();
    await witness?.stop();
    await mail?.stop();
    await db.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'surge',
  needs: ['postgres', 'kafka'],
  async run(report, env) {
    for (const [index, n] of SIZES.entries()) {
      const infra = await infraFor(index, env);
      try {
        await surge(n, infra, report);
      } finally {
        await infra.release();
      }
    }
  },
};

export default bench;
