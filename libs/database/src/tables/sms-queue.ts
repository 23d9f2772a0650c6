import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../data-source';
import type { JurisdictionKeys } from '../pii';
import { execute, queuedAmong, select } from './sql';

/**
 * Owner of `sms_queue` (migration 1700000010200), the durable queue of text messages to voters who
 * opted in. Built like `mail_queue` (tables/mail-queue.ts): rows are written by the notifications
 * consumer inside its tenant transaction, next to the event's mail, and delivered by its SMS
 * sender loop (apps/notifications/src/sms/sms-sender.ts). Every access runs inside `withTenant`.
 */

/** Postgres NOTIFY channel: the payload is a jurisdiction id with new text messages (on commit). */
export const SMS_CHANNEL = 'uocava_sms';

/** What is sealed in a row: the mobile number and the text, opened only by the sender. */
export interface SmsContent {
  to: string;
  text: string;
}

export interface NewSms {
  jurisdictionId: string;
  /** the event this message tells about: one message per event at most */
  eventId: string;
  /** what the event means (libs/messaging effects.ts): one message per meaning at most */
  effectKey?: string | null;
  requestId: string;
  /** notice kind, e.g. `ballot-ready` (no personal data) */
  kind: string;
  /** the event's time: a voter's messages go out in this order */
  eventTime: string;
  content: SmsContent;
}

/** A stable UUID (version-5 layout over SHA-256) of the text message of one event; also its idempotency key. */
export function smsIdFor(jurisdictionId: string, eventId: string): string {
  const h = createHash('sha256').update(`sms\u0000${jurisdictionId}\u0000${eventId}`, 'utf8').digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Queues one text message inside the caller's tenant transaction, sealed with the jurisdiction's
 * data key. Returns false when this event's message is already queued (or sent). Wakes the
 * sender loops on commit (NOTIFY). Due at once, or when the head of the voter's queue is due if
 * that one waits out a provider outage (the claim then does not walk over it meanwhile).
 */
export async function enqueueSms(tx: SqlExecutor, keys: JurisdictionKeys, sms: NewSms): Promise<boolean> {
  return (await enqueueSmsMessages(tx, keys, [sms])) > 0;
}

/** `enqueueSms` for many messages of one jurisdiction in one INSERT; returns how many were queued. */
export async function enqueueSmsMessages(
  tx: SqlExecutor,
  keys: JurisdictionKeys,
  messages: readonly NewSms[],
): Promise<number> {
  if (messages.length === 0) return 0;
  if (messages.some((m) => m.jurisdictionId !== keys.jurisdictionId))
    throw new Error('sms sealed with another jurisdiction key');
  const ids = messages.map((m) => smsIdFor(m.jurisdictionId, m.eventId));
  const inserted = await select(
    tx,
    `INSERT INTO sms_queue (sms_id, jurisdiction_id, event_id, request_id, kind, event_time, content, effect_key,
       next_attempt_at)
     SELECT m.sms_id, $1, m.event_id, m.request_id, m.kind, m.event_time, m.content, m.effect_key,
       GREATEST(now(), (
         SELECT p.next_attempt_at FROM sms_queue p
         WHERE p.jurisdiction_id = $1 AND p.request_id = m.request_id AND p.status = 'pending'
           AND (p.event_time, p.sms_id) < (m.event_time, m.sms_id)
         ORDER BY p.event_time, p.sms_id LIMIT 1))
     FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::bytea[], $8::text[])
       WITH ORDINALITY AS m(sms_id, event_id, request_id, kind, event_time, content, effect_key, ord)
     ORDER BY m.ord
     ON CONFLICT DO NOTHING RETURNING sms_id`,
    [
      keys.jurisdictionId,
      ids,
      messages.map((m) => m.eventId),
      messages.map((m) => m.requestId),
      messages.map((m) => m.kind),
      messages.map((m) => m.eventTime),
      messages.map((m, i) => keys.sealJson(`sms:${ids[i]}`, m.content)),
      messages.map((m) => m.effectKey ?? null),
    ],
  );
  if (inserted.length > 0) await execute(tx, `SELECT pg_notify($1, $2)`, [SMS_CHANNEL, keys.jurisdictionId]);
  return inserted.length;
}

/** Whether the text message of an event is queued already: by its event id, or by what it means. */
export async function smsQueued(
  tx: SqlExecutor,
  jurisdictionId: string,
  eventId: string,
  effectKey: string | null = null,
): Promise<boolean> {
  return (await smsQueuedOf(tx, jurisdictionId, [{ eventId, effectKey }]))[0];
}

/** `smsQueued` for many events at once (one query), in their order. */
export async function smsQueuedOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  events: ReadonlyArray<{ eventId: string; effectKey?: string | null }>,
): Promise<boolean[]> {
  if (events.length === 0) return [];
  const rows = await select<{ event_id: string; effect_key: string | null }>(
    tx,
    `SELECT event_id::text AS event_id, effect_key FROM sms_queue
      WHERE jurisdiction_id = $1 AND (event_id = ANY($2::uuid[]) OR effect_key = ANY($3::text[]))`,
    [jurisdictionId, events.map((e) => e.eventId), events.flatMap((e) => (e.effectKey ? [e.effectKey] : []))],
  );
  return queuedAmong(rows, events);
}

