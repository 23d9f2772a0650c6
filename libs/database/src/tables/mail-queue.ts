import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../data-source';
import type { JurisdictionKeys } from '../pii';
import { execute, queuedAmong, select } from './sql';

/**
 * Owner of `mail_queue` (migration 1700000007000), the durable e-mail queue. Rows are written by
 * the notifications consumer inside its own tenant transaction and delivered by its sender loop
 * (apps/notifications/src/mail-sender.ts); the office reads a summary. Every access runs inside
 * `withTenant`.
 */

/** Postgres NOTIFY channel: the payload is a jurisdiction id with new mail (delivered on commit). */
export const MAIL_CHANNEL = 'uocava_mail';

/** What is sealed in a row: personal data, opened only by the sender. */
export interface MailContent {
  to: string;
  subject: string;
  text: string;
}

export interface NewMail {
  jurisdictionId: string;
  /** the event this mail tells about: one mail per event at most */
  eventId: string;
  /** what the event means (libs/messaging effects.ts): one mail per meaning at most, whatever the event id */
  effectKey?: string | null;
  requestId: string;
  /** notice kind, e.g. `ballot-ready` (no personal data) */
  kind: string;
  /** the event's time: a voter's mails go out in this order */
  eventTime: string;
  content: MailContent;
}

/** A stable UUID (version-5 layout over SHA-256) of the mail of one event. */
export function mailIdFor(jurisdictionId: string, eventId: string): string {
  const h = createHash('sha256').update(`mail\u0000${jurisdictionId}\u0000${eventId}`, 'utf8').digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The domain of a sender like `Name <no-reply@example.org>` (for Message-IDs); a fallback otherwise. */
export function messageIdDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\s*>?\s*$/.exec(from.trim());
  return m ? m[1].toLowerCase() : 'uocava.invalid';
}

/** The RFC 5322 Message-ID of a queued mail: fixed when it is queued, the same on every attempt. */
export function messageIdFor(mailId: string, from: string): string {
  return `<${mailId}@${messageIdDomain(from)}>`;
}

/**
 * Queues one mail inside the caller's tenant transaction, sealed with the jurisdiction's data key.
 * Returns false when this event's mail is already queued (or sent): an event never mails twice,
 * even for a consumer whose inbox was reset. Wakes the sender loops on commit (NOTIFY).
 */
export async function enqueueMail(
  tx: SqlExecutor,
  keys: JurisdictionKeys,
  mail: NewMail,
  from: string,
): Promise<boolean> {
  return (await enqueueMails(tx, keys, [mail], from)) > 0;
}

/**
 * `enqueueMail` for many mails of one jurisdiction in one INSERT (in their order); one NOTIFY for
 * all. Returns how many were queued (a mail whose event or meaning is queued already is not).
 */
export async function enqueueMails(
  tx: SqlExecutor,
  keys: JurisdictionKeys,
  mails: readonly NewMail[],
  from: string,
): Promise<number> {
  if (mails.length === 0) return 0;
  if (mails.some((m) => m.jurisdictionId !== keys.jurisdictionId))
    throw new Error('mail sealed with another jurisdiction key');
  const ids = mails.map((m) => mailIdFor(m.jurisdictionId, m.eventId));
  const inserted = await select(
    tx,
    // due at once, or when the head of the voter's queue is due if that one is earlier and waits
    // out a relay outage: the claim then does not walk over it meanwhile (see CLAIM_DUE_MAILS).
    // The head is read as the claim's head test reads it (one probe of mail_queue_voter_order per
    // mail; a max() here would be planned as a walk of mail_queue_claim_order over every pending
    // mail). Two mails of one voter in one statement both see the head before it: the same time.
    `INSERT INTO mail_queue (mail_id, jurisdiction_id, event_id, request_id, kind, event_time, message_id, content,
       effect_key, next_attempt_at)
     SELECT m.mail_id, $1, m.event_id, m.request_id, m.kind, m.event_time, m.message_id, m.content, m.effect_key,
       GREATEST(now(), (
         SELECT p.next_attempt_at FROM mail_queue p
         WHERE p.jurisdiction_id = $1 AND p.request_id = m.request_id AND p.status = 'pending' AND NOT p.deferred
           AND (p.event_time, p.mail_id) < (m.event_time, m.mail_id)
         ORDER BY p.event_time, p.mail_id LIMIT 1))
     FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::text[], $8::bytea[], $9::text[])
       WITH ORDINALITY AS m(mail_id, event_id, request_id, kind, event_time, message_id, content, effect_key, ord)
     ORDER BY m.ord
     ON CONFLICT DO NOTHING RETURNING mail_id`,
    [
      keys.jurisdictionId,
      ids,
      mails.map((m) => m.eventId),
      mails.map((m) => m.requestId),
      mails.map((m) => m.kind),
      mails.map((m) => m.eventTime),
      ids.map((id) => messageIdFor(id, from)),
      mails.map((m, i) => keys.sealJson(`mail:${ids[i]}`, m.content)),
      mails.map((m) => m.effectKey ?? null),
    ],
  );
  if (inserted.length > 0) await execute(tx, `SELECT pg_notify($1, $2)`, [MAIL_CHANNEL, keys.jurisdictionId]);
  return inserted.length;
}

