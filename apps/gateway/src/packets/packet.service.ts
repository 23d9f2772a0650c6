import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { BallotStyleCache, regenerationReason, renderPacket, type PacketResult } from '@uocava/ballot-pdf';
import {
  findTenant,
  KeyRing,
  recordPacketRegeneration,
  tenantHandle,
  withTenant,
  type JurisdictionKeys,
} from '@uocava/database';
import { isUuid, type BallotStatus, type Contest, type ElectionDefinition } from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { counter, loadPacketInput, ProblemException, recordAudit } from '@uocava/platform';

export const SOURCE = 'urn:uocava:gateway:packets';

/** Packets re-issued on download, by reason; `mismatch` ones are defects (and alert the office). */
const regenerations = counter(
  'uocava_packet_regenerations_total',
  'Ballot packets re-issued on download because the re-render differed from the issued bytes, by reason',
  ['reason'],
);

interface BallotRow {
  request_id: string;
  election_id: string;
  ballot_style_id: string;
  pdf_sha256: string;
  renderer_version: string | null;
  inputs_sha256: string | null;
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
 * download from what the database holds (no copy of the PDF is kept) and served as is when its
 * SHA-256 equals the one recorded for the ballot. When it does not, the voter still gets the ballot
 * at once: the packet is re-issued (same ballot, new bytes recorded, a
 * `ballot.packet-regenerated` event on the log, an audit entry, a metric), and a `mismatch` (same
 * inputs and renderer, other bytes: a defect) is shown on the office's overview until acknowledged.
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
        `SELECT request_id, election_id, ballot_style_id, pdf_sha256, renderer_version, inputs_sha256,
                download_token_hash, status, page_count, paper_size
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

  /** The packet PDF, rendered again and checked against the recorded hash; null for a wrong link. */
  async pdf(ballotId: string, token: unknown): Promise<PacketResult | null> {
    return this.withBallot(ballotId, token, async (tx, ballot, keys) => {
      const input = await loadPacketInput(tx, keys, {
        requestId: ballot.request_id,
        electionId: ballot.election_id,
        ballotId,
        styleId: ballot.ballot_style_id,
      });
      const rendered = await renderPacket(input, this.styles);
      if (rendered.sha256 !== ballot.pdf_sha256) await this.reissue(tx, keys, ballotId, ballot, rendered);
      return rendered;
    });
  }

  /**
   * Records `rendered` as the ballot's packet (in the download's transaction) with the event and the
   * audit entry. If a concurrent download re-issued it first, its bytes must be these.
   */
  private async reissue(
    tx: EntityManager,
    keys: JurisdictionKeys,
    ballotId: string,
    ballot: BallotRow,
    rendered: PacketResult,
  ): Promise<void> {
    const reason = regenerationReason(
      { rendererVersion: ballot.renderer_version, inputsSha256: ballot.inputs_sha256 },
      rendered,
    );
    const jurisdictionId = keys.jurisdictionId;
    const event = newEvent(
      'uocava.ballot.packet-regenerated.v1',
      {
        requestId: ballot.request_id,
        ballotId,
        jurisdictionId,
        electionId: ballot.election_id,
        reason,
        previousPdfSha256: ballot.pdf_sha256,
        pdfSha256: rendered.sha256,
        rendererVersion: rendered.rendererVersion,
        regeneratedAt: new Date().toISOString(),
      },
      SOURCE,
    );
    const reissued = await recordPacketRegeneration(tx, {
      jurisdictionId,
      ballotId,
      requestId: ballot.request_id,
      reason,
      previousPdfSha256: ballot.pdf_sha256,
      pdfSha256: rendered.sha256,
      previousRendererVersion: ballot.renderer_version,
      rendererVersion: rendered.rendererVersion,
      previousInputsSha256: ballot.inputs_sha256,
      inputsSha256: rendered.inputsSha256,
      eventId: event.id,
    });
    if (!reissued) {
      const [now]: Array<{ pdf_sha256: string }> = await tx.query(
        `SELECT pdf_sha256 FROM ballots WHERE jurisdiction_id = $1 AND ballot_id = $2`,
        [jurisdictionId, ballotId],
      );
      if (now?.pdf_sha256 === rendered.sha256) return;
      throw new ProblemException(
        503,
        'packet-busy',
        'This ballot packet is being prepared',
        'Your ballot packet is being prepared again. Please try the link again in a minute.',
      );
    }
    await enqueueEvent(tx, event);
    await recordAudit(tx, {
      jurisdictionId,
      keyId: null,
      role: null,
      action: 'packet.regenerate',
      target: `ballot:${ballotId}`,
      outcome: reason,
      details: {
        previousPdfSha256: ballot.pdf_sha256,
        pdfSha256: rendered.sha256,
        previousRendererVersion: ballot.renderer_version,
        rendererVersion: rendered.rendererVersion,
      },
    });
    regenerations.inc({ reason });
    const log = reason === 'mismatch' ? console.error : console.warn;
    log(`[gateway] packet of ballot ${ballotId} re-issued on download (${reason})`);
  }
}
