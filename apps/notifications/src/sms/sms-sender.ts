import type { DataSource } from 'typeorm';
import {
  claimDueSms,
  jurisdictionIds,
  listenForSms,
  markSmsFailed,
  markSmsRetry,
  markSmsSent,
  nextSmsDue,
  SMS_CHANNEL,
  withTenant,
  type ClaimedSms,
  type KeyRing,
  type SmsContent,
} from '@uocava/database';
import { retryDelayMs } from '../mail-policy';
import { QueueListener } from '../queue-listener';
import type { SmsSettings } from './sms-policy';
import { SmsSendError, type SmsProvider } from './sms-provider';

export type SmsOutcome = 'sent' | 'retry' | 'failed' | 'provider-down';

export interface SmsSenderHooks {
  /** Fault injection for tests: runs after the provider accepted a text, before it is marked sent. */
  afterSend?: (smsId: string) => Promise<void>;
  /** Log lines carry ids, kinds and codes, never a number or a text. */
  log?: (level: 'warn' | 'log', line: string) => void;
}

/**
 * Delivers the SMS queue, as the mail sender delivers the mail queue (mail-sender.ts): texts are
 * claimed in batches (one tenant transaction each, `FOR UPDATE SKIP LOCKED`, at most one per
 * voter: the head of the voter's queue), sent `concurrency` at a time, and every outcome is
 * recorded before the transaction commits. A sender that dies mid-batch releases its rows with
 * its connection; they are sent again later with the same idempotency key (at least once). A
 * failed text waits `retryDelayMs(attempts)`; when the provider is down the sender pauses; a text
 * the provider refuses for good, or still unsent `giveUpAfterMs` after it was queued, is marked
 * failed. Woken by NOTIFY `uocava_sms`, by each jurisdiction's next due time and by a sweep.
 */
