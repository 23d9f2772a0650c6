import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import { KeyRing } from '@uocava/database';
import { BallotStyleCache, renderPacket } from '@uocava/ballot-pdf';
import { selectBallotStyle, type BallotDeliveryMethod, type ElectionDefinition } from '@uocava/domain';
import { enqueueEvent, newEvent, type CloudEvent, type HandlerMap } from '@uocava/messaging';
import { downloadToken, EventWorker, loadPacketInput } from '@uocava/platform';

export const SOURCE = 'urn:uocava:ballots';

/** Delivery methods where the packet is available to the voter as soon as it is generated. */
const ELECTRONIC: readonly BallotDeliveryMethod[] = ['email', 'online'];

@Injectable()
export class BallotsWorker extends EventWorker {
  protected readonly name = 'ballots';
  protected readonly topics = [TOPICS.requests];
  /** each ballot style is rendered once per process and reused for every packet */
  private readonly styles = new BallotStyleCache(512);

  constructor(private readonly keyRing: KeyRing) {
    super();
  }

  protected handlers(): HandlerMap {
    return { 'uocava.request.verified.v1': (event, tx) => this.issueBallots(event, tx) };
  }

  /**
   * An FPCA covers every federal election of the jurisdiction through the end of the calendar
   * year: one packet per such election that has not happened yet.
   */
  private async issueBallots(
    event: CloudEvent<'uocava.request.verified.v1'>,
    tx: EntityManager,
  ): Promise<void> {
    const { requestId, jurisdictionId } = event.data;
    const [request]: Array<{
      covers_year: number;
      party: string | null;
      ballot_delivery: BallotDeliveryMethod;
      precinct: string | null;
      roll_party: string | null;
    }> = await tx.query(
      `SELECT r.covers_year, r.party, r.ballot_delivery, v.precinct, v.party AS roll_party
       FROM ballot_requests r LEFT JOIN voter_roll v ON v.roll_record_id = r.roll_record_id
       WHERE r.request_id = $1 AND r.jurisdiction_id = $2`,
      [requestId, jurisdictionId],
    );
    if (!request) return;
    const elections: Array<{ election_id: string; definition: ElectionDefinition }> = await tx.query(
      `SELECT election_id, definition FROM elections
       WHERE jurisdiction_id = $1 AND federal AND extract(year FROM election_date) = $2 AND election_date >= $3::date
       ORDER BY election_date`,
      [jurisdictionId, request.covers_year, event.time.slice(0, 10)],
    );
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    for (const election of elections) {
      const style = selectBallotStyle(election.definition, {
        precinct: request.precinct ?? undefined,
        party: request.party ?? request.roll_party ?? undefined,
      });
      if (style.kind !== 'style') continue; // listed for the office to assign a style
      const ballotId = randomUUID();
      const ref = { requestId, electionId: election.election_id, ballotId, styleId: style.styleId };
      const packet = await renderPacket(await loadPacketInput(tx, keys, ref), this.styles);
      const now = new Date().toISOString();
      const electronic = ELECTRONIC.includes(request.ballot_delivery);
      const inserted: unknown[] = await tx.query(
        `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
           page_count, paper_size, download_token_hash, generated_at, transmitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (request_id, election_id) DO NOTHING RETURNING ballot_id`,
        [
          ballotId,
          jurisdictionId,
          requestId,
          election.election_id,
          style.styleId,
          electronic ? 'transmitted' : 'generated',
          packet.sha256,
          packet.pageCount,
          packet.paperSize,
          createHash('sha256').update(downloadToken(keys, ballotId)).digest('hex'),
          now,
          electronic ? now : null,
        ],
      );
      if (inserted.length === 0) continue; // this request already has its ballot for that election
      const base = { requestId, ballotId, jurisdictionId, electionId: election.election_id };
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.generated.v1',
          {
            ...base,
            ballotStyleId: style.styleId,
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
}
