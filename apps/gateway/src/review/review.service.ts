import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  findRequest,
  insertRollRecord,
  KeyRing,
  recordAudit,
  rejectRequest,
  requestsNeedingReview,
  rollRecordExists,
  rollRecordsByDob,
  setRequestDecision,
  withTenant,
  type JurisdictionKeys,
  type StoredRequest,
  rollIdHasher,
  sealedRollRow,
} from '@uocava/database';
import { findCandidates, REASONS, type ReasonCode, type RollRecord } from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { invalidRequest, notFound, ProblemException } from '@uocava/platform';
import { auditWho, type OfficePrincipal } from '../common/office-auth';
import { UUID_ANY_CASE } from '@uocava/contracts/values';
import { parseApproveBody, parseRejectBody, rollRecordFromRequest } from './review.rules';
import { Clock } from '../common/clock';

export const REVIEW_SOURCE = 'urn:uocava:gateway:office-review';
export const QUEUE_LIMIT = 200;

export interface ReviewCandidate {
  rollRecordId: string;
  /** The roll record (decrypted), names normalised as on the roll; ID numbers only as hashes. */
  record: RollRecord;
  /** Same normalised first and last name (or previous name) and date of birth as the request. */
  nameMatches: boolean;
}

export interface ReviewItem {
  requestId: string;
  trackingCode: string;
  receivedAt: string;
  reasons: Array<{ code: ReasonCode; description: string }>;
  /** The request as the voter sent it (decrypted for the office). */
  request: BallotRequestInput;
  /** Roll records with the same date of birth, side by side with the request. */
  candidates: ReviewCandidate[];
}

function describe(codes: readonly ReasonCode[]) {
  return codes.map((code) => ({ code, description: REASONS[code]?.description ?? code }));
}

const notNeedingReview = (status: string) =>
  new ProblemException(
    409,
    'not-in-review',
    'Not waiting for review',
    `This request is ${status}; only requests that need review can be approved or rejected here.`,
  );

