/**
 * The mail queue against the real Postgres of the test run and a real SMTP server in this process:
 * order per voter, a relay refusing (4xx) and then down, a recipient refused for good, giving up,
 * the crash between the relay's acceptance and the row being marked (the same message again), a
 * sender stopped mid-queue, the NOTIFY wake-up, and row-level security for the application role.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  CLAIM_DUE_MAILS,
  claimDueMails,
  dataSourceOptions,
  enqueueMail,
  KeyRing,
  mailIdFor,
  mailQueueSummary,
  markMailRetry,
  withTenant,
} from '@uocava/database';
import { eventually, ownerClient, startSmtpSink, type ReceivedMail, type SmtpSink } from '@uocava/testing';
import type { MailSettings } from './mail-policy';
import { MailQueueSender, type SenderHooks } from './mail-sender';
import { SmtpTransport, type MailTransport, type OutgoingMessage } from './mailer';

const settings: MailSettings = {
  from: 'Test County Election Office <ballots@county.example.gov>',
  retryBaseMs: 100,
  retryMaxMs: 400,
  giveUpAfterMs: 600_000,
  sweepIntervalMs: 500,
  batch: 50,
  turn: 50,
  smtpConnections: 4,
  smtpTimeoutMs: 3000,
};

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

/** The real SMTP transport, slowed down so that a test can stop a sender mid-queue. */
class SlowTransport implements MailTransport {
  readonly description: string;
  constructor(
    private readonly inner: MailTransport,
    private readonly delayMs: number,
  ) {
    this.description = inner.description;
  }
  async send(message: OutgoingMessage): Promise<void> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    await this.inner.send(message);
  }
  close(): void {
    this.inner.close();
  }
}

