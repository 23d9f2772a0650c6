/**
 * The mail queue under a backlog (issue 13 item 3): N pending mails (`BENCH_MAIL_N`, default
 * 20,000) of N / 2.5 voters (1 to 4 mails each), queued as the notifications consumer queues them
 * (`enqueueMail`, sealed, 100 per transaction), drained by the real sender (`MailQueueSender`,
 * settings from the environment as in production: `MAIL_BATCH`, `MAIL_SMTP_CONNECTIONS`, ...)
 * through SMTP to a local relay in its own process (bench/smtp-relay.ts, `smtp-server`).
 *
 * Reported: mails/s end to end (sender started to the relay's last accepted message), the claim's
 * plan and time on a table never analyzed (autovacuum off) and after ANALYZE, CPU ms per mail of
 * the bench process (the sender), the relay and the Postgres backends, and the baseline in the
 * same run: the old sender (one claim per transaction with the old anti-join and its old indexes,
 * one message at a time over one SMTP connection) on the same backlog, time-boxed
 * (`BENCH_MAIL_BASELINE_S`, default 20 s) since it is quadratic, then the new sender drains the rest.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  CLAIM_DUE_MAILS,
  dataSourceOptions,
  enqueueMail,
  KeyRing,
  markMailSent,
  withTenant,
  type ClaimedMail,
  type MailContent,
} from '@uocava/database';
import { mailSettingsFromEnv } from '../apps/notifications/src/mail-policy';
import { MailQueueSender } from '../apps/notifications/src/mail-sender';
import { SmtpTransport } from '../apps/notifications/src/mailer';
import { ratioFigure, type Benchmark } from './harness';
import { startSmtpRelay } from './smtp-relay-handle';

const N = Number(process.env.BENCH_MAIL_N ?? 20_000);
const BASELINE_S = Number(process.env.BENCH_MAIL_BASELINE_S ?? 20);
const CLK_TCK = 100;

/** The claim before issue 13 item 3 (one mail; the head test as an anti-join), for the baseline. */
const OLD_CLAIM = `
  SELECT m.mail_id, m.kind, m.message_id, m.content, m.attempts, m.created_at,
         (extract(epoch FROM clock_timestamp() - m.created_at) * 1000)::float8 AS age_ms
  FROM mail_queue m
  WHERE m.jurisdiction_id = $1 AND m.status = 'pending' AND m.next_attempt_at <= now() AND NOT EXISTS (
    SELECT 1 FROM mail_queue p
    WHERE p.jurisdiction_id = m.jurisdiction_id AND p.request_id = m.request_id AND p.status = 'pending'
      AND NOT p.deferred AND (p.event_time, p.mail_id) < (m.event_time, m.mail_id))
  ORDER BY m.event_time, m.mail_id
  LIMIT 1
  FOR UPDATE OF m SKIP LOCKED`;
const OLD_INDEXES = [
  `CREATE INDEX bench_old_mail_due ON mail_queue (jurisdiction_id, next_attempt_at) WHERE status = 'pending'`,
  `CREATE INDEX bench_old_pending_by_request ON mail_queue (jurisdiction_id, request_id, event_time) WHERE status = 'pending'`,
];

