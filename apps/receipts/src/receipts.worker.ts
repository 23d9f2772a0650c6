import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  existingBallotRequests,
  insertTrackingSteps,
  pgLogStorage,
  trackingStepsRecorded,
  type NewTrackingStep,
} from '@uocava/database';
import { EVENT_TYPES, TOPICS, type EventType } from '@uocava/contracts';
import {
  effectKeyOf,
  RunItemError,
  UnknownRequestError,
  type CloudEvent,
  type EventHandler,
  type HandlerMap,
  type RunHandler,
} from '@uocava/messaging';
import { EventWorker } from '@uocava/platform';
import { StoredLog, type LogEntryInput } from '@uocava/transparency';
import { receiptsConfig, type ReceiptsConfig } from './config';
import { eventSubjects, logEntryFor } from './entry';
import { ReceiptIssuer } from './issuer';
import { LogKeys } from './log-keys';
import { Witnessing } from './witnessing';

export { SOURCE } from './issuer';

/**
 * Every lifecycle event of a request or ballot (`uocava.request.*`, `uocava.ballot.*`) is a step the
 * voter sees. Other events (`uocava.election.*`, `uocava.fwab.*` — which may have no request —,
 * `uocava.office.*`, `uocava.receipt.*`) are not logged here.
 */
export const LIFECYCLE_EVENTS: EventType[] = EVENT_TYPES.filter((t) => /^uocava\.(request|ballot)\./.test(t));

/**
 * Appends every lifecycle event to its jurisdiction's transparency log and records the tracking
 * step with its leaf index, in the consumer's transaction (the inbox row commits with both).
 * A checkpoint loop (every RECEIPTS_CHECKPOINT_EVERY_MS, or sooner once
 * RECEIPTS_CHECKPOINT_EVERY_ENTRIES entries were appended here) signs checkpoints and issues the
 * receipts (issuer.ts); it works from the database only, so restarts lose nothing.
 */
