import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import { KeyRing, type JurisdictionKeys } from '@uocava/database';
import { BallotStyleCache, renderPacket } from '@uocava/ballot-pdf';
import { selectBallotStyle, type BallotDeliveryMethod, type ElectionDefinition } from '@uocava/domain';
import { enqueueEvent, newEvent, type CloudEvent, type HandlerMap } from '@uocava/messaging';
import { downloadToken, EventWorker, loadPacketInput } from '@uocava/platform';

export const SOURCE = 'urn:uocava:ballots';

/** Delivery methods where the packet is available to the voter as soon as it is generated. */
const ELECTRONIC: readonly BallotDeliveryMethod[] = ['email', 'online'];

/** Verified requests read per query when an election defined later is issued to them. */
export const ISSUE_BATCH = 200;

interface RequestRow {
  request_id: string;
  ballot_delivery: BallotDeliveryMethod;
  party: string | null;
  precinct: string | null;
  roll_party: string | null;
}

interface ElectionRow {
  election_id: string;
  definition: ElectionDefinition;
}

const REQUEST_COLUMNS = `r.request_id, r.ballot_delivery, r.party, v.precinct, v.party AS roll_party
  FROM ballot_requests r LEFT JOIN voter_roll v ON v.roll_record_id = r.roll_record_id`;

/** The voter's style for one election, or undefined when the office must assign it. */
export function styleFor(election: ElectionDefinition, request: RequestRow): string | undefined {
  const style = selectBallotStyle(election, {
    precinct: request.precinct ?? undefined,
    party: request.party ?? request.roll_party ?? undefined,
  });
  return style.kind === 'style' ? style.styleId : undefined;
}

@Injectable()
export class BallotsWorker extends EventWorker {
  protected readonly name = 'ballots';
  protected readonly topics = [TOPICS.requests, TOPICS.elections];
  /** each ballot style is rendered once per process and reused for every packet */
  private readonly styles = new BallotStyleCache(512);

  constructor(private readonly keyRing: KeyRing) {
    super();
  }

  protected handlers(): HandlerMap {
    return {
      'uocava.request.verified.v1': (event, tx) => this.issueToRequest(event, tx),
      'uocava.election.defined.v1': (event, tx) => this.issueElection(event, tx),
      'uocava.request.style-assigned.v1': (event, tx) => this.issueAssigned(event, tx),
    };
  }

  /**
   * An FPCA covers every federal election of the jurisdiction through the end of the calendar
   * year: one packet per such election that has not happened yet.
   */
  private async issueToRequest(
    event: CloudEvent<'uocava.request.verified.v1'>,
    tx: EntityManager,
  ): Promise<void> {
    const { requestId, jurisdictionId } = event.data;
    const [request]: Array<RequestRow & { covers_year: number }> = await tx.query(
      `SELECT r.covers_year, ${REQUEST_COLUMNS} WHERE r.request_id = $1 AND r.jurisdiction_id = $2`,
      [requestId, jurisdictionId],
    );
    if (!request) return;
    const elections: ElectionRow[] = await tx.query(
      `SELECT election_id, definition FROM elections
       WHERE jurisdiction_id = $1 AND federal AND extract(year FROM election_date) = $2 AND election_date >= $3::date
       ORDER BY election_date`,
      [jurisdictionId, request.covers_year, event.time.slice(0, 10)],
    );
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    for (const election of elections) {
      const styleId = styleFor(election.definition, request);
      if (styleId === undefined) continue; // listed for the office to assign a style
      await this.issue(tx, keys, jurisdictionId, request, election.election_id, styleId);
    }
  }

