import type { DataSource } from 'typeorm';
import {
  claimDueMails,
  jurisdictionIds,
  listenForMail,
  MAIL_CHANNEL,
  markMailFailed,
  markMailRetry,
  markMailsSent,
  nextMailDue,
  withTenant,
  type ClaimedMail,
  type JurisdictionKeys,
  type KeyRing,
  type MailContent,
  type SqlExecutor,
} from '@uocava/database';
import { classifySendError, retryDelayMs, type MailSettings } from './mail-policy';
import type { MailTransport } from './mailer';
import { QueueListener } from './queue-listener';

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'relay-down' | 'none';

export interface SenderHooks {
  /** Fault injection for tests: runs after the relay accepted a message, before it is marked sent. */
  afterSend?: (mailId: string) => Promise<void>;
  /** Log lines carry ids, kinds, counts and SMTP codes, never an address or a message text. */
  log?: (level: 'warn' | 'log', line: string) => void;
}

/** What became of one claimed mail, recorded when its batch ends. */
type Attempt =
  | { mail: ClaimedMail; attempts: number; outcome: 'sent' }
  | { mail: ClaimedMail; attempts: number; outcome: 'failed'; reason: string; relayDown: boolean }
  | {
      mail: ClaimedMail;
      attempts: number;
      outcome: 'retry';
      error: string;
      deferred: boolean;
      relayDown: boolean;
    };

/**
 * Delivers the mail queue in batches. A batch is up to `batch` due mails of one jurisdiction,
 * claimed in one tenant transaction that holds their row locks (`FOR UPDATE SKIP LOCKED`: two
 * senders never send the same row at once), sent over up to `parallel` SMTP connections at once, and
 * marked in the same transaction (the sent ones in one statement). A sender that dies mid-batch
 * releases the rows with its connection, so they are sent again later with the same Message-ID (at
 * least once; an exact copy, never a different message). The claim's cost does not grow with the
 * backlog (libs/database `claimDueMails`).
 *
 * A voter's mails go out in the order of their events: a mail waits while an earlier one of the
 * same request is pending (e.g. in backoff while the relay is down), unless the relay refused that
 * earlier message on its own (`deferred`). A failed send waits `retryDelayMs(attempts)`; when
 * the relay itself is unavailable the sender pauses (with the same backoff) rather than trying
 * every queued mail. A mail still undelivered `giveUpAfterMs` after it was queued, or refused for
 * its recipient (5xx), is marked failed. Sent and failed rows lose their sealed content.
 *
 * What wakes it: Postgres NOTIFY on `uocava_mail` when a consumer transaction that queued mail
 * commits (payload: the jurisdiction), the due time of each jurisdiction's next retry, and a sweep
 * of every jurisdiction (`SELECT jurisdiction_id FROM jurisdictions`, each looked at in its own
 * `withTenant`) every `sweepIntervalMs`, which also covers other replicas' work and lost NOTIFYs.
 */
