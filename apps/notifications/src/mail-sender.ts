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
  type KeyRing,
  type MailContent,
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

/**
 * Delivers the mail queue. Mails are claimed in batches (`batch`, one tenant transaction each,
 * `FOR UPDATE SKIP LOCKED`) and the batch is sent concurrently, `smtpConnections` messages in
 * flight; the transaction holds the row locks until every outcome is recorded: two senders never
 * send the same row at once, and a sender that dies mid-batch releases them with its connection,
 * so those rows are sent again later with the same Message-ID (at least once; an exact copy, never
 * a different message). A jurisdiction gets `turn` mails before the next one's turn.
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
  /** set by stop(): the messages in flight finish, nothing new is sent or claimed */
  private halted = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly hinted = new Set<string>();
  private readonly dueAt = new Map<string, number>();
  /** the next due time read by a claim that found nothing (saves a second transaction per sweep) */
  private readonly nextDue = new Map<string, Date | null>();
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

  /** Stops after the messages in flight (their batch commits or rolls back), then closes the relay connections. */
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
   * Sends up to `turn` due mails of one jurisdiction, a claimed batch at a time, then notes when
   * its next one is due.
   */
  async drain(jurisdictionId: string): Promise<'relay-down' | 'done'> {
    let claimed = 0;
    let exhausted = false;
    while (claimed < this.settings.turn && !this.halted) {
      const batch = await this.sendBatch(
        jurisdictionId,
        Math.min(this.settings.batch, this.settings.turn - claimed),
      );
      if (batch.claimed === 0) {
        exhausted = true;
        break;
      }
      claimed += batch.claimed;
      if (batch.outcomes.includes('relay-down')) {
        this.relayFailures++;
        const pause = retryDelayMs(this.relayFailures, this.settings);
        if (this.relayFailures === 1)
          this.log('warn', `mail relay unavailable (${this.transport.description}); mail stays queued`);
        this.relayPausedUntil = Date.now() + pause;
        return 'relay-down';
      }
      if (batch.outcomes.includes('sent') && this.relayFailures > 0) {
        this.log('warn', `mail relay available again after ${this.relayFailures} failed attempt(s)`);
        this.relayFailures = 0;
      }
    }
    // the claim that found nothing read the next due time in its transaction; else read it now
    let due = exhausted ? this.nextDue.get(jurisdictionId) : undefined;
    if (due === undefined) {
      due = await withTenant(this.ds, jurisdictionId, (tx) => nextMailDue(tx, jurisdictionId));
    }
    this.nextDue.delete(jurisdictionId);
    // due now but nothing could be claimed: another sender holds it; look again in a second
    if (due) this.dueAt.set(jurisdictionId, Math.max(due.getTime(), claimed > 0 ? 0 : Date.now() + 1000));
    else this.dueAt.delete(jurisdictionId);
    return 'done';
  }

  /** Claims the jurisdiction's next due mail, sends it and records the outcome, in one transaction. */
  async sendOne(jurisdictionId: string): Promise<SendOutcome> {
    const batch = await this.sendBatch(jurisdictionId, 1);
    return batch.outcomes[0] ?? 'none';
  }

  /**
   * One transaction: claims up to `limit` due mails (each the head of its voter's queue, so no two
   * of one voter unless the earlier is deferred), sends them concurrently, `smtpConnections` at a
   * time, and records every outcome before it commits (the sent ones in one statement). The row
   * locks are held until then, as with one mail per transaction: a sender that dies mid-batch
   * releases them with its connection and every mail of the batch is sent again later as the same
   * message (at least once). Once stopped, or once the relay is found down, no further mail of the
   * batch is handed to the relay; those stay pending, untouched.
   */
  async sendBatch(
    jurisdictionId: string,
    limit: number,
  ): Promise<{ claimed: number; outcomes: SendOutcome[] }> {
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const rows = await claimDueMails(tx, jurisdictionId, limit);
      if (rows.length === 0) {
        this.nextDue.set(jurisdictionId, await nextMailDue(tx, jurisdictionId));
        return { claimed: 0, outcomes: [] };
      }
      const results: Attempt[] = [];
      let next = 0;
      let relayDown = false;
      let crash: { error: unknown } | undefined;
      const worker = async () => {
        while (!this.halted && !relayDown && crash === undefined && next < rows.length) {
          const row = rows[next++];
          try {
            const result = await this.attempt(jurisdictionId, row);
            results.push(result);
            if (result.outcome === 'relay-down') relayDown = true;
          } catch (error) {
            crash ??= { error };
          }
        }
      };
      const workers = Math.max(1, Math.min(this.settings.smtpConnections, rows.length));
      await Promise.all(Array.from({ length: workers }, worker));
      // as if the process had died here: nothing of the batch is recorded (its transaction rolls back)
      if (crash !== undefined) throw crash.error;
      const sent: string[] = [];
      for (const r of results) {
        const label = `mail ${r.row.mail_id} (${r.row.kind}, jurisdiction ${jurisdictionId})`;
        const attempts = r.row.attempts + 1;
        if (r.kind === 'sent') {
          sent.push(r.row.mail_id);
        } else if (r.kind === 'unreadable') {
          await markMailFailed(tx, r.row.mail_id, attempts, 'unreadable');
          this.log('warn', `${label} failed: its sealed content does not open`);
        } else if (r.kind === 'failed') {
          await markMailFailed(tx, r.row.mail_id, attempts, r.reason);
          this.log(
            'warn',
            `${label} failed after ${attempts} attempt(s) over ${Math.round(r.row.age_ms / 60_000)} min: ${r.reason}`,
          );
        } else {
          await markMailRetry(tx, r.row.mail_id, {
            attempts,
            error: r.reason,
            delayMs: retryDelayMs(attempts, this.settings),
            deferred: r.outcome === 'retry',
          });
        }
      }
      await markMailsSent(tx, sent);
      for (const r of results) {
        if (r.kind === 'sent') this.counts.sent++;
        else if (r.kind === 'retry') this.counts.retried++;
        else this.counts.failed++;
      }
      return { claimed: rows.length, outcomes: results.map((r) => r.outcome) };
    });
  }

  /** Opens and sends one claimed mail; what to record is left to the batch. */
  private async attempt(jurisdictionId: string, row: ClaimedMail): Promise<Attempt> {
    let content: MailContent;
    try {
      const keys = await this.keyRing.forJurisdiction(jurisdictionId);
      content = keys.openJson<MailContent>(`mail:${row.mail_id}`, row.content);
    } catch (error) {
      if (
        error instanceof Error &&
        /unknown sealed-data format|unsupported state|authenticate/i.test(error.message)
      )
        return { row, kind: 'unreadable', outcome: 'failed' };
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
      const expired = row.age_ms >= this.settings.giveUpAfterMs;
      const down = failure.outcome === 'relay-down';
      if (failure.outcome === 'recipient-rejected' || expired) {
        const reason = failure.outcome === 'recipient-rejected' ? failure.code : `expired: ${failure.code}`;
        return { row, kind: 'failed', reason, outcome: down ? 'relay-down' : 'failed' };
      }
      return { row, kind: 'retry', reason: failure.code, outcome: down ? 'relay-down' : 'retry' };
    }
    await this.hooks.afterSend?.(row.mail_id);
    return { row, kind: 'sent', outcome: 'sent' };
  }
}

/** What became of one claimed mail, recorded when its batch commits. */
type Attempt =
  | { row: ClaimedMail; kind: 'sent'; outcome: 'sent' }
  | { row: ClaimedMail; kind: 'unreadable'; outcome: 'failed' }
  | { row: ClaimedMail; kind: 'failed'; reason: string; outcome: 'failed' | 'relay-down' }
  | { row: ClaimedMail; kind: 'retry'; reason: string; outcome: 'retry' | 'relay-down' };