/**
 * Whether the mail of an event is queued already (saves composing it again on a replay): by its
 * event id, or by what it means (`effectKey`) under any event id.
 */
export async function mailQueued(
  tx: SqlExecutor,
  jurisdictionId: string,
  eventId: string,
  effectKey: string | null = null,
): Promise<boolean> {
  return (await mailsQueuedOf(tx, jurisdictionId, [{ eventId, effectKey }]))[0];
}

/** `mailQueued` for many events at once (one query), in their order. */
export async function mailsQueuedOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  events: ReadonlyArray<{ eventId: string; effectKey?: string | null }>,
): Promise<boolean[]> {
  if (events.length === 0) return [];
  const rows = await select<{ event_id: string; effect_key: string | null }>(
    tx,
    `SELECT event_id::text AS event_id, effect_key FROM mail_queue
      WHERE jurisdiction_id = $1 AND (event_id = ANY($2::uuid[]) OR effect_key = ANY($3::text[]))`,
    [jurisdictionId, events.map((e) => e.eventId), events.flatMap((e) => (e.effectKey ? [e.effectKey] : []))],
  );
  return queuedAmong(rows, events);
}

export interface MailQueueSummary {
  counts: { pending: number; sent: number; failed: number };
  /** per notice kind */
  byKind: Array<{ kind: string; pending: number; sent: number; failed: number }>;
  /** when the oldest mail still waiting was queued (null: none waiting) */
  oldestPendingSince: string | null;
  /** the latest mails given up on: ids and codes only, for the office to reach those voters another way */
  failed: Array<{
    mailId: string;
    requestId: string;
    kind: string;
    attempts: number;
    queuedAt: string;
    failedAt: string;
    lastError: string | null;
  }>;
}

/** The office's view of its queue (no personal data: ids, kinds, counts, SMTP codes). */
export async function mailQueueSummary(tx: SqlExecutor, jurisdictionId: string): Promise<MailQueueSummary> {
  const rows = await select<{
    kind: string;
    status: 'pending' | 'sent' | 'failed';
    n: number;
    oldest: Date | null;
  }>(
    tx,
    `SELECT kind, status, count(*)::int AS n, min(created_at) FILTER (WHERE status = 'pending') AS oldest
     FROM mail_queue WHERE jurisdiction_id = $1 GROUP BY kind, status ORDER BY kind`,
    [jurisdictionId],
  );
  const counts = { pending: 0, sent: 0, failed: 0 };
  const byKind = new Map<string, { kind: string; pending: number; sent: number; failed: number }>();
  let oldest: Date | null = null;
  for (const r of rows) {
    counts[r.status] += r.n;
    const k = byKind.get(r.kind) ?? { kind: r.kind, pending: 0, sent: 0, failed: 0 };
    k[r.status] += r.n;
    byKind.set(r.kind, k);
    if (r.oldest && (!oldest || r.oldest < oldest)) oldest = r.oldest;
  }
  const failed = await select<{
    mail_id: string;
    request_id: string;
    kind: string;
    attempts: number;
    created_at: Date;
    failed_at: Date;
    last_error: string | null;
  }>(
    tx,
    `SELECT mail_id, request_id, kind, attempts, created_at, failed_at, last_error FROM mail_queue
     WHERE jurisdiction_id = $1 AND status = 'failed' ORDER BY failed_at DESC LIMIT 100`,
    [jurisdictionId],
  );
  return {
    counts,
    byKind: [...byKind.values()],
    oldestPendingSince: oldest ? oldest.toISOString() : null,
    failed: failed.map((f) => ({
      mailId: f.mail_id,
      requestId: f.request_id,
      kind: f.kind,
      attempts: f.attempts,
      queuedAt: f.created_at.toISOString(),
      failedAt: f.failed_at.toISOString(),
      lastError: f.last_error,
    })),
  };
}

