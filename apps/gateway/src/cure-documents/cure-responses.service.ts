import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  cureResponseFile,
  cureResponsesOfBallot,
  insertCureResponse,
  KeyRing,
  lockBallotForDecision,
  withTenant,
  type BallotForDecision,
} from '@uocava/database';
import { cureAffidavitAvailable, isUuid } from '@uocava/domain';
import { notFound, ProblemException } from '@uocava/platform';
import { checked } from '../common/input';
import { actorId, type OfficePrincipal } from '../common/office-auth';
import { Clock } from '../common/clock';
import { parseRecordCureResponse } from './cure-documents.schemas';

/** Clock skew allowed for a receipt time. */
const SKEW_MS = 5 * 60_000;

/**
 * What voters sent back to cure their ballots, as the office sees it: the uploads of the tracking
 * page (their files opened for the office only) and the affidavits a clerk records as received by
 * mail, fax or e-mail. Deciding on the cure stays with the ballot's cure, accept and reject routes.
 */
@Injectable()
export class CureResponsesService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  private static async ballot(
    tx: EntityManager,
    p: OfficePrincipal,
    ballotId: string,
  ): Promise<BallotForDecision> {
    const b = isUuid(ballotId) ? await lockBallotForDecision(tx, p.jurisdictionId, ballotId) : undefined;
    if (b === undefined) throw notFound(`Ballot ${ballotId}`);
    return b;
  }

  async list(p: OfficePrincipal, ballotId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await CureResponsesService.ballot(tx, p, ballotId);
      return { items: await cureResponsesOfBallot(tx, p.jurisdictionId, b.ballotId) };
    });
  }

  async file(p: OfficePrincipal, ballotId: string, responseId: string) {
    const keys = await this.keyRing.forJurisdiction(p.jurisdictionId);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await CureResponsesService.ballot(tx, p, ballotId);
      const r = isUuid(responseId)
        ? await cureResponseFile(tx, p.jurisdictionId, b.ballotId, responseId)
        : undefined;
      if (r === undefined) throw notFound(`Uploaded cure response ${responseId}`);
      return { contentType: r.contentType, bytes: keys.openBytes(`cure-response:${r.responseId}`, r.sealed) };
    });
  }

  async record(p: OfficePrincipal, ballotId: string, body: unknown) {
    const input = checked(parseRecordCureResponse(body));
    const receivedAt = new Date(input.receivedAt);
    if (receivedAt.getTime() > this.clock.now().getTime() + SKEW_MS)
      throw new ProblemException(
        400,
        'invalid-request',
        'Your request has problems',
        'Some fields need your attention.',
        {
          errors: [
            {
              field: 'receivedAt',
              pointer: '/receivedAt',
              code: 'invalid',
              message: 'receivedAt is in the future: give the time the affidavit arrived',
            },
          ],
        },
      );
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await CureResponsesService.ballot(tx, p, ballotId);
      if (!cureAffidavitAvailable(b.status))
        throw new ProblemException(
          409,
          'not-waiting-for-cure',
          'This ballot is not waiting for a cure',
          `Ballot ${b.ballotId} is ${b.status}: a cure response is recorded only while a cure is requested.`,
        );
      const responseId = randomUUID();
      await insertCureResponse(tx, {
        responseId,
        jurisdictionId: p.jurisdictionId,
        ballotId: b.ballotId,
        method: input.method,
        receivedAt,
        recordedBy: actorId(p),
      });
      return {
        responseId,
        ballotId: b.ballotId,
        method: input.method,
        receivedAt: receivedAt.toISOString(),
        contentType: null,
        byteSize: null,
        sha256: null,
        recordedBy: actorId(p),
      };
    });
  }
}