/** Whether the request's resubmission text was queued in the last day (at most one a day). */
export async function resubmissionSmsQueuedToday(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<boolean> {
  const rows = await select(
    tx,
    `SELECT 1 FROM sms_queue WHERE jurisdiction_id = $1 AND request_id = $2 AND kind = 'request-resubmitted'
         AND created_at > now() - interval '1 day' LIMIT 1`,
    [jurisdictionId, requestId],
  );
  return rows.length > 0;
}

export interface SmsQueueCounts {
  pending: number;
  sent: number;
  failed: number;
}

/** Counts of the jurisdiction's text messages by status (no personal data). */
export async function smsQueueCounts(tx: SqlExecutor, jurisdictionId: string): Promise<SmsQueueCounts> {
  const rows = await select<{ status: keyof SmsQueueCounts; n: number }>(
    tx,
    `SELECT status, count(*)::int AS n FROM sms_queue WHERE jurisdiction_id = $1 GROUP BY status`,
    [jurisdictionId],
  );
  const counts = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** A connection that can LISTEN (a dedicated `pg` client, outside any pool). */
export interface SmsListener {
  query(sql: string): Promise<unknown>;
}

/** Subscribes a dedicated connection to SMS_CHANNEL (its notifications name a jurisdiction). */
export async function listenForSms(client: SmsListener): Promise<void> {
  await client.query(`LISTEN ${SMS_CHANNEL}`);
}

/** A text message the sender claimed: locked for its transaction. */
export interface ClaimedSms {
  sms_id: string;
  kind: string;
  /** sealed SmsContent */
  content: Buffer;
  attempts: number;
  age_ms: number;
}

/**
 * Whether `m` is at the head of its voter's queue (no earlier message of the same request still
 * pending): one probe of `sms_queue_voter_order` per candidate, as the mail queue's head test.
 */
const HEAD = `NOT COALESCE((
  SELECT (p.event_time, p.sms_id) < (m.event_time, m.sms_id) FROM sms_queue p
  WHERE p.jurisdiction_id = m.jurisdiction_id AND p.request_id = m.request_id AND p.status = 'pending'
  ORDER BY p.event_time, p.sms_id LIMIT 1), false)`;

/**
 * Due messages at the head of their voter's queue, walked in `sms_queue_claim_order` and locked
 * `FOR UPDATE SKIP LOCKED` (two senders never hold the same row, and never two of one voter).
 */
export async function claimDueSms(
  tx: SqlExecutor,
  jurisdictionId: string,
  limit: number,
): Promise<ClaimedSms[]> {
  return select<ClaimedSms>(
    tx,
    `SELECT m.sms_id, m.kind, m.content, m.attempts,
            (extract(epoch FROM clock_timestamp() - m.created_at) * 1000)::float8 AS age_ms
     FROM sms_queue m
     WHERE m.jurisdiction_id = $1 AND m.status = 'pending' AND m.next_attempt_at <= now() AND ${HEAD}
     ORDER BY m.next_attempt_at, m.event_time, m.sms_id
     LIMIT $2
     FOR UPDATE OF m SKIP LOCKED`,
    [jurisdictionId, limit],
  );
}

/** When the jurisdiction's next head-of-queue message is due (null: nothing pending). */
export async function nextSmsDue(tx: SqlExecutor, jurisdictionId: string): Promise<Date | null> {
  const [next] = await select<{ due: Date }>(
    tx,
    `SELECT m.next_attempt_at AS due FROM sms_queue m
     WHERE m.jurisdiction_id = $1 AND m.status = 'pending' AND ${HEAD}
     ORDER BY m.next_attempt_at, m.event_time, m.sms_id
     LIMIT 1`,
    [jurisdictionId],
  );
  return next?.due ?? null;
}

/**
 * A failed attempt, tried again after `delayMs`. The voter's later messages are made due no
 * earlier than it (the head test keeps the order in any case; this keeps the claim from walking
 * over them meanwhile).
 */
export async function markSmsRetry(
  tx: SqlExecutor,
  smsId: string,
  retry: { attempts: number; error: string; delayMs: number },
): Promise<void> {
  await execute(
    tx,
    `WITH r AS (
       UPDATE sms_queue SET attempts = $2, last_attempt_at = clock_timestamp(), last_error = $3,
                  next_attempt_at = clock_timestamp() + $4 * interval '1 millisecond'
       WHERE sms_id = $1
       RETURNING jurisdiction_id, request_id, event_time, sms_id, next_attempt_at)
     UPDATE sms_queue f SET next_attempt_at = r.next_attempt_at FROM r
     WHERE f.jurisdiction_id = r.jurisdiction_id AND f.request_id = r.request_id
       AND f.status = 'pending' AND (f.event_time, f.sms_id) > (r.event_time, r.sms_id)
       AND f.next_attempt_at < r.next_attempt_at`,
    [smsId, retry.attempts, retry.error.slice(0, 200), retry.delayMs],
  );
}

/** Sent: the sealed content is dropped; the provider's message id is kept. */
export async function markSmsSent(
  tx: SqlExecutor,
  smsId: string,
  attempts: number,
  providerRef: string | null,
): Promise<void> {
  await execute(
    tx,
    `UPDATE sms_queue SET status = 'sent', content = NULL, attempts = $2, last_attempt_at = clock_timestamp(),
            sent_at = clock_timestamp(), last_error = NULL, provider_ref = $3
     WHERE sms_id = $1`,
    [smsId, attempts, providerRef === null ? null : providerRef.slice(0, 100)],
  );
}

/** Given up on: the sealed content is dropped, the reason (a code, no personal data) kept. */
export async function markSmsFailed(
  tx: SqlExecutor,
  smsId: string,
  attempts: number,
  reason: string,
): Promise<void> {
  await execute(
    tx,
    `UPDATE sms_queue SET status = 'failed', content = NULL, attempts = $2, last_attempt_at = clock_timestamp(),
            failed_at = clock_timestamp(), last_error = $3
     WHERE sms_id = $1`,
    [smsId, attempts, reason.slice(0, 200)],
  );
}
