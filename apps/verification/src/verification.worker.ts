import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  findJurisdiction,
  findRequests,
  KeyRing,
  nextElectionDate,
  rollCandidatesOf,
  rollIdHasher,
  setRequestDecisions,
  stateRulesOfJurisdiction,
  type NewOutboxEvent,
  type StoredRequest,
} from '@uocava/database';
import {
  acceptedIdKinds,
  assertIsoDate,
  candidateLastNames,
  parseIsoDate,
  verifyRequest,
  type RollRecord,
} from '@uocava/domain';
import {
  enqueueOutboxRows,
  newEvent,
  outboxRowOf,
  PermanentError,
  RunItemError,
  UnknownRequestError,
  type CloudEvent,
  type HandlerMap,
  type RunHandler,
} from '@uocava/messaging';
import { EventWorker } from '@uocava/platform';

export const SOURCE = 'urn:uocava:verification';

@Injectable()
export class VerificationWorker extends EventWorker {
  protected readonly name = 'verification';
  protected readonly topics = [TOPICS.requests];

  constructor(private readonly keyRing: KeyRing) {
    super();
  }

  protected handlers(): HandlerMap {
    return { 'uocava.request.submitted.v1': (event, tx) => this.verify([event], tx, false) };
  }

  /** a run of one jurisdiction's submissions: verified together (one query per step, not per request) */
  protected override runHandler(): RunHandler {
    return (events, tx) => this.verify(events as Array<CloudEvent<'uocava.request.submitted.v1'>>, tx, true);
  }

  /**
   * Checks the FPCA rules and matches the voter roll; emits verified, needs-review or rejected.
   * `events` are of one jurisdiction. Each step is one query for all of them: the requests, the
   * office and its rules, the roll records each can match (only those are opened), the decisions
   * and their events. In a run (`inRun`), an event that cannot be applied is named with
   * RunItemError, so that the consumer applies the others without it and retries it alone.
   */
  private async verify(
    events: Array<CloudEvent<'uocava.request.submitted.v1'>>,
    tx: EntityManager,
    inRun: boolean,
  ): Promise<void> {
    if (events.length === 0) return;
    const jurisdictionId = events[0].data.jurisdictionId;
    const fail = (event: CloudEvent, error: Error): never => {
      throw inRun ? new RunItemError(event.id, error) : error;
    };
    const stored = await findRequests(
      tx,
      jurisdictionId,
      events.map((e) => e.data.requestId),
    );
    const todo: Array<{ event: (typeof events)[number]; request: StoredRequest }> = [];
    const taken = new Set<string>();
    for (const event of events) {
      if (event.data.jurisdictionId !== jurisdictionId)
        fail(
          event,
          new PermanentError(`a run of ${jurisdictionId} holds an event of ${event.data.jurisdictionId}`),
        );
      const request = stored.get(event.data.requestId);
      if (!request) fail(event, new UnknownRequestError(event.type, event.data.requestId));
      // already decided (e.g. by the office), or twice in this run: decided once
      else if (request.status === 'received' && !taken.has(request.requestId)) {
        taken.add(request.requestId);
        todo.push({ event, request });
      }
    }
    if (todo.length === 0) return;
    const office =
      (await findJurisdiction(tx, jurisdictionId)) ??
      fail(todo[0].event, new PermanentError(`jurisdiction ${jurisdictionId} is not stored`));
    // the state's ID rules (docs/state-rules.md), with the office's override
    const idKinds = acceptedIdKinds(await stateRulesOfJurisdiction(tx, jurisdictionId));
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    const hasher = rollIdHasher(keys);
    const inputs = todo.map(({ request }) =>
      keys.openJson<BallotRequestInput>(`request:${request.requestId}`, request.pii),
    );
    // only the records the match can keep (same date of birth and last name) are read and opened
    const rolls = await rollCandidatesOf(
      tx,
      jurisdictionId,
      inputs.map((input) => ({
        dobKey: keys.keyedHash('dob', input.dateOfBirth),
        lastNameKeys: candidateLastNames(input).map((last) => keys.keyedHash('last-name', last)),
      })),
    );
    // the election a request is checked against (age on election day): the next one its FPCA
    // covers under the state's rule (docs/state-rules.md; the calendar year without a table), else
    // the end of the year the request covers; one look-up per distinct day and cover
    const electionDates = new Map<string, Promise<string | undefined>>();
    const decisions: Parameters<typeof setRequestDecisions>[2][number][] = [];
    const outbox: NewOutboxEvent[] = [];
    for (const [n, { event, request }] of todo.entries()) {
      const today = assertIsoDate(event.time.slice(0, 10), 'the event time'); // the day the event names
      const cover = `${today}/${request.fpcaValidThrough}`;
      if (!electionDates.has(cover))
        electionDates.set(cover, nextElectionDate(tx, jurisdictionId, today, request.fpcaValidThrough));
      const electionDate =
        parseIsoDate(await electionDates.get(cover)!) ??
        assertIsoDate(`${request.coversYear}-12-31`, 'the year the request covers');
      const candidates = rolls[n].map((r) => keys.openJson<RollRecord>(`roll:${r.rollRecordId}`, r.pii));
      const decision = verifyRequest(inputs[n], candidates, hasher, {
        jurisdiction: {
          id: jurisdictionId,
          state: office.state,
          county: office.county ?? undefined,
          countyFips: typeof office.settings.countyFips === 'string' ? office.settings.countyFips : undefined,
        },
        electionDate,
        today,
        acceptedIdKinds: idKinds,
      });
      const decidedAt = new Date().toISOString();
      const rollRecordId =
        decision.outcome === 'verified'
          ? (rolls[n][candidates.findIndex((c) => c.id === decision.rollRecordId)]?.rollRecordId ?? null)
          : null;
      decisions.push({
        requestId: request.requestId,
        status: decision.outcome,
        reasons: decision.reasons,
        rollRecordId,
      });
      const base = { requestId: request.requestId, jurisdictionId, decidedAt };
      outbox.push(
        outboxRowOf(
          decision.outcome === 'verified'
            ? newEvent('uocava.request.verified.v1', { ...base, decidedBy: 'automatic' }, SOURCE)
            : decision.outcome === 'needs-review'
              ? newEvent('uocava.request.needs-review.v1', { ...base, reasons: decision.reasons }, SOURCE)
              : newEvent(
                  'uocava.request.rejected.v1',
                  { ...base, reasons: decision.reasons, decidedBy: 'automatic' },
                  SOURCE,
                ),
        ),
      );
    }
    await setRequestDecisions(tx, jurisdictionId, decisions);
    await enqueueOutboxRows(tx, outbox);
  }
}
