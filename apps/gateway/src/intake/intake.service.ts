import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize-cjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { KeyRing, withTenant, type JurisdictionKeys } from '@uocava/database';
import { isMilitaryPostAddress, normaliseName, type RequestStatus } from '@uocava/domain';
import { enqueueEvent, newEvent, OutboxRelay } from '@uocava/messaging';
import { ProblemException } from '@uocava/platform';
import { newTrackingCode } from './tracking-code';

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
    now = new Date(),
  ): Promise<IntakeResult> {
    // jurisdictions is the public directory of offices: readable without a tenant scope (RLS policy directory_read)
    const exists = await this.ds.query(`SELECT 1 FROM jurisdictions WHERE jurisdiction_id = $1`, [
      input.jurisdictionId,
    ]);
    if (exists.length === 0) {
      throw new ProblemException(
        400,
        'invalid-request',
        'Your request has problems',
        'Some fields need your attention.',
        {
          errors: [
            {
              field: 'jurisdictionId',
              pointer: '/jurisdictionId',
              code: 'unknown-jurisdiction',
              message: 'We do not serve this election office. Check the jurisdiction you chose.',
            },
          ],
        },
      );
    }
    const keys = await this.keyRing.forJurisdiction(input.jurisdictionId);
    const coversYear = now.getUTCFullYear();
    const vKey = voterKey(keys, input);
    const requestHash = keys.keyedHash('request', canonicalize(input) ?? '');
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await withTenant(this.ds, input.jurisdictionId, (tx) =>
          this.store(tx, keys, input, source, { coversYear, vKey, requestHash, now }),
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
    k: { coversYear: number; vKey: string; requestHash: string; now: Date },
  ): Promise<IntakeResult> {
    const existing: Array<{
      request_id: string;
      tracking_code: string;
      status: RequestStatus;
      request_hash: string;
    }> = await tx.query(
      `SELECT request_id, tracking_code, status, request_hash FROM ballot_requests
         WHERE jurisdiction_id = $1 AND voter_key = $2 AND covers_year = $3 AND status <> 'rejected'`,
      [input.jurisdictionId, k.vKey, k.coversYear],
    );
    if (existing.length > 0) {
      const row = existing[0];
      await tx.query(
        `INSERT INTO request_duplicates (jurisdiction_id, request_id, same_body, received_at) VALUES ($1, $2, $3, $4)`,
        [input.jurisdictionId, row.request_id, row.request_hash === k.requestHash, k.now],
      );
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.duplicate.v1',
          {
            requestId: row.request_id,
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
    await tx.query(
      `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
         mailing_country, military_post, paper_size, party, covers_year, source, voter_key, request_hash, dob_hash,
         pii, received_at, updated_at)
       VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
      [
        requestId,
        input.jurisdictionId,
        trackingCode,
        input.voterClass,
        input.ballotDelivery,
        input.mailingAddress.country,
        militaryPost,
        input.paperSize ?? null,
        input.party ?? null,
        k.coversYear,
        source,
        k.vKey,
        k.requestHash,
        keys.keyedHash('dob', input.dateOfBirth),
        // the whole request is sealed: names, birth date, ID, addresses and contact are personal data
        keys.sealJson(`request:${requestId}`, input),
        k.now,
      ],
    );
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
