import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { BallotStyleCache, renderPacket } from '@uocava/ballot-pdf';
import { findTenant, KeyRing, tenantHandle, withTenant, type JurisdictionKeys } from '@uocava/database';
import { isUuid, type BallotStatus, type Contest, type ElectionDefinition } from '@uocava/domain';
import { loadPacketInput, ProblemException } from '@uocava/platform';

interface BallotRow {
  request_id: string;
  election_id: string;
  ballot_style_id: string;
  pdf_sha256: string;
  download_token_hash: string;
  status: BallotStatus;
  page_count: number;
  paper_size: string;
}

/** A ballot opened with its unguessable link (ballot id + token). */
export interface OpenedBallot {
  ballotId: string;
  jurisdictionId: string;
  status: BallotStatus;
  pageCount: number;
  paperSize: string;
  electionName: string;
  electionDate: string;
  jurisdictionName: string;
  /** the contests on the voter's ballot style, in ballot order */
  contests: Contest[];
}

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Packet links: `(ballot id, token)` opens one ballot; anything else (unknown ballot, wrong token)
 * is the same "not found", so links cannot be enumerated. The PDF is rendered again on every
 * download and served only if its SHA-256 equals the one recorded when it was issued.
 */
@Injectable()
export class PacketService {
  private readonly styles = new BallotStyleCache(64);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  /** The ballot id leads to its jurisdiction through the tenant directory (by its SHA-256). */
  private async jurisdictionOf(ballotId: string): Promise<string | null> {
    return (await findTenant(this.ds, 'ballot', tenantHandle(ballotId.toLowerCase()))) ?? null;
  }

  /** Runs `fn` on the ballot inside its tenant, or returns null when the link is wrong. */
  private async withBallot<T>(
    ballotId: string,
    token: unknown,
    fn: (tx: EntityManager, ballot: BallotRow, keys: JurisdictionKeys) => Promise<T>,
  ): Promise<T | null> {
    if (!isUuid(ballotId) || typeof token !== 'string' || !TOKEN.test(token)) return null;
    const jurisdictionId = await this.jurisdictionOf(ballotId);
    if (jurisdictionId === null) return null;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const [ballot]: BallotRow[] = await tx.query(
        `SELECT request_id, election_id, ballot_style_id, pdf_sha256, download_token_hash, status, page_count, paper_size
         FROM ballots WHERE jurisdiction_id = $1 AND ballot_id = $2`,
        [jurisdictionId, ballotId],
      );
      if (ballot === undefined) return null;
      const offered = createHash('sha256').update(token).digest();
      const expected = Buffer.from(ballot.download_token_hash, 'hex');
      if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) return null;
      return fn(tx, ballot, keys);
    });
  }

  /** What the packet page shows, or null for a wrong link. */
  async open(ballotId: string, token: unknown): Promise<OpenedBallot | null> {
    return this.withBallot(ballotId, token, async (tx, ballot, keys) => {
      const [row]: Array<{ definition: ElectionDefinition; jname: string; election_date: string }> =
        await tx.query(
          `SELECT e.definition, j.name AS jname, to_char(e.election_date, 'YYYY-MM-DD') AS election_date
         FROM elections e JOIN jurisdictions j ON j.jurisdiction_id = e.jurisdiction_id
         WHERE e.jurisdiction_id = $1 AND e.election_id = $2`,
          [keys.jurisdictionId, ballot.election_id],
        );
      const definition = row.definition;
      const style = definition.ballotStyles.find((s) => s.id === ballot.ballot_style_id);
      const byId = new Map(definition.contests.map((c) => [c.id, c]));
      return {
        ballotId,
        jurisdictionId: keys.jurisdictionId,
        status: ballot.status,
        pageCount: ballot.page_count,
        paperSize: ballot.paper_size,
        electionName: definition.name,
        electionDate: row.election_date,
        jurisdictionName: row.jname,
        contests: (style?.contestIds ?? []).flatMap((id) => byId.get(id) ?? []),
      };
    });
  }

  /** The packet PDF, rendered again and checked against the issued hash; null for a wrong link. */
  async pdf(ballotId: string, token: unknown): Promise<{ bytes: Uint8Array; sha256: string } | null> {
    return this.withBallot(ballotId, token, async (tx, ballot, keys) => {
      const input = await loadPacketInput(tx, keys, {
        requestId: ballot.request_id,
        electionId: ballot.election_id,
        ballotId,
        styleId: ballot.ballot_style_id,
      });
      const rendered = await renderPacket(input, this.styles);
      if (rendered.sha256 !== ballot.pdf_sha256) {
        console.error(
          `[gateway] packet ${ballotId}: regenerated hash differs from the issued one; refusing to serve`,
        );
        throw new ProblemException(
          409,
          'packet-changed',
          'This ballot packet cannot be served',
          'The packet could not be reproduced exactly as it was issued. The election office has been alerted.',
        );
      }
      return rendered;
    });
  }
}
