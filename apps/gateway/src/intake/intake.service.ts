import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize-cjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  activeRequestOfVoter,
  insertBallotRequest,
  jurisdictionExists,
  KeyRing,
  recordDuplicate,
  type RequestMethod,
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
import { enqueueEvent, newEvent, OutboxRelay } from '@uocava/messaging';
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

@Injectable()
export class IntakeService {
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
    // jurisdictions is the public directory of offices: readable without a tenant scope (RLS policy directory_read)
    if (!(await jurisdictionExists(this.ds, input.jurisdictionId))) {
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
    const coversYear = now.getUTCFullYear();
    const vKey = voterKey(keys, input);
    const requestHash = keys.keyedHash('request', canonicalize(input) ?? '');
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await withTenant(this.ds, input.jurisdictionId, (tx) =>
          this.store(tx, keys, input, source, {
            coversYear,
            vKey,
            requestHash,
            now,
            requestMethod,
            language,
          }),
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

  private async store(
    tx: EntityManager,
    keys: JurisdictionKeys,
    input: BallotRequestInput,
    source: 'json' | 'nist-vri',
    k: {
      coversYear: number;
      vKey: string;
      requestHash: string;
      now: Date;
      requestMethod: RequestMethod;
      language: Language;
    },
  ): Promise<IntakeResult> {
    const today = utcDateOf(k.now);
    const existing = await activeRequestOfVoter(tx, input.jurisdictionId, k.vKey, k.coversYear, today);
    if (existing !== undefined) {
      await recordDuplicate(tx, {
        jurisdictionId: input.jurisdictionId,
        requestId: existing.requestId,
        sameBody: existing.requestHash === k.requestHash,
        receivedAt: k.now,
      });
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.duplicate.v1',
          {
            requestId: existing.requestId,
            jurisdictionId: input.jurisdictionId,
            receivedAt: k.now.toISOString(),
          },
          SOURCE,
        ),
      );
      return { duplicate: true, status: 'duplicate', detail: RESUBMITTED_DETAIL };
    }
    const requestId = randomUUID();
    const trackingCode = newTrackingCode();
    const militaryPost = isMilitaryPostAddress(input.mailingAddress);
    await insertBallotRequest(tx, {
      requestId,
      jurisdictionId: input.jurisdictionId,
      trackingCode,
      voterClass: input.voterClass,
      ballotDelivery: input.ballotDelivery,
      mailingCountry: input.mailingAddress.country,
      militaryPost,
      paperSize: input.paperSize ?? null,
      party: input.party ?? null,
      coversYear: k.coversYear,
      // how long this FPCA stands: the state's rule (docs/state-rules.md), else the calendar year
      fpcaValidThrough: fpcaValidThrough(
        (await stateRulesOfJurisdiction(tx, input.jurisdictionId))?.fpcaValidity.value,
        today,
      ),
      source,
      requestMethod: k.requestMethod,
      language: k.language,
      voterKey: k.vKey,
      requestHash: k.requestHash,
      dobHash: keys.keyedHash('dob', input.dateOfBirth),
      // the whole request is sealed: names, birth date, ID, addresses and contact are personal data
      pii: keys.sealJson(`request:${requestId}`, input),
      receivedAt: k.now,
    });
    await enqueueEvent(
      tx,
      newEvent(
        'uocava.request.submitted.v1',
        {
          requestId,
          jurisdictionId: input.jurisdictionId,
          voterClass: input.voterClass,
          ballotDelivery: input.ballotDelivery,
          mailingCountry: input.mailingAddress.country,
          militaryPost,
          source,
          coversYear: k.coversYear,
          submittedAt: k.now.toISOString(),
        },
        SOURCE,
      ),
    );
    return { requestId, trackingCode, status: 'received', duplicate: false };
  }
}