export class MailQueueSender {
  private running = false;
  /** set by stop(): the message in hand finishes, nothing new is claimed */
  private halted = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly hinted = new Set<string>();
  private readonly dueAt = new Map<string, number>();
  private sweepNow = true;
  private relayPausedUntil = 0;
  private relayFailures = 0;
  private readonly listener: QueueListener;
  readonly counts = { sent: 0, retried: 0, failed: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    private readonly transport: MailTransport,
    private readonly settings: MailSettings,
    private readonly hooks: SenderHooks = {},
  ) {
    this.listener = new QueueListener(ds, {
      applicationName: 'uocava-mail-listener',
      channel: MAIL_CHANNEL,
      listen: listenForMail,
      onNotify: (jurisdictionId) => this.notify(jurisdictionId),
      onReconnect: () => {
        this.sweepNow = true; // notifications may have been missed meanwhile
      },
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.halted = false;
    this.sweepNow = true;
    this.listener.start();
    this.loop = this.run();
  }

  /** Stops after the message in hand (its transaction commits or rolls back), then closes the relay connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.halted = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.listener.stop();
    this.transport.close();
  }

  /** Nudges the loop to look at one jurisdiction now (the NOTIFY handler; tests). */
  notify(jurisdictionId: string): void {
    this.hinted.add(jurisdictionId);
    this.wake?.();
  }

  private log(level: 'warn' | 'log', line: string): void {
    (
      this.hooks.log ??
      ((l, text) => (l === 'warn' ? console.warn(`[mail] ${text}`) : console.log(`[mail] ${text}`)))
    )(level, line);
  }

  private async run(): Promise<void> {
    let nextSweep = 0;
    while (this.running) {
      const now = Date.now();
      try {
        if (now >= this.relayPausedUntil) {
          let targets: string[];
          if (this.sweepNow || now >= nextSweep) {
            this.sweepNow = false;
            this.hinted.clear();
            nextSweep = now + this.settings.sweepIntervalMs;
            targets = await this.jurisdictions();
          } else {
            const due = [...this.dueAt].filter(([, at]) => at <= now).map(([j]) => j);
            targets = [...new Set([...this.hinted, ...due])];
            this.hinted.clear();
          }
          for (const j of targets) {
            if (!this.running) break;
            if ((await this.drain(j)) === 'relay-down') {
              this.sweepNow = true; // after the pause, look at everything again
              break;
            }
          }
        }
      } catch (error) {
        // the database is unavailable or similar: try again shortly (rows stay pending)
        this.log(
          'warn',
          `mail sender pass failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        this.sweepNow = true;
        this.relayPausedUntil = Math.max(this.relayPausedUntil, Date.now() + 1000);
      }
      if (!this.running) break;
      const at = Date.now();
      const sleep =
        at < this.relayPausedUntil
          ? this.relayPausedUntil - at
          : this.sweepNow || this.hinted.size > 0
            ? 0
            : Math.max(0, Math.min(nextSweep, ...this.dueAt.values()) - at);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(sleep, 2_147_483_647));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async jurisdictions(): Promise<string[]> {
    return jurisdictionIds(this.ds);
  }

  /**
   * Sends up to `batch` due mails of one jurisdiction, batch after batch (a batch holds only the
   * head of each voter's queue: the next batch finds the mails that were waiting behind it), then
   * notes when its next one is due. When `batch` were sent more may be waiting: the jurisdiction is
   * looked at again right after the others.
   */
  async drain(jurisdictionId: string): Promise<'relay-down' | 'done'> {
    let total = 0;
    let nextDue: Date | null | undefined;
    let claimed = 0;
    const attempted = new Set<string>(); // a mail retried during this pass waits for the next one
    while (!this.halted && total < this.settings.batch) {
      const r = await this.sendBatch(jurisdictionId, this.settings.batch - total, attempted);
      claimed = r.claimed;
      total += r.claimed;
      nextDue = r.nextDue;
      if (r.relayDown) {
        this.relayFailures++;
        const pause = retryDelayMs(this.relayFailures, this.settings);
        if (this.relayFailures === 1)
          this.log('warn', `mail relay unavailable (${this.transport.description}); mail stays queued`);
        this.relayPausedUntil = Date.now() + pause;
        return 'relay-down';
      }
      if (r.sent > 0 && this.relayFailures > 0) {
        this.log('warn', `mail relay available again after ${this.relayFailures} failed attempt(s)`);
        this.relayFailures = 0;
      }
      if (r.claimed === 0 || r.again) break;
    }
    if (total >= this.settings.batch) {
      this.hinted.add(jurisdictionId); // more may be due: next pass, after the other jurisdictions
      return 'done';
    }
    const due =
      nextDue !== undefined && claimed === 0
        ? nextDue
        : await withTenant(this.ds, jurisdictionId, (tx) => nextMailDue(tx, jurisdictionId));
    // due now but nothing could be claimed: another sender holds it; look again in a second
    if (due) this.dueAt.set(jurisdictionId, Math.max(due.getTime(), total > 0 ? 0 : Date.now() + 1000));
    else this.dueAt.delete(jurisdictionId);
    return 'done';
  }

  /** Claims the jurisdiction's next due mail, sends it and records the outcome, in one transaction. */
  async sendOne(jurisdictionId: string): Promise<SendOutcome> {
    const r = await this.sendBatch(jurisdictionId, 1, new Set());
    return r.claimed === 0 ? 'none' : r.relayDown ? 'relay-down' : (r.last ?? 'none');
  }

  /**
   * Claims up to `limit` due mails, sends them `parallel` at a time, and records every outcome in
   * the claim's transaction. Once the relay is found down, or the sender is stopping, no further
   * mail of the batch is started (those stay pending, untouched); the ones in flight finish and are
   * recorded. A hook that throws (a crash in tests) rolls the whole batch back.
   */
  private async sendBatch(
    jurisdictionId: string,
    limit: number,
    attempted: Set<string>,
  ): Promise<{
    claimed: number;
    sent: number;
    relayDown: boolean;
    last?: SendOutcome;
    /** when the next head-of-queue mail is due (null: none), read when nothing could be claimed */
    /** the claim came back to a mail this pass already tried (left untouched): the pass is over */
    again?: boolean;
    nextDue?: Date | null;
  }> {
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const claimed = await claimDueMails(tx, jurisdictionId, limit);
      const rows = claimed.filter((r) => !attempted.has(r.mail_id));
      for (const r of rows) attempted.add(r.mail_id);
      const again = rows.length < claimed.length;
      if (claimed.length === 0)
        return { claimed: 0, sent: 0, relayDown: false, nextDue: await nextMailDue(tx, jurisdictionId) };
      const keys = await this.keyRing.forJurisdiction(jurisdictionId);
      const attempts: Attempt[] = [];
      let stop = false;
      let next = 0;
      const worker = async () => {
        while (!stop && !this.halted && next < rows.length) {
          const attempt = await this.attempt(keys, rows[next++]);
          attempts.push(attempt);
          if (attempt.outcome !== 'sent' && attempt.relayDown) stop = true;
        }
      };
      const settled = await Promise.allSettled(
        Array.from({ length: Math.min(this.settings.parallel, rows.length) }, worker),
      );
      for (const s of settled) if (s.status === 'rejected') throw s.reason;
      await this.record(tx, jurisdictionId, attempts);
      const last = attempts[attempts.length - 1];
      return {
        claimed: rows.length,
        sent: attempts.filter((a) => a.outcome === 'sent').length,
        relayDown: stop,
        last: last === undefined ? undefined : last.outcome,
        again,
      };
    });
  }

  /** One mail: open its sealed content, hand it to the relay, classify what happened. */
  private async attempt(keys: JurisdictionKeys, row: ClaimedMail): Promise<Attempt> {
    const attempts = row.attempts + 1;
    let content: MailContent;
    try {
      content = keys.openJson<MailContent>(`mail:${row.mail_id}`, row.content);
    } catch (error) {
      if (
        error instanceof Error &&
        /unknown sealed-data format|unsupported state|authenticate/i.test(error.message)
      )
        return { mail: row, attempts, outcome: 'failed', reason: 'unreadable', relayDown: false };
      throw error;
    }
    try {
      await this.transport.send({
        messageId: row.message_id,
        date: row.created_at,
        to: content.to,
        subject: content.subject,
        text: content.text,
      });
    } catch (error) {
      const failure = classifySendError(error);
      const relayDown = failure.outcome === 'relay-down';
      const expired = row.age_ms >= this.settings.giveUpAfterMs;
      if (failure.outcome === 'recipient-rejected' || expired) {
        const reason = failure.outcome === 'recipient-rejected' ? failure.code : `expired: ${failure.code}`;
        return { mail: row, attempts, outcome: 'failed', reason, relayDown };
      }
      return {
        mail: row,
        attempts,
        outcome: 'retry',
        error: failure.code,
        deferred: failure.outcome === 'retry',
        relayDown,
      };
    }
    await this.hooks.afterSend?.(row.mail_id);
    return { mail: row, attempts, outcome: 'sent' };
  }

  /** Marks the batch's outcomes: the sent ones in one statement, retries and failures one by one (rare). */
  private async record(tx: SqlExecutor, jurisdictionId: string, attempts: Attempt[]): Promise<void> {
    const sent = attempts.filter((a) => a.outcome === 'sent');
    await markMailsSent(
      tx,
      sent.map((a) => ({ mailId: a.mail.mail_id, attempts: a.attempts })),
    );
    this.counts.sent += sent.length;
    for (const a of attempts) {
      const label = `mail ${a.mail.mail_id} (${a.mail.kind}, jurisdiction ${jurisdictionId})`;
      if (a.outcome === 'failed') {
        await markMailFailed(tx, a.mail.mail_id, a.attempts, a.reason);
        this.log(
          'warn',
          a.reason === 'unreadable'
            ? `${label} failed: its sealed content does not open`
            : `${label} failed after ${a.attempts} attempt(s) over ${Math.round(a.mail.age_ms / 60_000)} min: ${a.reason}`,
        );
        this.counts.failed++;
      } else if (a.outcome === 'retry') {
        await markMailRetry(tx, a.mail.mail_id, {
          attempts: a.attempts,
          error: a.error,
          delayMs: retryDelayMs(a.attempts, this.settings),
          deferred: a.deferred,
        });
        this.counts.retried++;
      }
    }
  }
}
