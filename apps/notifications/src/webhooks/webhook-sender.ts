import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  claimWebhookDeliveries,
  jurisdictionIds,
  listenForWebhooks,
  nextWebhookDue,
  openWebhookSecret,
  recordWebhookAttempt,
  webhookDeliveryCounts,
  WEBHOOK_CHANNEL,
  withTenant,
  type ClaimedDelivery,
  type DeliveryOutcome,
  type KeyRing,
} from '@uocava/database';
import {
  attemptAccepted,
  giveUpOnDelivery,
  webhookRetryDelayMs,
  type WebhookDeliverySettings,
} from '@uocava/domain';
import { signWebhookRequest } from './webhook-signing';
import { QueueListener } from '../queue-listener';

/** One HTTP attempt's answer: the status, or no answer (`status` null) with an error class. */
export interface AttemptResult {
  status: number | null;
  error?: string;
}

/** Sends one signed request; never throws (a network failure is an AttemptResult). */
export type WebhookPoster = (
  url: string,
  request: { body: string; headers: Record<string, string> },
  timeoutMs: number,
) => Promise<AttemptResult>;

/** The error class of a failed fetch: `timeout`, `ECONNREFUSED`, ... (never a receiver's text). */
function errorClass(error: unknown): string {
  const e = error as { name?: unknown; cause?: { code?: unknown } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  const code = e?.cause?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return 'network-error';
}

/** POST with Node's fetch: no redirects followed (a 3xx is not an acceptance), the body drained. */
export const fetchPoster: WebhookPoster = async (url, request, timeoutMs) => {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status };
  } catch (error) {
    return { status: null, error: errorClass(error) };
  }
};

export interface WebhookSenderHooks {
  log?: (level: 'warn' | 'log', line: string) => void;
  /** each attempt's outcome (metrics) */
  onOutcome?: (outcome: DeliveryOutcome['kind']) => void;
  /** failed deliveries per jurisdiction, after each sweep (the failed gauge) */
  onFailedCount?: (jurisdictionId: string, failed: number) => void;
}

/**
 * The webhook delivery loop. A delivery is leased in a short tenant transaction
 * (`claimWebhookDeliveries`: `FOR UPDATE SKIP LOCKED`, `lease_until` = now + `leaseMs`), POSTed
 * outside any transaction, and its outcome recorded only while the lease token still matches. A
 * worker that dies mid-send leaves the row leased until the lease runs out; then any worker claims
 * it again and sends it with the same webhook-id (at least once).
 *
 * A 2xx answer is an acceptance; anything else (other status, timeout, connection refused) waits
 * `webhookRetryDelayMs(attempts)` (exponential with jitter) until `maxAttempts` or `giveUpAfterMs`
 * after it was queued, when the delivery is marked failed (visible in the office API, the failed
 * gauge). Deliveries of one subscription are not ordered.
 *
 * What wakes it: NOTIFY on `uocava_webhooks` when a consumer transaction queued deliveries
 * (payload: the jurisdiction), each jurisdiction's next due time, and a sweep of every jurisdiction
 * every `sweepIntervalMs`, which also covers other replicas' expired leases and lost NOTIFYs.
 */