/**
 * The office's review of requests that need a person: the queue (request and roll candidates
 * side by side) and the decisions. Used by the office API and the clerk's pages alike.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  async queue(principal: OfficePrincipal): Promise<{ items: ReviewItem[] }> {
    const keys = await this.keyRing.forJurisdiction(principal.jurisdictionId);
    return withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      const rows = await requestsNeedingReview(tx, principal.jurisdictionId, QUEUE_LIMIT);
      const requests = rows.map((r) => keys.openJson<BallotRequestInput>(`request:${r.requestId}`, r.pii));
      const dobKeys = [...new Set(requests.map((q) => keys.keyedHash('dob', q.dateOfBirth)))];
      const rollRows = await rollRecordsByDob(tx, principal.jurisdictionId, dobKeys);
      const byDob = new Map<string, Array<{ rollRecordId: string; record: RollRecord }>>();
      for (const r of rollRows) {
        const list = byDob.get(r.dobKey) ?? [];
        list.push({
          rollRecordId: r.rollRecordId,
          record: keys.openJson<RollRecord>(`roll:${r.rollRecordId}`, r.pii),
        });
        byDob.set(r.dobKey, list);
      }
      const items = rows.map((row, i): ReviewItem => {
        const request = requests[i];
        const sameDob = byDob.get(keys.keyedHash('dob', request.dateOfBirth)) ?? [];
        const matching = new Set(
          findCandidates(
            request,
            sameDob.map((c) => c.record),
          ),
        );
        return {
          requestId: row.requestId,
          trackingCode: row.trackingCode,
          receivedAt: row.receivedAt,
          reasons: describe(row.reasons),
          request,
          candidates: sameDob.map((c) => ({ ...c, nameMatches: matching.has(c.record) })),
        };
      });
      return { items };
    });
  }

  async approve(principal: OfficePrincipal, requestId: string, body: unknown) {
    const parsed = parseApproveBody(body);
    const keys = await this.keyRing.forJurisdiction(principal.jurisdictionId);
    return withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      const request = await this.lockRequest(tx, principal, requestId);
      if (!parsed.ok) throw invalidRequest(parsed.problems);
      if (request.status !== 'needs-review') throw notNeedingReview(request.status);
      const decision = parsed.value;
      let rollRecordId: string;
      if (decision.kind === 'link') {
        if (!(await rollRecordExists(tx, principal.jurisdictionId, decision.rollRecordId)))
          throw invalidRequest(
            [
              {
                field: 'rollRecordId',
                pointer: '/rollRecordId',
                code: 'not-found',
                message: 'No roll record with this id in your jurisdiction.',
              },
            ],
            'The roll record was not found.',
          );
        rollRecordId = decision.rollRecordId;
      } else {
        const input = keys.openJson<BallotRequestInput>(`request:${requestId}`, request.pii);
        const record = rollRecordFromRequest(input, decision, rollIdHasher(keys));
        rollRecordId = await this.register(tx, keys, record);
      }
      const decidedAt = this.clock.nowIso();
      await setRequestDecision(tx, principal.jurisdictionId, requestId, {
        status: 'verified',
        reasons: [],
        rollRecordId,
      });
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.verified.v1',
          { requestId, jurisdictionId: principal.jurisdictionId, decidedBy: 'office', decidedAt },
          REVIEW_SOURCE,
        ),
      );
      await recordAudit(tx, {
        jurisdictionId: principal.jurisdictionId,
        ...auditWho(principal),
        role: principal.role,
        action: 'ballot-request.approve',
        target: `ballot-request:${requestId}`,
        outcome: 'verified',
        details: { rollRecordId, registered: decision.kind === 'register' },
      });
      return { requestId, status: 'verified' as const, rollRecordId, decidedAt };
    });
  }

  async reject(principal: OfficePrincipal, requestId: string, body: unknown) {
    const parsed = parseRejectBody(body);
    return withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      const request = await this.lockRequest(tx, principal, requestId);
      if (!parsed.ok) throw invalidRequest(parsed.problems);
      if (request.status !== 'needs-review') throw notNeedingReview(request.status);
      const reasons = parsed.value;
      const decidedAt = this.clock.nowIso();
      await rejectRequest(tx, principal.jurisdictionId, requestId, reasons);
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.rejected.v1',
          { requestId, jurisdictionId: principal.jurisdictionId, reasons, decidedBy: 'office', decidedAt },
          REVIEW_SOURCE,
        ),
      );
      await recordAudit(tx, {
        jurisdictionId: principal.jurisdictionId,
        ...auditWho(principal),
        role: principal.role,
        action: 'ballot-request.reject',
        target: `ballot-request:${requestId}`,
        outcome: 'rejected',
        details: { reasons },
      });
      return { requestId, status: 'rejected' as const, reasons: describe(reasons), decidedAt };
    });
  }

  /** The request of the caller's jurisdiction, locked for the decision; 404 for anything else. */
  private async lockRequest(
    tx: EntityManager,
    principal: OfficePrincipal,
    requestId: string,
  ): Promise<StoredRequest> {
    if (!UUID_ANY_CASE.test(requestId)) throw notFound('The ballot request');
    const request = await findRequest(tx, principal.jurisdictionId, requestId, { lock: true });
    if (request === undefined) throw notFound('The ballot request');
    return request;
  }

  /**
   * Adds the voter to the roll; a state voter id already on the roll is refused (link to it
   * instead), and so is any while an import of the roll runs (409: try again after it).
   */
  private async register(tx: EntityManager, keys: JurisdictionKeys, record: RollRecord): Promise<string> {
    const id = randomUUID();
    const inserted = await insertRollRecord(tx, keys.jurisdictionId, sealedRollRow(keys, id, record));
    if (inserted === 'importing')
      throw new ProblemException(
        409,
        'roll-import-running',
        'The voter roll is being imported',
        'An import of the voter roll is running: approve with a new roll record once it has finished ' +
          '(the import may bring this voter).',
      );
    if (inserted === 'on-roll')
      throw invalidRequest(
        [
          {
            field: 'createRollRecord.stateVoterId',
            pointer: '/createRollRecord/stateVoterId',
            code: 'already-on-roll',
            message: 'A voter with this state voter id is already on the roll: link to that record instead.',
          },
        ],
        'The voter is already on the roll.',
      );
    return id;
  }
}
