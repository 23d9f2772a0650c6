import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize-cjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  activeRequestsOfVoters,
  insertBallotRequests,
  jurisdictionExists,
  KeyRing,
  type NewBallotRequest,
  groupCommit,
  recordDuplicate,
  type RequestMethod,
  underCommitHook,
  withTenant,
  type JurisdictionKeys,
  stateRulesOfJurisdiction,
} from '@uocava/database';
import {
  DEFAULT_LANGUAGE,
  fpcaValidThrough,
  type Language,
  isMilitaryPostAddress,
  normaliseName,
  t,
  utcDateOf,
  type RequestStatus,
} from '@uocava/domain';
import type { EventType } from '@uocava/contracts';
import {
  currentTraceContext,
  enqueueOutboxRows,
  newEvent,
  OutboxRelay,
  outboxRowOf,
  type CloudEvent,
} from '@uocava/messaging';
import { invalidRequestIn } from '../common/voter-problems';
import { newTrackingCode } from './tracking-code';
import { Clock } from '../common/clock';

/**
 * A new request, with its tracking code; or a resubmission by a voter who already has an active
 * request this year, which gets no tracking code: whoever knows a voter's name and birth date could
 * send an FPCA, so the code of the existing request goes by e-mail to the address on that request
 * (`request.duplicate` -> notifications), never to the sender.
 */
export type IntakeResult =
  | { duplicate: false; requestId: string; trackingCode: string; status: RequestStatus }
  | { duplicate: true; status: 'duplicate'; detail: string };

export const RESUBMITTED_DETAIL =
  'You already have a ballot request for this year with this election office, so nothing new was created. ' +
  'We have e-mailed its tracking code to the address given on that request; if it has none, contact your election office.';

export const SOURCE = 'urn:uocava:gateway';

/** Keyed hash that identifies one voter (normalised name + date of birth) within a jurisdiction. */
export function voterKey(
  keys: JurisdictionKeys,
  input: Pick<BallotRequestInput, 'name' | 'dateOfBirth'>,
): string {
  return keys.keyedHash(
    'voter',
    `${normaliseName(input.name.last)}|${normaliseName(input.name.first)}|${input.dateOfBirth}`,
  );
}

/** A validated request on its way in: everything computed before its transaction. */
interface Arrival {
  input: BallotRequestInput;
  source: 'json' | 'nist-vri';
  keys: JurisdictionKeys;
  coversYear: number;
  vKey: string;
  requestHash: string;
  now: Date;
  requestMethod: RequestMethod;
  language: Language;
  /** the trace of the HTTP call, for its events (the transaction may be another call's) */
  trace: { traceparent?: string; tracestate?: string };
}

@Injectable()
export class IntakeService {
  /**
   * Per office, the requests that arrive while its previous transaction runs, stored together in
   * the next one (group commit): idle, a request goes at once; in a surge the statements per
   * request fall from eight to under one (`groupCommit`).
   */
  private readonly together = new Map<string, (arrival: Arrival) => Promise<IntakeResult>>();

  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  /**
   * Stores a validated request and its `request.submitted` event in one transaction. A voter who
   * already has an active request for the same calendar year gets that request back (recorded as a
   * duplicate, `request.duplicate` emitted); no second ballot is issued.
   */
  async submit(
    input: BallotRequestInput,
    source: 'json' | 'nist-vri',
    now = this.clock.now(),
    requestMethod: RequestMethod = 'online',
    /** the page's or browser's language, used when the request states no language preference */
    fallbackLanguage: Language = DEFAULT_LANGUAGE,
  ): Promise<IntakeResult> {
    const language = input.language ?? fallbackLanguage;
    // jurisdictions is the public directory of offices: readable without a tenant scope (RLS
    // policy directory_read); an office whose keys the ring holds exists (and is never deleted)
    if (
      !this.keyRing.holds(input.jurisdictionId) &&
      !(await jurisdictionExists(this.ds, input.jurisdictionId))
    ) {
      // in the caller's language (the page's or Accept-Language), like the validation's problems
      throw invalidRequestIn(fallbackLanguage, [
        {
          field: 'jurisdictionId',
          pointer: '/jurisdictionId',
          code: 'unknown-jurisdiction',
          message: t(fallbackLanguage, 'problem.jurisdiction.unknown'),
        },
      ]);
    }
    const keys = await this.keyRing.forJurisdiction(input.jurisdictionId);
    const arrival: Arrival = {
      input,
      source,
      keys,
      coversYear: now.getUTCFullYear(),
      vKey: voterKey(keys, input),
      requestHash: keys.keyedHash('request', canonicalize(input) ?? ''),
      now,
      requestMethod,
      language,
      trace: currentTraceContext(),
    };
    // an office call's audit entry rides on its own transaction: such a request is never shared
    if (underCommitHook()) return this.storeAlone(arrival);
    return this.loaderOf(input.jurisdictionId)(arrival);
  }