/** Whether the request's resubmission reminder was queued in the last day (at most one a day). */
export async function resubmissionReminderQueuedToday(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<boolean> {
  const rows = await select(
    tx,
    `SELECT 1 FROM mail_queue WHERE jurisdiction_id = $1 AND request_id = $2 AND kind = 'request-resubmitted'
         AND created_at > now() - interval '1 day' LIMIT 1`,
    [jurisdictionId, requestId],
  );
  return rows.length > 0;
}

/** A connection that can LISTEN (a dedicated `pg` client, outside any pool). */
export interface MailListener {
  query(sql: string): Promise<unknown>;
}

/** Subscribes a dedicated connection to MAIL_CHANNEL (its notifications name a jurisdiction). */
export async function listenForMail(client: MailListener): Promise<void> {
  await client.query(`LISTEN ${MAIL_CHANNEL}`);
}

/** The mail the sender claimed: locked for its transaction. */
export interface ClaimedMail {
  mail_id: string;
  kind: string;
  message_id: string;
  /** sealed MailContent */
  content: Buffer;
  attempts: number;
  created_at: Date;
  age_ms: number;
}

/**
 * Whether `m` is at the head of its voter's queue: no earlier mail of the same request is still
 * pending, except one the relay refused on its own (`deferred`), which must not hold the others
 * back. Written as a scalar subquery on purpose: Postgres never turns it into a join, so it is
 * always one probe per candidate into `mail_queue_voter_order` that reads the voter's first
 * non-deferred pending mail (an anti-join may instead be planned as a hash or nested loop over
 * every pending mail, which is what made the old claim quadratic on a table without statistics).
 */
const HEAD = `NOT COALESCE((
  SELECT (p.event_time, p.mail_id) < (m.event_time, m.mail_id) FROM mail_queue p
  WHERE p.jurisdiction_id = m.jurisdiction_id AND p.request_id = m.request_id AND p.status = 'pending'
    AND NOT p.deferred
  ORDER BY p.event_time, p.mail_id LIMIT 1), false)`;

/**
 * The claim: due mails at the head of their voter's queue, walked in the order of
 * `mail_queue_claim_order` (due time, then event time) and locked `FOR UPDATE SKIP LOCKED` (two
 * senders never hold the same row; a row another sender holds is passed over, and so are its
 * voter's later mails, whose head is still pending). Rows not yet due are never read. What the
 * walk passes over is bounded by the batch: mails held by other senders, and later mails of voters
 * whose head is in this batch or another sender's. A voter's later mail is never due before its
 * head when that head waits out a relay outage: `markMailRetry` and `enqueueMail` move it to the
 * head's due time, so it is not walked over at every claim while the head waits.
 */
export const CLAIM_DUE_MAILS = `
  SELECT m.mail_id, m.kind, m.message_id, m.content, m.attempts, m.created_at,
         (extract(epoch FROM clock_timestamp() - m.created_at) * 1000)::float8 AS age_ms
  FROM mail_queue m
  WHERE m.jurisdiction_id = $1 AND m.status = 'pending' AND m.next_attempt_at <= now() AND ${HEAD}
  ORDER BY m.next_attempt_at, m.event_time, m.mail_id
  LIMIT $2
  FOR UPDATE OF m SKIP LOCKED`;

/**
 * Claims up to `limit` of the jurisdiction's due mails, each at the head of its voter's queue (so
 * at most one per voter, unless an earlier one is `deferred`), locked for the caller's transaction.
 */
export async function claimDueMails(
  tx: SqlExecutor,
  jurisdictionId: string,
  limit: number,
): Promise<ClaimedMail[]> {
  return select<ClaimedMail>(tx, CLAIM_DUE_MAILS, [jurisdictionId, limit]);
}

/** Claims the jurisdiction's next due mail at the head of its voter's queue, or undefined. */
export async function claimDueMail(
  tx: SqlExecutor,
  jurisdictionId: string,
): Promise<ClaimedMail | undefined> {
  const [row] = await claimDueMails(tx, jurisdictionId, 1);
  return row;
}

/** When the jurisdiction's next head-of-queue mail is due (null: nothing pending). */
export async function nextMailDue(tx: SqlExecutor, jurisdictionId: string): Promise<Date | null> {
  const [next] = await select<{ due: Date }>(
    tx,
    `
  SELECT m.next_attempt_at AS due FROM mail_queue m
  WHERE m.jurisdiction_id = $1 AND m.status = 'pending' AND ${HEAD}
  ORDER BY m.next_attempt_at, m.event_time, m.mail_id
  LIMIT 1`,
    [jurisdictionId],
  );
  return next?.due ?? null;
}

/**
 * A failed attempt to be tried again after `delayMs`; `deferred` when the relay refused it on its
 * own. A mail that is not deferred keeps its voter's later mails waiting: they are made due no
 * earlier than it (so the claim does not walk over them meanwhile; the head test keeps the order
 * in any case).
 */
export async function markMailRetry(
  tx: SqlExecutor,
  mailId: string,
  retry: { attempts: number; error: string; delayMs: number; deferred: boolean },
): Promise<void> {
  await execute(
    tx,
    `WITH r AS (
       UPDATE mail_queue SET attempts = $2, last_attempt_at = clock_timestamp(), last_error = $3,
                  next_attempt_at = clock_timestamp() + $4 * interval '1 millisecond', deferred = $5
       WHERE mail_id = $1
       RETURNING jurisdiction_id, request_id, event_time, mail_id, next_attempt_at)
     UPDATE mail_queue f SET next_attempt_at = r.next_attempt_at FROM r
     WHERE NOT $5 AND f.jurisdiction_id = r.jurisdiction_id AND f.request_id = r.request_id
       AND f.status = 'pending' AND (f.event_time, f.mail_id) > (r.event_time, r.mail_id)
       AND f.next_attempt_at < r.next_attempt_at`,
    [mailId, retry.attempts, retry.error.slice(0, 200), retry.delayMs, retry.deferred],
  );
}

/**
 * Sent, several at once (one statement, by primary key): the sealed content is dropped. Each row
 * is held by the caller since its claim, so its attempt count is the claimed one plus this one.
 */
export async function markMailsSent(tx: SqlExecutor, mailIds: string[]): Promise<void> {
  if (mailIds.length === 0) return;
  await execute(
    tx,
    `UPDATE mail_queue SET status = 'sent', content = NULL, attempts = attempts + 1,
            last_attempt_at = clock_timestamp(), sent_at = clock_timestamp(), last_error = NULL
     WHERE mail_id = ANY($1::uuid[])`,
    [mailIds],
  );
}

/** Sent: the sealed content is dropped. */
export async function markMailSent(tx: SqlExecutor, mailId: string, attempts: number): Promise<void> {
  await execute(
    tx,
    `UPDATE mail_queue SET status = 'sent', content = NULL, attempts = $2, last_attempt_at = clock_timestamp(),
                sent_at = clock_timestamp(), last_error = NULL
         WHERE mail_id = $1`,
    [mailId, attempts],
  );
}

/** Given up on: the sealed content is dropped, the reason (an SMTP code, no personal data) kept. */
export async function markMailFailed(
  tx: SqlExecutor,
  mailId: string,
  attempts: number,
  reason: string,
): Promise<void> {
  await execute(
    tx,
    `UPDATE mail_queue SET status = 'failed', content = NULL, attempts = $2, last_attempt_at = clock_timestamp(),
              failed_at = clock_timestamp(), last_error = $3
       WHERE mail_id = $1`,
    [mailId, attempts, reason.slice(0, 200)],
  );
}
