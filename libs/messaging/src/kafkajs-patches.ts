/**
 * Three targeted corrections of kafkajs 2.2.4 (installed once per process by KafkaJsBus), the first
 * two found with the chaos suite's broker restart, the third by counting an idle app's wake-ups.
 * Each checks that the internals it wraps are there; if kafkajs changes them, it is not installed
 * and KafkaJsBus says so.
 *
 * 1. Consumers rejoin their group under the member id they had (as the Java client does), also
 *    after kafkajs restarts them.
 *
 * Why: when a single broker goes away, kafkajs drops it from its broker pool on the first
 * "connection closed" error; the fetch manager then finds no broker at all, gives up
 * (`KafkaJSNoBrokerAvailableError`), and the consumer "crashes" and is restarted by kafkajs with a
 * new ConsumerGroup, which joins as a NEW member. The restarted broker's group coordinator reloads
 * the group with the old member in it, and holds the rebalance until that member's session expires
 * (6 s, the broker's minimum): the consumer resumed 6-7 s after the broker came back, and when a
 * second crash fell inside that wait, 12-15 s (the chaos suite's 15.3 s). A consumer that rejoins
 * with its old member id is the only member the coordinator waits for: it resumes at once (about
 * 1-2 s after the broker, measured with and without the crash).
 *
 * How: kafkajs keeps the member id on its ConsumerGroup object, which a restart replaces. This wraps
 * `ConsumerGroup.prototype.joinAndSync` (installed once per process) to remember the id a consumer
 * joined with, per kafkajs consumer (keyed by its instrumentation emitter, one per consumer), and to
 * hand it to a new ConsumerGroup of the same consumer before its first join. A clean `leave()` forgets it.
 * An id the coordinator no longer knows is answered UNKNOWN_MEMBER_ID, on which kafkajs clears it
 * and joins afresh: nothing worse than before can happen.
 */

interface ConsumerGroupInternals {
  memberId: string | null;
  instrumentationEmitter: object;
  joinAndSync(): Promise<void>;
  leave(): Promise<void>;
}

type ConsumerGroupClass = { prototype: ConsumerGroupInternals };

const REMEMBERED = new WeakMap<object, string>();
/** ConsumerGroup objects that have joined once: their own rejoins are kafkajs' business */
const JOINED = new WeakSet<object>();
const INSTALLED = Symbol.for('uocava.kafkajs.rejoin-with-member-id');

/** Installs the three corrections (idempotent). Returns what could not be installed. */
export function installKafkaJsPatches(): string[] {
  const missing: string[] = [];
  if (!keepMemberIdAcrossRestarts()) missing.push('rejoin with the member id');
  if (!boundDisconnectWait()) missing.push('bounded disconnect');
  if (!noIdlePendingCheck()) missing.push('no idle 1 ms timer');
  return missing;
}

/** Installs correction 1 (idempotent). Returns false when kafkajs' internals are not as expected. */
export function keepMemberIdAcrossRestarts(): boolean {
  let ConsumerGroup: ConsumerGroupClass;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ConsumerGroup = require('kafkajs/src/consumer/consumerGroup') as ConsumerGroupClass;
  } catch {
    return false;
  }
  const proto = ConsumerGroup?.prototype as ConsumerGroupInternals & { [INSTALLED]?: boolean };
  if (!proto || typeof proto.joinAndSync !== 'function' || typeof proto.leave !== 'function') return false;
  if (proto[INSTALLED]) return true;
  const joinAndSync = proto.joinAndSync;
  const leave = proto.leave;
  proto.joinAndSync = async function (this: ConsumerGroupInternals): Promise<void> {
    const emitter = this.instrumentationEmitter;
    if (!this.memberId && emitter && !JOINED.has(this)) this.memberId = REMEMBERED.get(emitter) ?? null;
    await joinAndSync.call(this);
    JOINED.add(this);
    if (this.memberId && emitter) REMEMBERED.set(emitter, this.memberId);
  };
  proto.leave = async function (this: ConsumerGroupInternals): Promise<void> {
    await leave.call(this);
    // left for good (a failed leave, e.g. the broker is down, keeps the id for the rejoin)
    if (this.instrumentationEmitter) REMEMBERED.delete(this.instrumentationEmitter);
  };
  proto[INSTALLED] = true;
  return true;
}

