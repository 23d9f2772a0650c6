import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { KeyRing, recordAudit, searchRequests, withTenant, type RequestSearchKey } from '@uocava/database';
import type { RequestStatus } from '@uocava/domain';
import { checked } from '../../common/input';
import { auditWho, type OfficePrincipal } from '../../common/office-auth';
import { voterKey } from '../../intake/intake.service';
import { parseSearchQuery } from './search.rules';

export const SEARCH_LIMIT = 50;

export interface FoundRequest {
  requestId: string;
  trackingCode: string;
  status: RequestStatus;
  receivedAt: string;
  /** the FPCA as the voter sent it, opened for the office */
  request: BallotRequestInput;
}

/**
 * The office's voter search under the jurisdiction's row-level security. Finds by exact key (the
 * name goes through the keyed `voter_key` index), opens the sealed request only for the rows found,
 * and audits each opened record with the person who searched (the search itself is audited by the
 * office guard).
 */
@Injectable()
export class VoterSearchService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  async search(
    principal: OfficePrincipal,
    query: Record<string, unknown>,
  ): Promise<{ items: FoundRequest[] }> {
    const q = checked(parseSearchQuery(query), 'The search is not valid.');
    const keys = await this.keyRing.forJurisdiction(principal.jurisdictionId);
    const key: RequestSearchKey =
      q.by === 'trackingCode'
        ? { trackingCode: q.trackingCode }
        : q.by === 'requestId'
          ? { requestId: q.requestId }
          : {
              voterKey: voterKey(keys, {
                name: { last: q.lastName, first: q.firstName },
                dateOfBirth: q.dateOfBirth,
              } as Pick<BallotRequestInput, 'name' | 'dateOfBirth'>),
            };
    return withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      const rows = await searchRequests(tx, principal.jurisdictionId, key, SEARCH_LIMIT);
      const items: FoundRequest[] = [];
      for (const r of rows) {
        items.push({
          requestId: r.requestId,
          trackingCode: r.trackingCode,
          status: r.status,
          receivedAt: r.receivedAt.toISOString(),
          request: keys.openJson<BallotRequestInput>(`request:${r.requestId}`, r.pii),
        });
        await recordAudit(tx, {
          jurisdictionId: principal.jurisdictionId,
          ...auditWho(principal),
          role: principal.role,
          action: 'ballot-request.open',
          target: `ballot-request:${r.requestId}`,
          outcome: 'opened',
          details: { searchBy: q.by },
        });
      }
      return { items };
    });
  }
}