describe('mail queue on real Postgres and SMTP', () => {
  let ds: DataSource;
  let keyRing: KeyRing;
  let sink: SmtpSink;
  const jurisdictionId = `mailq-${randomBytes(3).toString('hex')}`;
  const otherJurisdiction = `mailq-${randomBytes(3).toString('hex')}`;
  const batchJurisdiction = `mailq-${randomBytes(3).toString('hex')}`;
  const planJurisdiction = `mailq-${randomBytes(3).toString('hex')}`;
  const logs: string[] = [];
  const senders: MailQueueSender[] = [];

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 6 }),
    ).initialize();
    keyRing = new KeyRing(ds, process.env.MASTER_KEY);
    sink = await startSmtpSink();
    // offices are set up below the API, as the owner; the sender and the queue run as the app role
    const owner = await ownerClient();
    try {
      for (const j of [jurisdictionId, otherJurisdiction, batchJurisdiction, planJurisdiction])
        await owner.query(
          `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Mail Queue Test', 'OH')`,
          [j],
        );
    } finally {
      await owner.end();
    }
  });

  afterEach(async () => {
    for (const s of senders.splice(0)) await s.stop();
    sink.setMode('accept');
    await sink.start();
  });

  afterAll(async () => {
    await sink?.stop();
    await ds?.destroy();
  });

  function sender(
    options: { transport?: MailTransport; hooks?: SenderHooks; settings?: Partial<MailSettings> } = {},
  ) {
    const s = new MailQueueSender(
      ds,
      keyRing,
      options.transport ?? new SmtpTransport(sink.url, settings),
      { ...settings, ...options.settings },
      { log: (_level, line) => logs.push(line), ...options.hooks },
    );
    senders.push(s);
    return s;
  }

  /** Queues one mail as the consumer does (its own tenant transaction); returns its id. */
  async function queue(
    to: string,
    options: { requestId?: string; eventTime?: Date; subject?: string; jurisdiction?: string } = {},
  ): Promise<string> {
    const j = options.jurisdiction ?? jurisdictionId;
    const eventId = randomUUID();
    const keys = await keyRing.forJurisdiction(j);
    const fresh = await withTenant(ds, j, (tx) =>
      enqueueMail(
        tx,
        keys,
        {
          jurisdictionId: j,
          eventId,
          requestId: options.requestId ?? randomUUID(),
          kind: 'ballot-ready',
          eventTime: (options.eventTime ?? new Date()).toISOString(),
          content: {
            to,
            subject: options.subject ?? 'Your ballot is ready',
            text: `Hello Jane,\n\nmail ${eventId}\n`,
          },
        },
        settings.from,
      ),
    );
    expect(fresh).toBe(true);
    return mailIdFor(j, eventId);
  }

  async function row(mailId: string, j = jurisdictionId) {
    const [r]: Array<{
      status: string;
      attempts: number;
      cleared: boolean;
      last_error: string | null;
      message_id: string;
      created_at: Date;
      next_attempt_at: Date;
    }> = await withTenant(ds, j, (tx) =>
      tx.query(
        `SELECT status, attempts, content IS NULL AS cleared, last_error, message_id, created_at, next_attempt_at
         FROM mail_queue WHERE mail_id = $1`,
        [mailId],
      ),
    );
    return r;
  }

  const address = () => `voter-${randomBytes(4).toString('hex')}@example.org`;
  const byMessageId = (mails: ReceivedMail[]) => {
    const counts = new Map<string, number>();
    for (const m of mails) counts.set(m.messageId ?? '', (counts.get(m.messageId ?? '') ?? 0) + 1);
    return counts;
  };

  it('seals each mail, queues it once per event, and delivers a voter’s mails in event order with a fixed Message-ID', async () => {
    const to = address();
    const requestId = randomUUID();
    const t0 = Date.now() - 60_000;
    // queued out of order (two topics are consumed independently): sent in event order
    const third = await queue(to, { requestId, eventTime: new Date(t0 + 3000), subject: 'third' });
    const first = await queue(to, { requestId, eventTime: new Date(t0 + 1000), subject: 'first' });
    const second = await queue(to, { requestId, eventTime: new Date(t0 + 2000), subject: 'second' });

    // the same event again: no second row
    const keys = await keyRing.forJurisdiction(jurisdictionId);
    const eventId = randomUUID();
    const mail = {
      jurisdictionId,
      eventId,
      requestId,
      kind: 'request-received',
      eventTime: new Date().toISOString(),
      content: { to, subject: 'once', text: 'Hello Jane,\n' },
    };
    expect(await withTenant(ds, jurisdictionId, (tx) => enqueueMail(tx, keys, mail, settings.from))).toBe(
      true,
    );
    expect(await withTenant(ds, jurisdictionId, (tx) => enqueueMail(tx, keys, mail, settings.from))).toBe(
      false,
    );

    // personal data is sealed at rest
    const [sealed]: Array<{ plain: boolean; n: number }> = await withTenant(ds, jurisdictionId, (tx) =>
      tx.query(
        `SELECT bool_or(position(convert_to($2, 'UTF8') IN content) > 0 OR position(convert_to('Jane', 'UTF8') IN content) > 0) AS plain,
                count(*)::int AS n
         FROM mail_queue WHERE jurisdiction_id = $1 AND status = 'pending' AND request_id = $3`,
        [jurisdictionId, to, requestId],
      ),
    );
    expect(sealed).toEqual({ plain: false, n: 4 });

    await sender().drain(jurisdictionId);
    const got = sink.to(to);
    expect(got.map((m) => m.subject)).toEqual(['first', 'second', 'third', 'once']);
    for (const [id, m] of [
      [first, got[0]],
      [second, got[1]],
      [third, got[2]],
    ] as const) {
      const r = await row(id);
      expect(r).toMatchObject({ status: 'sent', attempts: 1, cleared: true, last_error: null });
      expect(r.message_id).toBe(`<${id}@county.example.gov>`);
      expect(m.messageId).toBe(r.message_id);
      expect(m.parsed.date?.getTime()).toBe(Math.floor(r.created_at.getTime() / 1000) * 1000);
      expect(m.parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(m.parsed.attachments).toHaveLength(0);
      expect(m.parsed.html).toBe(false);
    }
  });

  it('keeps mail through a relay refusing (4xx) and then down, and delivers each exactly once when it is back', async () => {
    const to = address();
    sink.setMode('tempfail');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await queue(to, { subject: `outage ${i}` }));
    const s = sender();
    s.start();
    await eventually(async () => (sink.refused >= 3 ? true : undefined), 15000, 'refusals');
    const refusedRow = await eventually(async () => {
      const rows = await Promise.all(ids.map((id) => row(id)));
      return rows.find((r) => r.attempts > 0);
    });
    expect(refusedRow).toMatchObject({
      status: 'pending',
      cleared: false,
      last_error: 'smtp 451 MAIL FROM (EENVELOPE)',
    });

    await sink.stop(); // now connection refused
    await eventually(
      async () => {
        const rows = await Promise.all(ids.map((id) => row(id)));
        return rows.some((r) => /^(ESOCKET|ECONNECTION)/.test(r.last_error ?? '')) ? true : undefined;
      },
      15000,
      'a refused connection recorded',
    );
    for (const id of ids) expect((await row(id)).status).toBe('pending');
    expect(sink.to(to)).toHaveLength(0);

    sink.setMode('accept');
    await sink.start();
    await sink.waitFor((m) => m.envelope.to.includes(to), { count: 5, timeoutMs: 20000 });
    await new Promise((r) => setTimeout(r, 1500)); // anything doubled would have arrived by now
    const counts = byMessageId(sink.to(to));
    expect(counts.size).toBe(5);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const id of ids) expect(await row(id)).toMatchObject({ status: 'sent', cleared: true });
    expect(logs.some((l) => l.includes('mail relay unavailable'))).toBe(true);
    expect(logs.some((l) => l.includes('available again'))).toBe(true);
  });

  it('retries a message refused for now, and fails a recipient refused for good at once, logging no address', async () => {
    const deferred = address();
    sink.setMode('reject-data');
    const d = await queue(deferred);
    const s = sender();
    expect(await s.sendOne(jurisdictionId)).toBe('retry');
    const waiting = await row(d);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, last_error: 'smtp 451 DATA (EMESSAGE)' });
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now() - 50);
    sink.setMode('accept');
    await eventually(async () => ((await s.sendOne(jurisdictionId)) === 'sent' ? true : undefined), 5000);
    expect(await row(d)).toMatchObject({ status: 'sent', attempts: 2 });

    const gone = address();
    sink.setMode('reject-recipient');
    const g = await queue(gone);
    expect(await s.sendOne(jurisdictionId)).toBe('failed');
    expect(await row(g)).toMatchObject({
      status: 'failed',
      attempts: 1,
      cleared: true,
      last_error: 'smtp 550 RCPT TO (EENVELOPE)',
    });
    const line = logs.find((l) => l.includes(g));
    expect(line).toContain('(ballot-ready, jurisdiction ');
    expect(line).not.toContain(gone);
    expect(logs.join('\n')).not.toContain('@example.org');
  });

  it('does not hold a voter’s later mails behind one the relay refuses on its own', async () => {
    const to = address();
    const requestId = randomUUID();
    const marker = `held-${randomBytes(3).toString('hex')}`;
    const t0 = Date.now() - 60_000;
    const held = await queue(to, { requestId, eventTime: new Date(t0), subject: marker });
    const next = await queue(to, { requestId, eventTime: new Date(t0 + 1000), subject: 'next' });
    sink.setMode('reject-data', (t) => t.raw?.includes(marker) === true);
    const s = sender();
    await s.drain(jurisdictionId);
    expect(sink.to(to).map((m) => m.subject)).toEqual(['next']);
    expect(await row(held)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'smtp 451 DATA (EMESSAGE)',
    });
    expect(await row(next)).toMatchObject({ status: 'sent' });
    sink.setMode('accept');
    await eventually(async () => {
      await s.drain(jurisdictionId);
      return (await row(held)).status === 'sent' ? true : undefined;
    }, 5000);
    expect(sink.to(to).map((m) => m.subject)).toEqual(['next', marker]);
  });

  it('gives up after the configured time, marks the mail failed and counts it for the office', async () => {
    const to = address();
    await sink.stop();
    const id = await queue(to);
    const s = sender({ settings: { giveUpAfterMs: 1200 } });
    s.start();
    const failed = await eventually(
      async () => {
        const r = await row(id);
        return r.status === 'failed' ? r : undefined;
      },
      15000,
      'the mail given up',
    );
    expect(failed.cleared).toBe(true);
    expect(failed.attempts).toBeGreaterThan(1);
    expect(failed.last_error).toMatch(/^expired: ESOCKET/);
    const line = logs.find((l) => l.includes(id) && l.includes('failed after'));
    expect(line).toMatch(/failed after \d+ attempt\(s\) over \d+ min: expired: ESOCKET/);
    expect(line).not.toContain(to);
    const summary = await withTenant(ds, jurisdictionId, (tx) => mailQueueSummary(tx, jurisdictionId));
    expect(summary.counts.failed).toBeGreaterThanOrEqual(2); // with the refused recipient above
    expect(summary.failed.find((f) => f.mailId === id)).toMatchObject({
      kind: 'ballot-ready',
      lastError: failed.last_error,
    });
    expect(JSON.stringify(summary)).not.toContain('@example.org');
  });

  it('sends the same message again after a crash between the relay’s acceptance and the mark', async () => {
    const to = address();
    const id = await queue(to);
    let crashes = 0;
    const s = sender({
      hooks: {
        afterSend: async (mailId) => {
          if (mailId === id && crashes++ === 0) throw new Error('killed after the relay accepted');
        },
      },
    });
    await expect(s.drain(jurisdictionId)).rejects.toThrow('killed after the relay accepted');
    expect(sink.to(to)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0, cleared: false });

    await s.drain(jurisdictionId);
    const copies = sink.to(to);
    expect(copies).toHaveLength(2);
    expect(copies[1].messageId).toBe(copies[0].messageId);
    expect(copies[1].parsed.date?.getTime()).toBe(copies[0].parsed.date?.getTime());
    expect(copies[1].subject).toBe(copies[0].subject);
    expect(copies[1].text).toBe(copies[0].text);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, cleared: true });
  });

  it('loses and doubles nothing when a sender stops mid-queue and another takes over', async () => {
    const to = address();
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await queue(to, { subject: `bulk ${i}` }));
    const a = sender({ transport: new SlowTransport(new SmtpTransport(sink.url, settings), 40) });
    a.start();
    await sink.waitFor((m) => m.envelope.to.includes(to), { count: 4 });
    await a.stop();
    const before = sink.to(to).length;
    expect(before).toBeLessThan(24);
    const statuses = await Promise.all(ids.map(async (id) => (await row(id)).status));
    expect(statuses.filter((st) => st === 'sent')).toHaveLength(before); // nothing sent and left unmarked
    const b = sender();
    b.start();
    await sink.waitFor((m) => m.envelope.to.includes(to), { count: 24, timeoutMs: 20000 });
    await new Promise((r) => setTimeout(r, 1000));
    const counts = byMessageId(sink.to(to));
    expect(counts.size).toBe(24);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('wakes on the NOTIFY of a committed mail, long before its sweep', async () => {
    const s = sender({ settings: { sweepIntervalMs: 120_000 } });
    s.start();
    await new Promise((r) => setTimeout(r, 1000)); // the first sweep is over and the listener is up
    const to = address();
    const queuedAt = Date.now();
    await queue(to);
    await sink.waitFor((m) => m.envelope.to.includes(to), { timeoutMs: 10000 });
    expect(Date.now() - queuedAt).toBeLessThan(10000);
  });

  it('claims the heads of many voters in one statement and keeps a voter’s later mails behind one waiting out an outage', async () => {
    const j = batchJurisdiction;
    const t0 = Date.now() - 60_000;
    const voters = [0, 1, 2].map(() => ({ requestId: randomUUID(), to: address(), ids: [] as string[] }));
    // voter i has i + 1 mails, queued latest first
    for (const [i, v] of voters.entries())
      for (let k = i; k >= 0; k--)
        v.ids[k] = await queue(v.to, {
          requestId: v.requestId,
          jurisdiction: j,
          eventTime: new Date(t0 + k * 1000),
          subject: `mail ${k}`,
        });
    const claim = () =>
      withTenant(ds, j, async (tx) => (await claimDueMails(tx, j, 100)).map((r) => r.mail_id).sort());
    expect(await claim()).toEqual(voters.map((v) => v.ids[0]).sort());

    // voter 2's first mail waits out an outage: its later mails wait with it, also one queued now
    await withTenant(ds, j, (tx) =>
      markMailRetry(tx, voters[2].ids[0], {
        attempts: 1,
        error: 'ECONNECTION',
        delayMs: 60_000,
        deferred: false,
      }),
    );
    const late = await queue(voters[2].to, {
      requestId: voters[2].requestId,
      jurisdiction: j,
      eventTime: new Date(t0 + 5000),
      subject: 'mail 3',
    });
    expect(await claim()).toEqual([voters[0].ids[0], voters[1].ids[0]].sort());
    const head = await row(voters[2].ids[0], j);
    for (const id of [voters[2].ids[1], voters[2].ids[2], late])
      expect((await row(id, j)).next_attempt_at.getTime()).toBeGreaterThanOrEqual(
        head.next_attempt_at.getTime(),
      );

    const s = sender({ settings: { batch: 2 } });
    await s.drain(j);
    expect(sink.to(voters[0].to).map((m) => m.subject)).toEqual(['mail 0']);
    expect(sink.to(voters[1].to).map((m) => m.subject)).toEqual(['mail 0', 'mail 1']);
    expect(sink.to(voters[2].to)).toHaveLength(0);

    // the relay is back and a minute has passed (every due time of the voter's mails a minute earlier)
    await withTenant(ds, j, (tx) =>
      tx.query(
        `UPDATE mail_queue SET next_attempt_at = next_attempt_at - interval '61 seconds'
         WHERE request_id = $1 AND status = 'pending'`,
        [voters[2].requestId],
      ),
    );
    await s.drain(j);
    expect(sink.to(voters[2].to).map((m) => m.subject)).toEqual(['mail 0', 'mail 1', 'mail 2', 'mail 3']);
  });

  it('plans the claim as a walk of its index with one probe per candidate, before and after ANALYZE', async () => {
    const j = planJurisdiction;
    const owner = await ownerClient();
    try {
      // 24,000 pending mails of 8,000 voters, three each (no sealing: the plan is what is looked at)
      await owner.query(
        `INSERT INTO mail_queue (mail_id, jurisdiction_id, event_id, request_id, kind, event_time, message_id, content)
         SELECT gen_random_uuid(), $1, gen_random_uuid(),
                (lpad(to_hex(g % 8000), 8, '0') || '-0000-4000-8000-000000000000')::uuid, 'ballot-ready',
                now() - interval '1 hour' + g * interval '1 ms', '<plan@example.org>', '\\x00'
         FROM generate_series(1, 24000) g`,
        [j],
      );
      const plan = async () => {
        const [{ 'QUERY PLAN': json }] = (await withTenant(ds, j, (tx) =>
          tx.query(`EXPLAIN (FORMAT JSON) ${CLAIM_DUE_MAILS}`, [j, 50]),
        )) as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
        const nodes: PlanNode[] = [];
        const walk = (n: PlanNode) => {
          nodes.push(n);
          for (const c of n.Plans ?? []) walk(c);
        };
        walk(json[0].Plan);
        return nodes;
      };
      for (const when of ['as queued', 'after ANALYZE']) {
        if (when === 'after ANALYZE') await owner.query(`ANALYZE mail_queue`);
        const nodes = await plan();
        const shape = nodes
          .filter((n) => n['Node Type'] !== 'Result') // projections
          .map((n) => `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`);
        // Limit -> LockRows -> the index walk in claim order, the head test a subplan probing the voter's index
        expect({ when, shape }).toEqual({
          when,
          shape: [
            'Limit',
            'LockRows',
            'Index Scan mail_queue_claim_order',
            'Limit',
            'Index Scan mail_queue_voter_order',
          ],
        });
        expect(nodes.find((n) => n['Index Name'] === 'mail_queue_voter_order')).toBeDefined();
        expect(nodes.filter((n) => n['Parent Relationship'] === 'SubPlan')).toHaveLength(1);
      }
    } finally {
      await owner.end();
    }
  });

  it('lets a member of uocava_app see and change only its own jurisdiction’s mail, and never delete', async () => {
    const mine = await queue(address());
    const theirs = await queue(address(), { jurisdiction: otherJurisdiction });
    const role = `mailq_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    const owner = await ownerClient();
    await owner.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' IN ROLE uocava_app`);
    const url = new URL(process.env.DATABASE_URL!);
    url.username = role;
    url.password = password;
    const app = new Client({ connectionString: url.toString() });
    await app.connect();
    try {
      const [{ n: none }] = (await app.query(`SELECT count(*)::int AS n FROM mail_queue`)).rows;
      expect(none).toBe(0); // no tenant set: nothing

      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [jurisdictionId]);
      const visible = (await app.query(`SELECT mail_id, jurisdiction_id FROM mail_queue`)).rows as Array<{
        mail_id: string;
        jurisdiction_id: string;
      }>;
      expect(visible.map((r) => r.mail_id)).toContain(mine);
      expect(visible.every((r) => r.jurisdiction_id === jurisdictionId)).toBe(true);
      const updated = await app.query(
        `UPDATE mail_queue SET attempts = attempts WHERE mail_id = ANY($1::uuid[])`,
        [[mine, theirs]],
      );
      expect(updated.rowCount).toBe(1);
      // the sender's work, as the application role: claim and mark its own tenant's row
      await app.query(`UPDATE mail_queue SET last_error = 'probe' WHERE mail_id = $1`, [mine]);
      await app.query('COMMIT');

      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [jurisdictionId]);
      await expect(
        app.query(
          `INSERT INTO mail_queue (mail_id, jurisdiction_id, event_id, request_id, kind, event_time, message_id, content)
           VALUES ($1, $2, $3, $4, 'ballot-ready', now(), '<x@y>', '\\x00')`,
          [randomUUID(), otherJurisdiction, randomUUID(), randomUUID()],
        ),
      ).rejects.toThrow(/row-level security/);
      await app.query('ROLLBACK');

      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [jurisdictionId]);
      await expect(app.query(`DELETE FROM mail_queue WHERE mail_id = $1`, [mine])).rejects.toThrow(
        /permission denied/,
      );
      await app.query('ROLLBACK');
    } finally {
      await app.end();
      await owner.query(`DROP ROLE ${role}`);
      await owner.end();
    }
    // still there, untouched by the other tenant's session
    expect(await row(theirs, otherJurisdiction)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