/**
 * 2. A connection's disconnect waits for its requests in flight at most DISCONNECT_WAIT_MS, then
 *    fails them ("connection closed").
 *
 * Why: kafkajs' `Connection.disconnect()` first marks the connection "disconnecting", then waits
 * until every request in flight is answered. Its request-timeout check stops as soon as the
 * connection is not "connected", and when the broker then closes the socket, the end handler fails
 * the requests in flight only if the connection was still "connected". So a disconnect that starts
 * with a request in flight on a socket the broker closes without answering (a broker shutting down,
 * as in a restart) waits forever. Consumers disconnect before kafkajs restarts them after a crash:
 * such a consumer is never restarted, and its app stays up without consuming (seen in the chaos
 * suite: one or two consumer groups silent after a broker restart, for good). Failing those
 * requests after a bound lets the disconnect finish and kafkajs' restart happen; their callers get a
 * retriable connection error, as for any broken connection.
 */
export const DISCONNECT_WAIT_MS = 5000;

interface RequestQueueInternals {
  waitForPendingRequests(): Promise<void>;
  rejectAll(error: Error): void;
  broker?: string;
}

const BOUNDED = Symbol.for('uocava.kafkajs.bounded-disconnect-wait');

export function boundDisconnectWait(): boolean {
  let RequestQueue: { prototype: RequestQueueInternals & { [BOUNDED]?: boolean } };
  let ConnectionError: new (message: string, options: { broker?: string }) => Error;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    RequestQueue = require('kafkajs/src/network/requestQueue') as typeof RequestQueue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ConnectionError = (require('kafkajs/src/errors') as { KafkaJSConnectionError: typeof ConnectionError })
      .KafkaJSConnectionError;
  } catch {
    return false;
  }
  const proto = RequestQueue?.prototype;
  if (!proto || typeof proto.waitForPendingRequests !== 'function' || typeof proto.rejectAll !== 'function')
    return false;
  if (typeof ConnectionError !== 'function') return false;
  if (proto[BOUNDED]) return true;
  const wait = proto.waitForPendingRequests;
  proto.waitForPendingRequests = function (this: RequestQueueInternals): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.rejectAll(
          new ConnectionError(`Connection closed with requests unanswered after ${DISCONNECT_WAIT_MS} ms`, {
            broker: this.broker,
          }),
        );
        resolve();
      }, DISCONNECT_WAIT_MS);
      timer.unref();
      void wait.call(this).then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  };
  proto[BOUNDED] = true;
  return true;
}

/**
 * 3. A connection with no request waiting to be sent sets no timer.
 *
 * Why: every kafkajs connection has a request queue, and after each answer its
 * `scheduleCheckPendingRequests` sets a timer to look at the requests waiting to be sent. With
 * none waiting and no broker throttle it sets that timer anyway, with a negative delay (Node makes
 * it 1 ms), and the check it runs schedules the next: each connection (the producer's, every
 * consumer's, the admin's) wakes its process about every millisecond for as long as it is open
 * (kafkajs issues #1556, #1604, #1704; no release fixes it): on the idle dev stack, about 1,700
 * event-loop wake-ups a second in the gateway, 320 without it. The check is only needed
 * while requests wait: `push()` schedules it when one cannot go at once, an answer runs it, and a
 * throttle schedules it for when the throttle ends; those paths are unchanged.
 */
interface PendingCheckInternals {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

const NO_IDLE_CHECK = Symbol.for('uocava.kafkajs.no-idle-pending-check');

export function noIdlePendingCheck(): boolean {
  let RequestQueue: { prototype: PendingCheckInternals & { [NO_IDLE_CHECK]?: boolean } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    RequestQueue = require('kafkajs/src/network/requestQueue') as typeof RequestQueue;
  } catch {
    return false;
  }
  const proto = RequestQueue?.prototype;
  if (!proto || typeof proto.scheduleCheckPendingRequests !== 'function') return false;
  if (proto[NO_IDLE_CHECK]) return true;
  const schedule = proto.scheduleCheckPendingRequests;
  proto.scheduleCheckPendingRequests = function (this: PendingCheckInternals): void {
    // the fields it reads are not what 2.2.4 has: leave kafkajs' own behaviour alone
    if (!Array.isArray(this.pending) || typeof this.throttledUntil !== 'number') return schedule.call(this);
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    schedule.call(this);
  };
  proto[NO_IDLE_CHECK] = true;
  return true;
}

/** The member id a kafkajs consumer will rejoin with (tests). */
export function rememberedMemberId(instrumentationEmitter: object): string | undefined {
  return REMEMBERED.get(instrumentationEmitter);
}