export class WebhookSender {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly hinted = new Set<string>();
  private readonly dueAt = new Map<string, number>();
  private sweepNow = true;
  private readonly listener: QueueListener;
  private readonly inFlight = new Set<Promise<void>>();
  readonly counts = { delivered: 0, retried: 0, failed: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    private readonly settings: WebhookDeliverySettings,
    private readonly post: WebhookPoster = fetchPoster,
    private readonly hooks: WebhookSenderHooks = {},
  ) {
    this.listener = new QueueListener(ds, {
      applicationName: 'uocava-webhook-listener',
      channel: WEBHOOK_CHANNEL,
      listen: listenForWebhooks,
      onNotify: (jurisdictionId) => this.notify(jurisdictionId),
      onReconnect: () => {
        this.sweepNow = true; // notifications may have been missed meanwhile
      },
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.sweepNow = true;
    this.listener.start();
    this.loop = this.run();
  }

  /** Stops claiming; the attempts in hand finish and are recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    this.loop = undefined;
    await this.listener.stop();
  }

  private full(): boolean {
    return this.inFlight.size >= this.settings.batch;
  }

  notify(jurisdictionId: string): void {
    this.hinted.add(jurisdictionId);
    this.wake?.();
  }

  private log(level: 'warn' | 'log', line: string): void {
    (
      this.hooks.log ??
      ((l, text) => (l === 'warn' ? console.warn(`[webhooks] ${text}`) : console.log(`[webhooks] ${text}`)))
    )(level, line);
  }

  private async run(): Promise<void> {
    let nextSweep = 0;
    let pausedUntil = 0;
    while (this.running) {
      const now = Date.now();
      try {
        if (now >= pausedUntil) {
          const sweep = this.sweepNow || now >= nextSweep;
          let targets: string[];
          if (sweep) {
            this.sweepNow = false;
            this.hinted.clear();
            nextSweep = now + this.settings.sweepIntervalMs;
            targets = await jurisdictionIds(this.ds);
          } else {
            const due = [...this.dueAt].filter(([, at]) => at <= now).map(([j]) => j);
            targets = [...new Set([...this.hinted, ...due])];
            this.hinted.clear();
          }
          for (const [i, j] of targets.entries()) {
            if (!this.running) break;
            if (this.full()) {
              // no room in flight: the rest waits for the next finished attempt (which wakes the loop)
              for (const rest of targets.slice(i)) this.hinted.add(rest);
              break;
            }
            await this.drain(j);
            if (sweep && this.hooks.onFailedCount) {
              const counts = await withTenant(this.ds, j, (tx) => webhookDeliveryCounts(tx, j));
              this.hooks.onFailedCount(j, counts.failed);
            }
          }
        }
      } catch (error) {
        // the database is unavailable or similar: rows stay pending, look again shortly
        this.log('warn', `delivery pass failed: ${error instanceof Error ? error.message : String(error)}`);
        this.sweepNow = true;
        pausedUntil = Date.now() + 1000;
      }
      if (!this.running) break;
      const at = Date.now();
      const sleep =
        at < pausedUntil
          ? pausedUntil - at
          : this.full()
            ? Math.max(0, nextSweep - at) // woken by the next finished attempt
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

  /**
   * Claims the jurisdiction's due deliveries, as many as there is room for in flight (`batch` per
   * process), and starts their attempts without waiting for them: a slow receiver holds only its own
   * deliveries, never the others'. A finished attempt wakes the loop for its jurisdiction again.
   */
  async drain(jurisdictionId: string): Promise<number> {
    let started = 0;
    while (this.running && this.inFlight.size < this.settings.batch) {
      const room = this.settings.batch - this.inFlight.size;
      const token = randomUUID();
      const claimed = await withTenant(this.ds, jurisdictionId, (tx) =>
        claimWebhookDeliveries(tx, jurisdictionId, token, this.settings.leaseMs, room),
      );
      for (const d of claimed) {
        const work: Promise<void> = this.attempt(jurisdictionId, token, d)
          .catch((error: unknown) =>
            // the outcome could not be recorded (database down): the lease runs out, it is sent again
            this.log(
              'warn',
              `delivery ${d.deliveryId}: ${error instanceof Error ? error.message : String(error)}`,
            ),
          )
          .finally(() => {
            this.inFlight.delete(work);
            this.notify(jurisdictionId);
          });
        this.inFlight.add(work);
      }
      started += claimed.length;
      if (claimed.length < room) break;
    }
    const due = await withTenant(this.ds, jurisdictionId, (tx) => nextWebhookDue(tx, jurisdictionId));
    if (due) this.dueAt.set(jurisdictionId, Math.max(due.getTime(), Date.now() + 50));
    else this.dueAt.delete(jurisdictionId);
    return started;
  }

  /** One attempt of one leased delivery, and its outcome. */
  private async attempt(jurisdictionId: string, token: string, d: ClaimedDelivery): Promise<void> {
    const attempts = d.attempts + 1;
    let result: AttemptResult;
    try {
      const keys = await this.keyRing.forJurisdiction(jurisdictionId);
      const secret = openWebhookSecret(keys, d.subscriptionId, d.sealedSecret);
      result = await this.post(
        d.url,
        signWebhookRequest(secret, d.deliveryId, d.event),
        this.settings.timeoutMs,
      );
    } catch (error) {
      // the secret does not open (or similar): no attempt was made; try again on the schedule
      result = { status: null, error: error instanceof Error ? error.name : 'error' };
    }
    const error = result.status !== null ? `http ${result.status}` : (result.error ?? 'network-error');
    let outcome: DeliveryOutcome;
    if (attemptAccepted(result.status)) {
      outcome = { kind: 'delivered', attempts, status: result.status as number };
    } else if (giveUpOnDelivery(attempts, d.ageMs, this.settings)) {
      outcome = { kind: 'failed', attempts, status: result.status, error };
    } else {
      const delayMs = webhookRetryDelayMs(attempts, this.settings);
      outcome = { kind: 'retry', attempts, status: result.status, error, delayMs };
    }
    const recorded = await withTenant(this.ds, jurisdictionId, (tx) =>
      recordWebhookAttempt(tx, d.deliveryId, token, outcome),
    );
    if (!recorded) return; // the lease ran out and another worker has it now
    this.hooks.onOutcome?.(outcome.kind);
    if (outcome.kind === 'delivered') this.counts.delivered++;
    else if (outcome.kind === 'retry') this.counts.retried++;
    else {
      this.counts.failed++;
      this.log(
        'warn',
        `delivery ${d.deliveryId} (subscription ${d.subscriptionId}, jurisdiction ${jurisdictionId}) failed after ${attempts} attempt(s): ${error}`,
      );
    }
  }
}
