import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  findJurisdiction,
  findRequest,
  KeyRing,
  nextElectionDate,
  rollCandidates,
  rollIdHasher,
  setRequestDecision,
  stateRulesOfJurisdiction,
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
  enqueueEvent,
  newEvent,
  PermanentError,
  UnknownRequestError,
  type CloudEvent,
  type HandlerMap,
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
    return { 'uocava.request.submitted.v1': (event, tx) => this.verify(event, tx) };
  }

  /** Checks the FPCA rules and matches the voter roll; emits verified, needs-review or rejected. */
  private async verify(event: CloudEvent<'uocava.request.submitted.v1'>, tx: EntityManager): Promise<void> {
    const { requestId, jurisdictionId } = event.data;
    const request = await findRequest(tx, jurisdictionId, requestId);
    if (!request) throw new UnknownRequestError(event.type, requestId);
    if (request.status !== 'received') return; // already decided (e.g. by the office)
    const jurisdiction = await findJurisdiction(tx, jurisdictionId);
    if (!jurisdiction) throw new PermanentError(`jurisdiction ${jurisdictionId} is not stored`);
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    const input = keys.openJson<BallotRequestInput>(`request:${requestId}`, request.pii);
    // only the records the match can keep (same date of birth and last name) are read and opened
    const rollRows = await rollCandidates(
      tx,
      jurisdictionId,
      keys.keyedHash('dob', input.dateOfBirth),
      candidateLastNames(input).map((last) => keys.keyedHash('last-name', last)),
    );
    const candidates = rollRows.map((r) => keys.openJson<RollRecord>(`roll:${r.rollRecordId}`, r.pii));
    const today = assertIsoDate(event.time.slice(0, 10), 'the event time'); // the day the event names
    // the election a request is checked against (age on election day): the next one its FPCA
    // covers under the state's rule (docs/state-rules.md; the calendar year without a table), else
    // the end of the year the request covers
    const electionDate =
      parseIsoDate(await nextElectionDate(tx, jurisdictionId, today, request.fpcaValidThrough)) ??
      assertIsoDate(`${request.coversYear}-12-31`, 'the year the request covers');
    const decision = verifyRequest(input, candidates, rollIdHasher(keys), {
      jurisdiction: {
        id: jurisdictionId,
        state: jurisdiction.state,
        county: jurisdiction.county ?? undefined,
        countyFips:
          typeof jurisdiction.settings.countyFips === 'string' ? jurisdiction.settings.countyFips : undefined,
      },
      electionDate,
      today,
      // the state's ID rules (docs/state-rules.md), with the office's override
      acceptedIdKinds: acceptedIdKinds(await stateRulesOfJurisdiction(tx, jurisdictionId)),
    });
    const decidedAt = new Date().toISOString();
    const rollRecordId =
      decision.outcome === 'verified'
        ? (rollRows[candidates.findIndex((c) => c.id === decision.rollRecordId)]?.rollRecordId ?? null)
        : null;
    await setRequestDecision(tx, jurisdictionId, requestId, {
      status: decision.outcome,
      reasons: decision.reasons,
      rollRecordId,
    });
    const base = { requestId, jurisdictionId, decidedAt };
    if (decision.outcome === 'verified') {
      await enqueueEvent(
        tx,
        newEvent('uocava.request.verified.v1', { ...base, decidedBy: 'automatic' }, SOURCE),
      );
    } else if (decision.outcome === 'needs-review') {
      await enqueueEvent(
        tx,
        newEvent('uocava.request.needs-review.v1', { ...base, reasons: decision.reasons }, SOURCE),
      );
    } else {
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.rejected.v1',
          { ...base, reasons: decision.reasons, decidedBy: 'automatic' },
          SOURCE,
        ),
      );
    }
  }
}
