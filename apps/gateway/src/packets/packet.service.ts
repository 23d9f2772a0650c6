import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ballotElectionOf,
  ballotWordsOf,
  ballotTargets,
  BallotStyleCache,
  regenerationReason,
  renderPacket,
  type BallotTarget,
  type PacketInput,
  type PacketResult,
} from '@uocava/ballot-pdf';
import {
  ballotPacketRecord,
  findElection,
  findJurisdiction,
  findTenant,
  recordedPdfSha256,
  type BallotPacketRecord,
  KeyRing,
  recordPacketRegeneration,
  tenantHandle,
  withTenant,
  type JurisdictionKeys,
  recordAudit,
} from '@uocava/database';
import { isUuid, type BallotStatus, type Contest } from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { counter, ProblemException } from '@uocava/platform';
import { loadPacketInput } from '@uocava/packets';
import { Clock } from '../common/clock';

export const SOURCE = 'urn:uocava:gateway:packets';

/** Packets re-issued on download, by reason; `mismatch` ones are defects (and alert the office). */
const regenerations = counter(
  'uocava_packet_regenerations_total',
  'Ballot packets re-issued on download because the re-render differed from the issued bytes, by reason',
  ['reason'],
);

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

/** What the marking page embeds: the issued packet and where its voting targets are. */
export interface MarkingMaterial {
  ballot: OpenedBallot;
  packet: PacketResult;
  /** the packet's voting targets (page indexes of the whole packet) */
  targets: BallotTarget[];
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
    private readonly clock: Clock,
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
    fn: (tx: EntityManager, ballot: BallotPacketRecord, keys: JurisdictionKeys) => Promise<T>,
  ): Promise<T | null> {
    if (!isUuid(ballotId) || typeof token !== 'string' || !TOKEN.test(token)) return null;
    const jurisdictionId = await this.jurisdictionOf(ballotId);
    if (jurisdictionId === null) return null;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const ballot = await ballotPacketRecord(tx, jurisdictionId, ballotId);
      if (ballot === undefined) return null;
      const offered = createHash('sha256').update(token).digest();
      const expected = Buffer.from(ballot.downloadTokenHash, 'hex');
      if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) return null;
      return fn(tx, ballot, keys);
    });
  }

  /** What the packet page shows, or null for a wrong link. */
  async open(ballotId: string, token: unknown): Promise<OpenedBallot | null> {
    return this.withBallot(ballotId, token, (tx, ballot, keys) => this.opened(tx, keys, ballotId, ballot));
  }

  /**
   * The packet exactly as the download serves it (rendered again, checked against the recorded
   * hash) with its voting targets, for the marking page; null for a wrong link.
   */
  async forMarking(ballotId: string, token: unknown): Promise<MarkingMaterial | null> {
    return this.withBallot(ballotId, token, async (tx, ballot, keys) => {
      const opened = await this.opened(tx, keys, ballotId, ballot);
      if (opened === null) return null;
      const { packet, input } = await this.renderedWithInput(tx, keys, ballotId, ballot);
      const targets = await ballotTargets(
        ballotElectionOf(input),
        input.styleId,
        input.paperSize,
        packet.parts.ballot[0] - 1,
        ballotWordsOf(input),
      );
      return { ballot: opened, packet, targets };
    });
  }

  private async opened(
    tx: EntityManager,
    keys: JurisdictionKeys,
    ballotId: string,
    ballot: BallotPacketRecord,
  ): Promise<OpenedBallot | null> {
    const [election, jurisdiction] = await Promise.all([
      findElection(tx, keys.jurisdictionId, ballot.electionId),
      findJurisdiction(tx, keys.jurisdictionId),
    ]);
    if (election === undefined) return null;
    const definition = election.definition;
    const style = definition.ballotStyles.find((s) => s.id === ballot.styleId);
    const byId = new Map(definition.contests.map((c) => [c.id, c]));
    return {
      ballotId,
      jurisdictionId: keys.jurisdictionId,
      status: ballot.status,
      pageCount: ballot.pageCount,
      paperSize: ballot.paperSize,
      electionName: definition.name,
      electionDate: election.date,
      jurisdictionName: jurisdiction?.name ?? keys.jurisdictionId,
      contests: (style?.contestIds ?? []).flatMap((id) => byId.get(id) ?? []),
    };
  }

  /** The packet PDF, rendered again and checked against the recorded hash; null for a wrong link. */
  async pdf(ballotId: string, token: unknown): Promise<PacketResult | null> {
    return this.withBallot(ballotId, token, (tx, ballot, keys) => this.rendered(tx, keys, ballotId, ballot));
  }

  /**
   * The packet of a ballot of the office (`keys.jurisdictionId`), for the office's print batches and
   * fax downloads, in the caller's tenant transaction: rendered again and checked against the recorded
   * hash exactly like the voter's download (a difference re-issues it). Undefined for no such ballot.
   */
  async forOffice(
    tx: EntityManager,
    keys: JurisdictionKeys,
    ballotId: string,
  ): Promise<PacketResult | undefined> {
    const ballot = isUuid(ballotId) ? await ballotPacketRecord(tx, keys.jurisdictionId, ballotId) : undefined;
    return ballot && this.rendered(tx, keys, ballotId, ballot);
  }

  private async rendered(
    tx: EntityManager,
    keys: JurisdictionKeys,
    ballotId: string,
    ballot: BallotPacketRecord,
  ): Promise<PacketResult> {
    return (await this.renderedWithInput(tx, keys, ballotId, ballot)).packet;
  }

  private async renderedWithInput(
    tx: EntityManager,
    keys: JurisdictionKeys,
    ballotId: string,
    ballot: BallotPacketRecord,
  ): Promise<{ packet: PacketResult; input: PacketInput }> {
    const input = await loadPacketInput(tx, keys, {
      requestId: ballot.requestId,
      electionId: ballot.electionId,
      ballotId,
      styleId: ballot.styleId,
    });
    const rendered = await renderPacket(input, this.styles);
    if (rendered.sha256 !== ballot.pdfSha256) await this.reissue(tx, keys, ballotId, ballot, rendered);
    return { packet: rendered, input };
  }

  /**
   * Records `rendered` as the ballot's packet (in the download's transaction) with the event and the
   * audit entry. If a concurrent download re-issued it first, its bytes must be these.
   */
  private async reissue(
    tx: EntityManager,
    keys: JurisdictionKeys,
    ballotId: string,
    ballot: BallotPacketRecord,
    rendered: PacketResult,
  ): Promise<void> {
    const reason = regenerationReason(
      { rendererVersion: ballot.rendererVersion, inputsSha256: ballot.inputsSha256 },
      rendered,
    );
    const jurisdictionId = keys.jurisdictionId;
    const event = newEvent(
      'uocava.ballot.packet-regenerated.v1',
      {
        requestId: ballot.requestId,
        ballotId,
        jurisdictionId,
        electionId: ballot.electionId,
        reason,
        previousPdfSha256: ballot.pdfSha256,
        pdfSha256: rendered.sha256,
        rendererVersion: rendered.rendererVersion,
        regeneratedAt: this.clock.nowIso(),
      },
      SOURCE,
    );
    const reissued = await recordPacketRegeneration(tx, {
      jurisdictionId,
      ballotId,
      requestId: ballot.requestId,
      reason,
      previousPdfSha256: ballot.pdfSha256,
      pdfSha256: rendered.sha256,
      previousRendererVersion: ballot.rendererVersion,
      rendererVersion: rendered.rendererVersion,
      previousInputsSha256: ballot.inputsSha256,
      inputsSha256: rendered.inputsSha256,
      eventId: event.id,
    });
    if (!reissued) {
      const now = await recordedPdfSha256(tx, jurisdictionId, ballotId);
      if (now === rendered.sha256) return;
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
        previousPdfSha256: ballot.pdfSha256,
        pdfSha256: rendered.sha256,
        previousRendererVersion: ballot.rendererVersion,
        rendererVersion: rendered.rendererVersion,
      },
    });
    regenerations.inc({ reason });
    const log = reason === 'mismatch' ? console.error : console.warn;
    log(`[gateway] packet of ballot ${ballotId} re-issued on download (${reason})`);
  }
}