  /**
   * An election defined after requests were verified: every verified request of the jurisdiction
   * whose FPCA covers the election's year gets its ballot, read in batches of ISSUE_BATCH.
   * Idempotent through UNIQUE(request_id, election_id).
   */
  private async issueElection(
    event: CloudEvent<'uocava.election.defined.v1'>,
    tx: EntityManager,
  ): Promise<void> {
    const { electionId, jurisdictionId } = event.data;
    const [election]: Array<ElectionRow & { year: number }> = await tx.query(
      `SELECT election_id, definition, extract(year FROM election_date)::int AS year FROM elections
       WHERE election_id = $1 AND jurisdiction_id = $2 AND federal AND election_date >= $3::date`,
      [electionId, jurisdictionId, event.time.slice(0, 10)],
    );
    if (!election) return; // not federal, or already past
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch: RequestRow[] = await tx.query(
        `SELECT ${REQUEST_COLUMNS}
         WHERE r.jurisdiction_id = $1 AND r.status = 'verified' AND r.covers_year = $2 AND r.request_id > $3
           AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.request_id = r.request_id AND b.election_id = $4)
         ORDER BY r.request_id LIMIT ${ISSUE_BATCH}`,
        [jurisdictionId, election.year, after, electionId],
      );
      for (const request of batch) {
        const styleId = styleFor(election.definition, request);
        if (styleId !== undefined) await this.issue(tx, keys, jurisdictionId, request, electionId, styleId);
      }
      if (batch.length < ISSUE_BATCH) return;
      after = batch[batch.length - 1].request_id;
    }
  }

  /** The office chose the style: the ballot is generated with it. */
  private async issueAssigned(
    event: CloudEvent<'uocava.request.style-assigned.v1'>,
    tx: EntityManager,
  ): Promise<void> {
    const { requestId, jurisdictionId, electionId, ballotStyleId } = event.data;
    const [request]: RequestRow[] = await tx.query(
      `SELECT ${REQUEST_COLUMNS} WHERE r.request_id = $1 AND r.jurisdiction_id = $2 AND r.status = 'verified'`,
      [requestId, jurisdictionId],
    );
    if (!request) return;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    await this.issue(tx, keys, jurisdictionId, request, electionId, ballotStyleId);
  }

  /** Renders, stores and announces one ballot; nothing if the request has it already. */
  private async issue(
    tx: EntityManager,
    keys: JurisdictionKeys,
    jurisdictionId: string,
    request: RequestRow,
    electionId: string,
    styleId: string,
  ): Promise<void> {
    const requestId = request.request_id;
    const existing: unknown[] = await tx.query(
      `SELECT 1 FROM ballots WHERE request_id = $1 AND election_id = $2`,
      [requestId, electionId],
    );
    if (existing.length > 0) return;
    const ballotId = randomUUID();
    const ref = { requestId, electionId, ballotId, styleId };
    const packet = await renderPacket(await loadPacketInput(tx, keys, ref), this.styles);
    const now = new Date().toISOString();
    const electronic = ELECTRONIC.includes(request.ballot_delivery);
    const inserted: unknown[] = await tx.query(
      `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
         page_count, paper_size, download_token_hash, generated_at, transmitted_at, renderer_version, inputs_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (request_id, election_id) DO NOTHING RETURNING ballot_id`,
      [
        ballotId,
        jurisdictionId,
        requestId,
        electionId,
        styleId,
        electronic ? 'transmitted' : 'generated',
        packet.sha256,
        packet.pageCount,
        packet.paperSize,
        createHash('sha256').update(downloadToken(keys, ballotId)).digest('hex'),
        now,
        electronic ? now : null,
        packet.rendererVersion,
        packet.inputsSha256,
      ],
    );
    if (inserted.length === 0) return; // this request already has its ballot for that election
    const base = { requestId, ballotId, jurisdictionId, electionId };
    await enqueueEvent(
      tx,
      newEvent(
        'uocava.ballot.generated.v1',
        {
          ...base,
          ballotStyleId: styleId,
          pdfSha256: packet.sha256,
          pageCount: packet.pageCount,
          paperSize: packet.paperSize,
          missingGlyphs: packet.missingGlyphs,
          generatedAt: now,
        },
        SOURCE,
      ),
    );
    if (electronic) {
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.transmitted.v1',
          { ...base, method: request.ballot_delivery, transmittedAt: now },
          SOURCE,
        ),
      );
    }
  }
}