export class SmsQueueSender {
  private running = false;
  private halted = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly hinted = new Set<string>();
  private readonly dueAt = new Map<string, number>();
  private sweepNow = true;
  private pausedUntil = 0;
  private providerFailures = 0;
  private readonly listener: QueueListener;
  readonly counts = { sent: 0, retried: 0, failed: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    private readonly provider: SmsProvider,
    private readonly settings: SmsSettings,
    private readonly hooks: SmsSenderHooks = {},
  ) {
    this.listener = new QueueListener(ds, {
      applicationName: 'uocava-sms-listener',
      channel: SMS_CHANNEL,
      listen: listenForSms,
      onNotify: (jurisdictionId) => this.notify(jurisdictionId),
      onReconnect: () => {
        this.sweepNow = true;
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

  /** Stops after the texts in flight (their batch commits), then closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.halted = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.listener.stop();
  }

  notify(jurisdictionId: string): void {
    this.hinted.add(jurisdictionId);
    this.wake?.();
  }

  private log(level: 'warn' | 'log', line: string): void {
    (
      this.hooks.log ??
      ((l, text) => (l === 'warn' ? console.warn(`[sms] ${text}`) : console.log(`[sms] ${text}`)))
    )(level, line);
  }

  private async run(): Promise<void> {
    let nextSweep = 0;
    while (this.running) {
      const now = Date.now();
      try {
        if (now >= this.pausedUntil) {
          let targets: string[];
          if (this.sweepNow || now >= nextSweep) {
            this.sweepNow = false;
            this.hinted.clear();
            nextSweep = now + this.settings.sweepIntervalMs;
            targets = await jurisdictionIds(this.ds);
          } else {
            const due = [...this.dueAt].filter(([, at]) => at <= now).map(([j]) => j);
            targets = [...new Set([...this.hinted, ...due])];
            this.hinted.clear();
          }
          for (const j of targets) {
            if (!this.running) break;
            if ((await this.drain(j)) === 'provider-down') {
              this.sweepNow = true;
              break;
            }
          }
        }
      } catch (error) {
        this.log('warn', `sms sender pass failed: ${error instanceof Error ? error.message : String(error)}`);
        this.sweepNow = true;
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + 1000);
      }
      if (!this.running) break;
      const at = Date.now();
      const sleep =
        at < this.pausedUntil
          ? this.pausedUntil - at
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

  /** Sends up to `turn` due texts of one jurisdiction, a batch at a time, then notes its next due time. */
  async drain(jurisdictionId: string): Promise<'provider-down' | 'done'> {
    let claimed = 0;
    while (claimed < this.settings.turn && !this.halted) {
      const batch = await this.sendBatch(
        jurisdictionId,
        Math.min(this.settings.batch, this.settings.turn - claimed),
      );
      if (batch.claimed === 0) break;
      claimed += batch.claimed;
      if (batch.outcomes.includes('provider-down')) {
        this.providerFailures++;
        if (this.providerFailures === 1)
          this.log('warn', `sms provider unavailable (${this.provider.description}); texts stay queued`);
        this.pausedUntil = Date.now() + retryDelayMs(this.providerFailures, this.settings);
        return 'provider-down';
      }
      if (batch.outcomes.includes('sent') && this.providerFailures > 0) {
        this.log('warn', `sms provider available again after ${this.providerFailures} failed attempt(s)`);
        this.providerFailures = 0;
      }
    }
    const due = await withTenant(this.ds, jurisdictionId, (tx) => nextSmsDue(tx, jurisdictionId));
    if (due) this.dueAt.set(jurisdictionId, Math.max(due.getTime(), claimed > 0 ? 0 : Date.now() + 1000));
    else this.dueAt.delete(jurisdictionId);
    return 'done';
  }

  /**
   * One transaction: claims up to `limit` due texts (each the head of its voter's queue), sends
   * them `concurrency` at a time and records every outcome before it commits. Once stopped, or
   * once the provider is found down, no further text of the batch is handed over; those stay
   * pending, untouched.
   */
  async sendBatch(
    jurisdictionId: string,
    limit: number,
  ): Promise<{ claimed: number; outcomes: SmsOutcome[] }> {
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const rows = await claimDueSms(tx, jurisdictionId, limit);
      if (rows.length === 0) return { claimed: 0, outcomes: [] };
      const results: Attempt[] = [];
      let next = 0;
      let down = false;
      let crash: { error: unknown } | undefined;
      const worker = async () => {
        while (!this.halted && !down && crash === undefined && next < rows.length) {
          const row = rows[next++];
          try {
            const result = await this.attempt(jurisdictionId, row);
            results.push(result);
            if (result.outcome === 'provider-down') down = true;
          } catch (error) {
            crash ??= { error };
          }
        }
      };
      await Promise.all(
        Array.from({ length: Math.max(1, Math.min(this.settings.concurrency, rows.length)) }, worker),
      );
      // as if the process had died here: nothing of the batch is recorded (its transaction rolls back)
      if (crash !== undefined) throw crash.error;
      for (const r of results) {
        const attempts = r.row.attempts + 1;
        const label = `sms ${r.row.sms_id} (${r.row.kind}, jurisdiction ${jurisdictionId})`;
        if (r.kind === 'sent') {
          await markSmsSent(tx, r.row.sms_id, attempts, r.providerRef);
          this.counts.sent++;
        } else if (r.kind === 'failed') {
          await markSmsFailed(tx, r.row.sms_id, attempts, r.reason);
          this.counts.failed++;
          this.log(
            'warn',
            `${label} failed after ${attempts} attempt(s) over ${Math.round(r.row.age_ms / 60_000)} min: ${r.reason}`,
          );
        } else {
          await markSmsRetry(tx, r.row.sms_id, {
            attempts,
            error: r.reason,
            delayMs: retryDelayMs(attempts, this.settings),
          });
          this.counts.retried++;
        }
      }
      return { claimed: rows.length, outcomes: results.map((r) => r.outcome) };
    });
  }

  private async attempt(jurisdictionId: string, row: ClaimedSms): Promise<Attempt> {
    let content: SmsContent;
    try {
      const keys = await this.keyRing.forJurisdiction(jurisdictionId);
      content = keys.openJson<SmsContent>(`sms:${row.sms_id}`, row.content);
    } catch (error) {
      if (
        error instanceof Error &&
        /unknown sealed-data format|unsupported state|authenticate/i.test(error.message)
      )
        return { row, kind: 'failed', reason: 'unreadable', outcome: 'failed' };
      throw error;
    }
    let providerRef: string | null;
    try {
      ({ providerRef } = await this.provider.send(content.to, content.text, row.sms_id));
    } catch (error) {
      const failure =
        error instanceof SmsSendError ? error : new SmsSendError('provider-down', classifyUnknown(error));
      const expired = row.age_ms >= this.settings.giveUpAfterMs;
      const down = failure.outcome === 'provider-down';
      if (failure.outcome === 'rejected' || expired) {
        const reason = failure.outcome === 'rejected' ? failure.code : `expired: ${failure.code}`;
        return { row, kind: 'failed', reason, outcome: down ? 'provider-down' : 'failed' };
      }
      return { row, kind: 'retry', reason: failure.code, outcome: down ? 'provider-down' : 'retry' };
    }
    await this.hooks.afterSend?.(row.sms_id);
    return { row, kind: 'sent', providerRef, outcome: 'sent' };
  }
}

/** A code for an error that is not an SmsSendError (e.g. the sink's disk): never its message text. */
function classifyUnknown(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'ERROR';
}

type Attempt =
  | { row: ClaimedSms; kind: 'sent'; providerRef: string | null; outcome: 'sent' }
  | { row: ClaimedSms; kind: 'failed'; reason: string; outcome: 'failed' | 'provider-down' }
  | { row: ClaimedSms; kind: 'retry'; reason: string; outcome: 'retry' | 'provider-down' };