  private loaderOf(jurisdictionId: string): (arrival: Arrival) => Promise<IntakeResult> {
    let loader = this.together.get(jurisdictionId);
    if (loader === undefined) {
      // at most GROUP_COMMIT_MAX_BATCH requests of the office in one transaction
      loader = groupCommit((arrivals: readonly Arrival[]) => this.storeTogether(jurisdictionId, arrivals));
      this.together.set(jurisdictionId, loader);
    }
    return loader;
  }

  /** Requests of one office in one transaction; if that fails, each in its own (as alone). */
  private async storeTogether(
    jurisdictionId: string,
    arrivals: readonly Arrival[],
  ): Promise<Array<IntakeResult | Error>> {
    // dataloader hands each caller its own result or Error
    const eachAlone = () =>
      Promise.all(
        arrivals.map((a) =>
          this.storeAlone(a).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          ),
        ),
      );
    if (arrivals.length === 1) return eachAlone();
    try {
      const results = await withTenant(this.ds, jurisdictionId, (tx) => this.store(tx, arrivals));
      this.relay.notify();
      return results;
    } catch {
      // e.g. a voter's request raced another gateway's on the one-active-request index
      return eachAlone();
    }
  }

  private async storeAlone(arrival: Arrival): Promise<IntakeResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [result] = await withTenant(this.ds, arrival.input.jurisdictionId, (tx) =>
          this.store(tx, [arrival]),
        );
        this.relay.notify();
        return result;
      } catch (error) {
        // two submissions of one voter raced on the one-active-request index: the loser is a duplicate
        if ((error as { code?: string }).code === '23505' && attempt < 3) continue;
        throw error;
      }
    }
  }

  /**
   * Stores requests of one office, in order, in the caller's transaction: a voter's second request
   * among them is a duplicate of the first.
   */
  private async store(tx: EntityManager, arrivals: readonly Arrival[]): Promise<IntakeResult[]> {
    const jurisdictionId = arrivals[0].input.jurisdictionId;
    const existing = await activeRequestsOfVoters(
      tx,
      jurisdictionId,
      arrivals.map((a) => ({ voterKey: a.vKey, coversYear: a.coversYear, today: utcDateOf(a.now) })),
    );
    const rules = await stateRulesOfJurisdiction(tx, jurisdictionId);
    /** the request each voter has, stored before or among these */
    const standing = new Map<string, { requestId: string; requestHash: string }>();
    const requests: NewBallotRequest[] = [];
    const duplicates: Array<{ requestId: string; sameBody: boolean; receivedAt: Date }> = [];
    const events: Array<CloudEvent<EventType>> = [];
    const results = arrivals.map((a, k): IntakeResult => {
      const { input } = a;
      const before = standing.get(a.vKey) ?? existing[k];
      if (before !== undefined) {
        duplicates.push({
          requestId: before.requestId,
          sameBody: before.requestHash === a.requestHash,
          receivedAt: a.now,
        });
        events.push({
          ...newEvent(
            'uocava.request.duplicate.v1',
            { requestId: before.requestId, jurisdictionId, receivedAt: a.now.toISOString() },
            SOURCE,
          ),
          ...a.trace,
        });
        return { duplicate: true, status: 'duplicate', detail: RESUBMITTED_DETAIL };
      }
      const requestId = randomUUID();
      const trackingCode = newTrackingCode();
      const militaryPost = isMilitaryPostAddress(input.mailingAddress);
      standing.set(a.vKey, { requestId, requestHash: a.requestHash });
      requests.push({
        requestId,
        jurisdictionId,
        trackingCode,
        voterClass: input.voterClass,
        ballotDelivery: input.ballotDelivery,
        mailingCountry: input.mailingAddress.country,
        militaryPost,
        paperSize: input.paperSize ?? null,
        party: input.party ?? null,
        coversYear: a.coversYear,
        // how long this FPCA stands: the state's rule (docs/state-rules.md), else the calendar year
        fpcaValidThrough: fpcaValidThrough(rules?.fpcaValidity.value, utcDateOf(a.now)),
        source: a.source,
        requestMethod: a.requestMethod,
        language: a.language,
        voterKey: a.vKey,
        requestHash: a.requestHash,
        dobHash: a.keys.keyedHash('dob', input.dateOfBirth),
        // the whole request is sealed: names, birth date, ID, addresses and contact are personal data
        pii: a.keys.sealJson(`request:${requestId}`, input),
        receivedAt: a.now,
      });
      events.push({
        ...newEvent(
          'uocava.request.submitted.v1',
          {
            requestId,
            jurisdictionId,
            voterClass: input.voterClass,
            ballotDelivery: input.ballotDelivery,
            mailingCountry: input.mailingAddress.country,
            militaryPost,
            source: a.source,
            coversYear: a.coversYear,
            submittedAt: a.now.toISOString(),
          },
          SOURCE,
        ),
        ...a.trace,
      });
      return { requestId, trackingCode, status: 'received', duplicate: false };
    });
    // the new requests first: a duplicate among them refers to one of them
    await insertBallotRequests(tx, requests);
    for (const d of duplicates) await recordDuplicate(tx, { jurisdictionId, ...d });
    await enqueueOutboxRows(tx, events.map(outboxRowOf));
    return results;
  }
}
