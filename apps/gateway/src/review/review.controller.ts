import { Body, Controller, Get, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { KeyRing, withTenant, type JurisdictionKeys } from '@uocava/database';
import {
  findCandidates,
  normaliseName,
  REASONS,
  type ReasonCode,
  type RequestStatus,
  type RollRecord,
} from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { invalidRequest, notFound, ProblemException, recordAudit, rollIdHasher } from '@uocava/platform';
import { Principal, Roles, type OfficePrincipal } from '../office/office-auth';
import { AuditAction, AuditedOfficeGuard, AuditInterceptor, AuditOwnOutcome } from '../operations/audit';
import { parseApproveBody, parseRejectBody, rollRecordFromRequest, UUID_PATTERN } from './review.rules';

export const REVIEW_SOURCE = 'urn:uocava:gateway:office-review';
const QUEUE_LIMIT = 200;

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

interface RequestRow {
  request_id: string;
  status: RequestStatus;
  pii: Buffer;
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

@ApiTags('office')
@ApiBearerAuth()
@UseGuards(AuditedOfficeGuard)
@UseInterceptors(AuditInterceptor)
@Controller('api/v1/office')
export class ReviewController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  @Get('review-queue')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('review-queue.view')
  @ApiOperation({
    summary: 'Requests that need a person, oldest first, with their reasons and the candidate roll records',
    description:
      `At most ${QUEUE_LIMIT} items. Each item: reasons (code + plain words), the request data and the roll ` +
      'records with the same date of birth (candidates), decrypted for the office.',
  })
  async queue(@Principal() principal: OfficePrincipal): Promise<{ items: ReviewItem[] }> {
    const keys = await this.keyRing.forJurisdiction(principal.jurisdictionId);
    return withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      const rows: Array<{
        request_id: string;
        tracking_code: string;
        received_at: Date;
        reasons: ReasonCode[];
        pii: Buffer;
      }> = await tx.query(
        `SELECT request_id, tracking_code, received_at, reasons, pii FROM ballot_requests
         WHERE jurisdiction_id = $1 AND status = 'needs-review' ORDER BY received_at, request_id LIMIT $2`,
        [principal.jurisdictionId, QUEUE_LIMIT],
      );
      const requests = rows.map((r) => keys.openJson<BallotRequestInput>(`request:${r.request_id}`, r.pii));
      const dobKeys = [...new Set(requests.map((q) => keys.keyedHash('dob', q.dateOfBirth)))];
      const rollRows: Array<{ roll_record_id: string; dob_key: string; pii: Buffer }> = dobKeys.length
        ? await tx.query(
            `SELECT roll_record_id, dob_key, pii FROM voter_roll
             WHERE jurisdiction_id = $1 AND dob_key = ANY($2::text[]) ORDER BY state_voter_id`,
            [principal.jurisdictionId, dobKeys],
          )
        : [];
      const byDob = new Map<string, Array<{ rollRecordId: string; record: RollRecord }>>();
      for (const r of rollRows) {
        const list = byDob.get(r.dob_key) ?? [];
        list.push({
          rollRecordId: r.roll_record_id,
          record: keys.openJson<RollRecord>(`roll:${r.roll_record_id}`, r.pii),
        });
        byDob.set(r.dob_key, list);
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
          requestId: row.request_id,
          trackingCode: row.tracking_code,
          receivedAt: row.received_at.toISOString(),
          reasons: describe(row.reasons),
          request,
          candidates: sameDob.map((c) => ({ ...c, nameMatches: matching.has(c.record) })),
        };
      });
      return { items };
    });
  }

  @Post('ballot-requests/:requestId/approve')
  @HttpCode(200)
  @Roles('admin', 'clerk')
  @AuditAction('ballot-request.approve')
  @AuditOwnOutcome()
  @ApiOperation({
    summary: 'Approve a request that needs review',
    description:
      'Body: `{ "rollRecordId": "<uuid>" }` links the request to a roll record, or ' +
      '`{ "createRollRecord": { "stateVoterId", "precinct"?, "party"? } }` registers the voter from the FPCA. ' +
      'The request becomes verified (event uocava.request.verified.v1, decidedBy office) and the ballot is issued.',
  })
  @ApiResponse({ status: 404, description: 'No such request in this jurisdiction.' })
  @ApiResponse({ status: 409, description: 'The request is not waiting for review.' })
  async approve(
    @Principal() principal: OfficePrincipal,
    @Param('requestId') requestId: string,
    @Body() body: unknown,
  ) {
    const parsed = parseApproveBody(body);
    const keys = await this.keyRing.forJurisdiction(principal.jurisdictionId);
    return withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      const request = await this.lockRequest(tx, principal, requestId);
      if (!parsed.ok) throw invalidRequest(parsed.problems);
      if (request.status !== 'needs-review') throw notNeedingReview(request.status);
      const decision = parsed.value;
      let rollRecordId: string;
      if (decision.kind === 'link') {
        const found: Array<{ roll_record_id: string }> = await tx.query(
          `SELECT roll_record_id FROM voter_roll WHERE jurisdiction_id = $1 AND roll_record_id = $2`,
          [principal.jurisdictionId, decision.rollRecordId],
        );
        if (found.length === 0)
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
      const decidedAt = new Date().toISOString();
      await tx.query(
        `UPDATE ballot_requests SET status = 'verified', reasons = '[]'::jsonb, roll_record_id = $1, updated_at = now()
         WHERE request_id = $2 AND jurisdiction_id = $3`,
        [rollRecordId, requestId, principal.jurisdictionId],
      );
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
        keyId: principal.keyId,
        role: principal.role,
        action: 'ballot-request.approve',
        target: `ballot-request:${requestId}`,
        outcome: 'verified',
        details: { rollRecordId, registered: decision.kind === 'register' },
      });
      return { requestId, status: 'verified' as const, rollRecordId, decidedAt };
    });
  }

  @Post('ballot-requests/:requestId/reject')
  @HttpCode(200)
  @Roles('admin', 'clerk')
  @AuditAction('ballot-request.reject')
  @AuditOwnOutcome()
  @ApiOperation({
    summary: 'Reject a request that needs review',
    description:
      'Body: `{ "reasons": ["<reason code>", ...] }` (codes of REASONS). The request becomes rejected ' +
      '(event uocava.request.rejected.v1, decidedBy office).',
  })
  @ApiResponse({ status: 404, description: 'No such request in this jurisdiction.' })
  @ApiResponse({ status: 409, description: 'The request is not waiting for review.' })
  async reject(
    @Principal() principal: OfficePrincipal,
    @Param('requestId') requestId: string,
    @Body() body: unknown,
  ) {
    const parsed = parseRejectBody(body);
    return withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      const request = await this.lockRequest(tx, principal, requestId);
      if (!parsed.ok) throw invalidRequest(parsed.problems);
      if (request.status !== 'needs-review') throw notNeedingReview(request.status);
      const reasons = parsed.value;
      const decidedAt = new Date().toISOString();
      await tx.query(
        `UPDATE ballot_requests SET status = 'rejected', reasons = $1, updated_at = now()
         WHERE request_id = $2 AND jurisdiction_id = $3`,
        [JSON.stringify(reasons), requestId, principal.jurisdictionId],
      );
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
        keyId: principal.keyId,
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
  ): Promise<RequestRow> {
    if (!UUID_PATTERN.test(requestId)) throw notFound('The ballot request');
    const rows: RequestRow[] = await tx.query(
      `SELECT request_id, status, pii FROM ballot_requests
       WHERE request_id = $1 AND jurisdiction_id = $2 FOR UPDATE`,
      [requestId, principal.jurisdictionId],
    );
    if (rows.length === 0) throw notFound('The ballot request');
    return rows[0];
  }

  /** Adds the voter to the roll; a state voter id already on the roll is refused (link to it instead). */
  private async register(tx: EntityManager, keys: JurisdictionKeys, record: RollRecord): Promise<string> {
    const id = randomUUID();
    const inserted: Array<{ roll_record_id: string }> = await tx.query(
      `INSERT INTO voter_roll (roll_record_id, jurisdiction_id, state_voter_id, last_name_key, dob_key,
         drivers_license_hash, ssn4_hash, precinct, party, status, pii, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
       ON CONFLICT (jurisdiction_id, state_voter_id) DO NOTHING
       RETURNING roll_record_id`,
      [
        id,
        keys.jurisdictionId,
        record.id,
        keys.keyedHash('last-name', normaliseName(record.lastName)),
        keys.keyedHash('dob', record.dateOfBirth),
        record.driversLicenseHash ?? null,
        record.ssn4Hash ?? null,
        record.precinct ?? null,
        record.party ?? null,
        record.status,
        keys.sealJson(`roll:${id}`, record),
      ],
    );
    if (inserted.length === 0)
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
