import { createHash } from 'node:crypto';
import type { JurisdictionKeys, SqlExecutor } from '@uocava/database';

/**
 * The durable e-mail queue (table `mail_queue`, migration 1700000007000). Rows are written by the
 * notifications consumer inside its own tenant transaction and delivered by its sender loop
 * (apps/notifications/src/mail-sender.ts). Every access runs inside `withTenant`.
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
  if (keys.jurisdictionId !== mail.jurisdictionId)
    throw new Error('mail sealed with another jurisdiction key');
  const mailId = mailIdFor(mail.jurisdictionId, mail.eventId);
  const inserted = await tx.query(
    `INSERT INTO mail_queue (mail_id, jurisdiction_id, event_id, request_id, kind, event_time, message_id, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (jurisdiction_id, event_id) DO NOTHING RETURNING mail_id`,
    [
      mailId,
      mail.jurisdictionId,
      mail.eventId,
      mail.requestId,
      mail.kind,
      mail.eventTime,
      messageIdFor(mailId, from),
      keys.sealJson(`mail:${mailId}`, mail.content),
    ],
  );
  if (inserted.length === 0) return false;
  await tx.query(`SELECT pg_notify($1, $2)`, [MAIL_CHANNEL, mail.jurisdictionId]);
  return true;
}

/** Whether the mail of an event is queued already (saves composing it again on a replay). */
export async function mailQueued(tx: SqlExecutor, jurisdictionId: string, eventId: string): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM mail_queue WHERE jurisdiction_id = $1 AND event_id = $2`, [
    jurisdictionId,
    eventId,
  ]);
  return rows.length > 0;
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
  const rows = (await tx.query(
    `SELECT kind, status, count(*)::int AS n, min(created_at) FILTER (WHERE status = 'pending') AS oldest
     FROM mail_queue WHERE jurisdiction_id = $1 GROUP BY kind, status ORDER BY kind`,
    [jurisdictionId],
  )) as Array<{ kind: string; status: 'pending' | 'sent' | 'failed'; n: number; oldest: Date | null }>;
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
  const failed = (await tx.query(
    `SELECT mail_id, request_id, kind, attempts, created_at, failed_at, last_error FROM mail_queue
     WHERE jurisdiction_id = $1 AND status = 'failed' ORDER BY failed_at DESC LIMIT 100`,
    [jurisdictionId],
  )) as Array<{
    mail_id: string;
    request_id: string;
    kind: string;
    attempts: number;
    created_at: Date;
    failed_at: Date;
    last_error: string | null;
  }>;
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