@Injectable()
export class ReceiptsWorker extends EventWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly name = 'receipts';
  protected readonly topics = [TOPICS.requests, TOPICS.ballots];
  /** a partition fetch holds up to ~2,000 lifecycle messages; 512 per append and transaction */
  protected override readonly maxRun = 512;
  private config!: ReceiptsConfig;
  private issuer!: ReceiptIssuer;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private appendedSinceRun = 0;
  private stopped = false;
  private witnessing!: Witnessing;
  private witnessTimer: NodeJS.Timeout | null = null;
  private witnessRunning: Promise<void> | null = null;
  private witnessAgain = false;

  protected handlers(): HandlerMap {
    const handler: EventHandler = (event, tx) => this.record([event], tx);
    return Object.fromEntries(LIFECYCLE_EVENTS.map((t) => [t, handler])) as HandlerMap;
  }

  /** a Kafka batch: each jurisdiction's events in one log append (one head lock, one transaction) */
  protected override runHandler(): RunHandler {
    return (events, tx) => this.record(events, tx);
  }

  override async onApplicationBootstrap(): Promise<void> {
    this.config = receiptsConfig();
    this.issuer = new ReceiptIssuer(this.ds, new LogKeys(this.config));
    this.witnessing = new Witnessing(this.ds, this.config.witnessTimeoutMs);
    this.stopped = false;
    await super.onApplicationBootstrap();
    // first pass at once: receipts left pending by a previous process
    this.schedule(0);
    this.scheduleWitnessing(0);
  }

  /**
   * One witnessing pass now (tests, and its own loop, beside the checkpoint loop: a slow or dead
   * witness never holds up a checkpoint or a receipt).
   */
  async witnessNow(): Promise<void> {
    if (this.witnessRunning !== null) {
      this.witnessAgain = true;
      while (this.witnessRunning !== null) await this.witnessRunning;
    }
    this.witnessAgain = false;
    this.witnessRunning = this.witnessing
      .runOnce()
      .then(() => undefined)
      .catch((e: unknown) => {
        console.error(`[receipts] witnessing pass failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.witnessRunning = null;
      });
    await this.witnessRunning;
  }

  private scheduleWitnessing(delayMs: number): void {
    if (this.stopped || this.witnessTimer !== null) return;
    this.witnessTimer = setTimeout(() => {
      this.witnessTimer = null;
      void this.witnessNow().finally(() =>
        this.scheduleWitnessing(this.witnessAgain ? 0 : this.config.everyMs),
      );
    }, delayMs);
  }

  override async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.witnessTimer !== null) clearTimeout(this.witnessTimer);
    this.witnessTimer = null;
    await super.beforeApplicationShutdown();
    await this.running;
    await this.witnessRunning;
  }

  /** Runs one checkpoint pass now (tests, and the loop). */
  async checkpointNow(): Promise<void> {
    while (this.running !== null) await this.running;
    this.appendedSinceRun = 0;
    this.running = this.issuer
      .runOnce()
      .then((reports) => {
        // a new checkpoint: ask its witnesses at once rather than at the next tick
        if (reports.some((r) => r.signedTreeSize !== null) && this.witnessTimer !== null) {
          clearTimeout(this.witnessTimer);
          this.witnessTimer = null;
          this.scheduleWitnessing(0);
        }
      })
      .catch((e: unknown) => {
        console.error(`[receipts] checkpoint pass failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkpointNow().finally(() => this.schedule(this.config.everyMs));
    }, delayMs);
  }

  /**
   * Logs events of one jurisdiction (in delivery order) with one append: one head lock, one
   * Merkle update, one statement per table. Under the head lock, an event already logged is
   * skipped: another consumer group (e.g. a re-deployed worker with a new group name) may deliver
   * it again, and an event is logged at most once. So is what it means: the same step sent again
   * under a new event id adds nothing (effectKeyOf), also within the batch. A step of a request
   * that does not exist is never logged: a RunItemError names it (the consumer parks it alone and
   * logs the others), or, for a single event, an UnknownRequestError parks it.
   */
  private async record(events: readonly CloudEvent[], tx: EntityManager): Promise<void> {
    if (events.length === 0) return;
    const jurisdiction = events[0].jurisdiction;
    if (events.some((e) => e.jurisdiction !== jurisdiction))
      throw new TypeError('a log append takes the events of one jurisdiction');
    const items = events.map((event) => ({
      event,
      ...eventSubjects(event),
      input: logEntryFor(event),
      effectKey: effectKeyOf(event),
    }));
    const storage = pgLogStorage(tx, jurisdiction);
    await storage.lockHead();
    const recorded = await trackingStepsRecorded(
      tx,
      jurisdiction,
      items.map((x) => x.event.id),
      items.map((x) => x.effectKey),
    );
    const fresh: typeof items = [];
    for (const x of items) {
      if (recorded.eventIds.has(x.event.id) || recorded.effectKeys.has(x.effectKey)) continue;
      // the same event, or the same meaning, twice in this batch: the first one counts
      recorded.eventIds.add(x.event.id);
      recorded.effectKeys.add(x.effectKey);
      fresh.push(x);
    }
    if (fresh.length === 0) return;
    const known = await existingBallotRequests(tx, jurisdiction, [...new Set(fresh.map((x) => x.requestId))]);
    const unknown = fresh.find((x) => !known.has(x.requestId));
    if (unknown !== undefined) {
      const error = new UnknownRequestError(unknown.event.type, unknown.requestId);
      throw events.length === 1 ? error : new RunItemError(unknown.event.id, error);
    }
    const inputs: LogEntryInput[] = fresh.map((x) => x.input);
    const appended = await new StoredLog(storage, jurisdiction).append(inputs);
    const steps: NewTrackingStep[] = fresh.map((x, k) => ({
      eventId: x.event.id,
      jurisdictionId: jurisdiction,
      requestId: x.requestId,
      ballotId: x.ballotId,
      eventType: x.event.type,
      occurredAt: x.event.time,
      leafIndex: appended[k].leafIndex,
      effectKey: x.effectKey,
    }));
    await insertTrackingSteps(tx, steps);
    this.appendedSinceRun += fresh.length;
    if (this.appendedSinceRun >= this.config.everyEntries && this.timer !== null) {
      // enough entries wait: sign now instead of at the end of the period
      clearTimeout(this.timer);
      this.timer = null;
      this.schedule(0);
    }
  }
}