function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** Plan node types (with index names) of a statement, top down, projections left out. */
function planShape(plan: PlanNode): string[] {
  const out: string[] = [];
  const walk = (n: PlanNode) => {
    if (n['Node Type'] !== 'Result')
      out.push(
        `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : n['Relation Name'] ? ` ${n['Relation Name']}` : ''}`,
      );
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(plan);
  return out;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const bench: Benchmark = {
  name: 'mail',
  needs: ['postgres'],
  async run(report, env) {
    const log = (line: string) => process.stderr.write(`[bench] mail: ${line}\n`);
    const owner = new Client({ connectionString: env.ownerDatabaseUrl });
    await owner.connect();
    const ds = await new DataSource(dataSourceOptions({ url: env.databaseUrl!, poolSize: 12 })).initialize();
    const keyRing = new KeyRing(ds, process.env.MASTER_KEY);
    const relay = await startSmtpRelay();
    const settings = mailSettingsFromEnv({ ...process.env, MAIL_RETRY_BASE_MS: '1000' });
    const j = `bench-mail-${randomUUID().slice(0, 8)}`;
    const database = new URL(env.databaseUrl!).pathname.slice(1);
    try {
      const [{ autovacuum }] = (await owner.query(`SELECT current_setting('autovacuum') AS autovacuum`)).rows;
      await owner.query(
        `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Mail Bench', 'OH')`,
        [j],
      );
      const keys = await keyRing.forJurisdiction(j);
      let round = 0;

      /** n mails of n / 2.5 voters, voter v having 1 + (v % 4), queued as the consumer does. */
      const enqueue = async (n: number) => {
        round++;
        const voters = Math.ceil(n / 2.5);
        const requestIds = Array.from({ length: voters }, () => randomUUID());
        const t0 = Date.now() - 3_600_000;
        const mails: Array<{ requestId: string; k: number; v: number }> = [];
        for (let k = 0; mails.length < n; k++)
          for (let v = 0; v < voters && mails.length < n; v++)
            if (k <= v % 4) mails.push({ requestId: requestIds[v], k, v });
        const started = Date.now();
        for (let i = 0; i < mails.length; i += 100)
          await withTenant(ds, j, async (tx) => {
            for (const m of mails.slice(i, i + 100))
              await enqueueMail(
                tx,
                keys,
                {
                  jurisdictionId: j,
                  eventId: randomUUID(),
                  requestId: m.requestId,
                  kind: m.k === 0 ? 'request-received' : 'ballot-ready',
                  eventTime: new Date(t0 + m.k * 60_000 + m.v).toISOString(),
                  content: {
                    to: `voter-${round}-${m.v}@example.org`,
                    subject: `Your ballot request (${m.k})`,
                    text: `Hello Jane,\n\nyour ballot request ${m.requestId} has a new step.\n\nhttps://ballots.example.gov/track\n`,
                  },
                },
                settings.from,
              );
          });
        log(
          `round ${round}: queued ${n} mails of ${voters} voters in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      };

      const pending = async () =>
        Number(
          (
            await owner.query(
              `SELECT count(*) AS n FROM mail_queue WHERE jurisdiction_id = $1 AND status = 'pending'`,
              [j],
            )
          ).rows[0].n,
        );

      /** the claim's plan and its median time over 5 runs (each in a transaction that commits unchanged) */
      const claimFigures = async (label: string, sql: string, params: unknown[], timeoutMs: number) => {
        const [{ 'QUERY PLAN': json }] = (await withTenant(ds, j, (tx) =>
          tx.query(`EXPLAIN (FORMAT JSON) ${sql}`, params),
        )) as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
        const shape = planShape(json[0].Plan);
        const times: number[] = [];
        let timedOut = false;
        for (let i = 0; i < 5 && !timedOut; i++) {
          const t = process.hrtime.bigint();
          try {
            await withTenant(ds, j, async (tx) => {
              await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(timeoutMs)]);
              return tx.query(sql, params);
            });
            times.push(Number(process.hrtime.bigint() - t) / 1e6);
          } catch {
            timedOut = true;
          }
        }
        times.sort((a, b) => a - b);
        const ms = timedOut ? timeoutMs : times[Math.floor(times.length / 2)];
        log(
          `${label}: ${timedOut ? `> ${timeoutMs} ms (cancelled)` : `${ms.toFixed(2)} ms`}; plan ${shape.join(' > ')}`,
        );
        return { ms, timedOut, shape };
      };

      const statsState = async () => {
        const [r] = (
          await owner.query(
            `SELECT last_analyze, last_autoanalyze, (SELECT count(*) FROM pg_stats WHERE tablename = 'mail_queue') AS stats
             FROM pg_stat_user_tables WHERE relname = 'mail_queue'`,
          )
        ).rows as Array<{ last_analyze: Date | null; last_autoanalyze: Date | null; stats: string }>;
        return r.last_analyze === null && r.last_autoanalyze === null && Number(r.stats) === 0
          ? 'never analyzed'
          : 'analyzed';
      };

      const claims = async (when: string) => {
        const backlog = await pending();
        const state = await statsState();
        const fresh = await claimFigures(
          `new claim of ${settings.batch} (${when}, ${state}, ${backlog} pending)`,
          CLAIM_DUE_MAILS,
          [j, settings.batch],
          30_000,
        );
        for (const sql of OLD_INDEXES) await owner.query(sql);
        const old = await claimFigures(
          `old claim of 1 (${when}, ${state}, ${backlog} pending)`,
          OLD_CLAIM,
          [j],
          10_000,
        );
        await dropOldIndexes();
        const params = { pending: backlog, statistics: state, autovacuum, batch: settings.batch };
        report({
          name: `mail.claim-${when}`,
          metric: 'ms_per_claim',
          value: Number(fresh.ms.toFixed(3)),
          unit: 'ms',
          params: { ...params, plan: fresh.shape.join(' > ') },
        });
        report({
          name: `mail.old-claim-${when}`,
          metric: 'ms_per_claim',
          value: Number(old.ms.toFixed(3)),
          unit: 'ms',
          params: { ...params, batch: 1, cancelled: old.timedOut, plan: old.shape.join(' > ') },
        });
        report(
          ratioFigure(
            {
              name: `mail.claim-per-mail-${when}`,
              metric: 'ms_per_claimed_mail',
              value: Number((fresh.ms / settings.batch).toFixed(4)),
              unit: 'ms',
              params,
            },
            { name: 'old claim of one mail', value: Number(old.ms.toFixed(3)) },
          ),
        );
      };
      const dropOldIndexes = async () => {
        await owner.query(`DROP INDEX IF EXISTS bench_old_mail_due`);
        await owner.query(`DROP INDEX IF EXISTS bench_old_pending_by_request`);
      };

      /** CPU of the bench process, the relay and the database's backends over `fn` */
      const cpuOver = async <T>(
        fn: () => Promise<T>,
      ): Promise<{ result: T; cpu: Record<string, number> }> => {
        const backends = async () =>
          (
            await owner.query(
              `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
              [database],
            )
          ).rows.map((r: { pid: number }) => r.pid);
        const before = new Map<number, number>();
        for (const pid of [process.pid, relay.pid, ...(await backends())]) before.set(pid, cpuMs(pid) ?? 0);
        const result = await fn();
        const cpu = { sender: 0, relay: 0, postgres: 0 };
        for (const pid of new Set([...before.keys(), ...(await backends())])) {
          const delta = (cpuMs(pid) ?? before.get(pid) ?? 0) - (before.get(pid) ?? 0);
          if (pid === process.pid) cpu.sender += delta;
          else if (pid === relay.pid) cpu.relay += delta;
          else cpu.postgres += delta;
        }
        return { result, cpu };
      };

      /** the new sender, started as the app starts it, until nothing is pending */
      const drainNew = async () => {
        const start = await relay.count();
        const sender = new MailQueueSender(ds, keyRing, new SmtpTransport(relay.url, settings), settings, {
          log: (_l, line) => log(line),
        });
        const t0 = Date.now();
        sender.start();
        while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 100));
        await sender.stop();
        const end = await relay.count();
        const mails = end.received - start.received;
        return { mails, seconds: (end.lastAt - t0) / 1000, counts: sender.counts };
      };

      /** the old sender: one claim, one send over one connection, one mark per transaction */
      const drainOld = async (budgetS: number) => {
        for (const sql of OLD_INDEXES) await owner.query(sql);
        const transport = new SmtpTransport(relay.url, { ...settings, smtpConnections: 1 });
        const t0 = Date.now();
        let mails = 0;
        try {
          while (Date.now() - t0 < budgetS * 1000) {
            const sent = await withTenant(ds, j, async (tx) => {
              const [row] = (await tx.query(OLD_CLAIM, [j])) as ClaimedMail[];
              if (!row) return false;
              const content = keys.openJson<MailContent>(`mail:${row.mail_id}`, row.content);
              await transport.send({ messageId: row.message_id, date: row.created_at, ...content });
              await markMailSent(tx, row.mail_id, row.attempts + 1);
              return true;
            });
            if (!sent) break;
            mails++;
          }
        } finally {
          transport.close();
          await dropOldIndexes();
        }
        return { mails, seconds: (Date.now() - t0) / 1000 };
      };

      // warm-up: both senders over a small backlog
      await enqueue(1000);
      await drainOld(3);
      await drainNew();

      // round 1: a table never analyzed (this server runs with autovacuum off)
      await enqueue(N);
      await claims('without-statistics');
      const r1 = await cpuOver(drainNew);
      const p = {
        n: N,
        batch: settings.batch,
        smtpConnections: settings.smtpConnections,
        turn: settings.turn,
      };
      report({
        name: 'mail.drain-without-statistics',
        metric: 'mails_per_second',
        value: Number((r1.result.mails / r1.result.seconds).toFixed(1)),
        unit: 'mails/s',
        params: {
          ...p,
          seconds: r1.result.seconds,
          counts: r1.result.counts,
          cpuMsPerMail: perMail(r1.cpu, r1.result.mails),
        },
      });

      // rounds 2 and 3: analyzed; the old sender on the full backlog first (time-boxed), then the new one
      for (const r of [2, 3]) {
        await enqueue(N);
        await owner.query(`ANALYZE mail_queue`);
        if (r === 2) await claims('after-analyze');
        const old = await cpuOver(() => drainOld(BASELINE_S));
        const fresh = await cpuOver(drainNew);
        const oldRate = old.result.mails / old.result.seconds;
        log(
          `round ${r + 1}: old ${old.result.mails} mails in ${old.result.seconds} s, new ${fresh.result.mails} in ${fresh.result.seconds} s`,
        );
        report(
          ratioFigure(
            {
              name: `mail.drain-after-analyze-${r - 1}`,
              metric: 'mails_per_second',
              value: Number((fresh.result.mails / fresh.result.seconds).toFixed(1)),
              unit: 'mails/s',
              params: {
                ...p,
                mails: fresh.result.mails,
                seconds: fresh.result.seconds,
                cpuMsPerMail: perMail(fresh.cpu, fresh.result.mails),
                baselineMails: old.result.mails,
                baselineSeconds: old.result.seconds,
                baselineCpuMsPerMail: perMail(old.cpu, old.result.mails),
              },
            },
            {
              name: `old sender (one claim per transaction, one send at a time), ${N} pending`,
              value: Number(oldRate.toFixed(1)),
            },
          ),
        );
      }
    } finally {
      await relay.stop();
      await ds.destroy();
      await owner.end();
    }
  },
};

function perMail(cpu: Record<string, number>, mails: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(cpu)) out[k] = Number((v / Math.max(1, mails)).toFixed(3));
  return out;
}

export default bench;
