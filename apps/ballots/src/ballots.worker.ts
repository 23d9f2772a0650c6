import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import {
  ballotExists,
  ballotPacketRecord,
  federalElectionsBetween,
  findElection,
  hasReplacement,
  insertBallot,
  KeyRing,
  requestStyleInputs,
  verifiedRequestsWithoutBallot,
  type JurisdictionKeys,
  type StyleInputs,
} from '@uocava/database';
import { BallotStyleCache, renderPacket } from '@uocava/ballot-pdf';
import { selectBallotStyle, type BallotDeliveryMethod, type ElectionDefinition } from '@uocava/domain';
import {
  enqueueOutboxRows,
  newEvent,
  outboxRowOf,
  type CloudEvent,
  type HandlerMap,
} from '@uocava/messaging';
import { downloadToken, loadPacketInput } from '@uocava/packets';
import { counter, EventWorker } from '@uocava/platform';

export const SOURCE = 'urn:uocava:ballots';

/** Delivery methods where the packet is available to the voter as soon as it is generated. */
const ELECTRONIC: readonly BallotDeliveryMethod[] = ['email', 'online'];

/** Verified requests read per query when an election defined later is issued to them. */
export const ISSUE_BATCH = 200;

/** Packets rendered and stored (rate: packets per second), by whether they went out or are held. */
const packetsGenerated = counter(
  'uocava_packets_generated_total',
  'Ballot packets generated (rendered and stored with their ballot), by outcome (issued, held for the office)',
  ['outcome'],
);

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The voter's style for one election, or undefined when the office must assign it. */
export function styleFor(election: ElectionDefinition, request: StyleInputs): string | undefined {
  const style = selectBallotStyle(election, {
    precinct: request.precinct ?? undefined,
    party: request.party ?? request.rollParty ?? undefined,
  });
  return style.kind === 'style' ? style.styleId : undefined;
}

@Injectable()
export class BallotsWorker extends EventWorker {
  protected readonly name = 'ballots';
  protected readonly topics = [TOPICS.requests, TOPICS.elections, TOPICS.ballots];
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
      'uocava.ballot.voided.v1': (event, tx) => this.issueReplacement(event, tx),
    };
  }

  /**
   * A reissued ballot (void, `replacement: true`): its replacement, with the same style, unless the
   * request no longer stands (cancelled since) or the replacement exists (a replay).
   */
  private async issueReplacement(
    event: CloudEvent<'uocava.ballot.voided.v1'>,
    tx: EntityManager,
  ): Promise<void> {
    const { requestId, jurisdictionId, electionId, ballotId, replacement } = event.data;
    if (!replacement || (await hasReplacement(tx, ballotId))) return;
    const old = await ballotPacketRecord(tx, jurisdictionId, ballotId);
    const request = await requestStyleInputs(tx, jurisdictionId, requestId, { verifiedOnly: true });
    if (!old || !request) return;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    await this.issue(tx, keys, jurisdictionId, request, electionId, old.styleId, ballotId);
  }

  /**
   * An FPCA covers every federal election of the jurisdiction through its last valid day (the
   * state's rule, docs/state-rules.md; the end of the calendar year without a table): one packet
   * per such election that has not happened yet.
   */
  private async issueToRequest(
    event: CloudEvent<'uocava.request.verified.v1'>,
    tx: EntityManager,
  ): Promise<void> {
    const { requestId, jurisdictionId } = event.data;
    const request = await requestStyleInputs(tx, jurisdictionId, requestId);
    if (!request) return;
    const elections = await federalElectionsBetween(
      tx,
      jurisdictionId,
      event.time.slice(0, 10),
      request.fpcaValidThrough,
    );
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    for (const election of elections) {
      const styleId = styleFor(election.definition, request);
      if (styleId === undefined) continue; // listed for the office to assign a style
      await this.issue(tx, keys, jurisdictionId, request, election.electionId, styleId);
    }
  }

  /**
   * An election defined after requests were verified: every verified request of the jurisdiction
   * whose FPCA covers the election's date gets its ballot, read in batches of ISSUE_BATCH.
   * Idempotent through UNIQUE(request_id, election_id).
   */
  private async issueElection(
    event: CloudEvent<'uocava.election.defined.v1'>,
    tx: EntityManager,
  ): Promise<void> {
    const { electionId, jurisdictionId } = event.data;
    const election = await findElection(tx, jurisdictionId, electionId);
    if (!election || !election.federal || election.date < event.time.slice(0, 10)) return; // not federal, or past
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    let after = NIL_UUID;
    for (;;) {
      const batch = await verifiedRequestsWithoutBallot(
        tx,
        jurisdictionId,
        { electionId, date: election.date },
        { after, limit: ISSUE_BATCH, order: 'request-id' },
      );
      for (const request of batch) {
        const styleId = styleFor(election.definition, request);
        if (styleId !== undefined) await this.issue(tx, keys, jurisdictionId, request, electionId, styleId);
      }
      if (batch.length < ISSUE_BATCH) return;
      after = batch[batch.length - 1].requestId;
    }
  }

  /** The office chose the style: the ballot is generated with it. */
  private async issueAssigned(
    event: CloudEvent<'uocava.request.style-assigned.v1'>,
    tx: EntityManager,
  ): Promise<void> {
    const { requestId, jurisdictionId, electionId, ballotStyleId } = event.data;
    const request = await requestStyleInputs(tx, jurisdictionId, requestId, { verifiedOnly: true });
    if (!request) return;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    await this.issue(tx, keys, jurisdictionId, request, electionId, ballotStyleId);
  }

  /** Renders, stores and announces one ballot (`replaces`: the void ballot it replaces); nothing if the request has it already. */
  private async issue(
    tx: EntityManager,
    keys: JurisdictionKeys,
    jurisdictionId: string,
    request: StyleInputs,
    electionId: string,
    styleId: string,
    replaces?: string,
  ): Promise<void> {
    const requestId = request.requestId;
    if (await ballotExists(tx, requestId, electionId)) return;
    const ballotId = randomUUID();
    const ref = { requestId, electionId, ballotId, styleId };
    const packet = await renderPacket(await loadPacketInput(tx, keys, ref), this.styles);
    const now = new Date().toISOString();
    // election text no font can draw is refused at import, so what is missing here is the voter's
    // own (name, address): the packet is held for the office instead of going out with boxes on it
    const held = packet.missingGlyphs.length > 0;
    const electronic = ELECTRONIC.includes(request.ballotDelivery);
    const sendNow = electronic && !held;
    const inserted = await insertBallot(tx, {
      ballotId,
      jurisdictionId,
      requestId,
      electionId,
      styleId,
      status: sendNow ? 'transmitted' : 'generated',
      pdfSha256: packet.sha256,
      pageCount: packet.pageCount,
      paperSize: packet.paperSize,
      downloadTokenHash: createHash('sha256').update(downloadToken(keys, ballotId)).digest('hex'),
      generatedAt: now,
      transmittedAt: sendNow ? now : null,
      rendererVersion: packet.rendererVersion,
      inputsSha256: packet.inputsSha256,
      heldCharacters: held ? packet.missingGlyphs : null,
      replacesBallotId: replaces ?? null,
    });
    if (!inserted) return; // this request already has its ballot for that election
    packetsGenerated.inc({ outcome: held ? 'held' : 'issued' });
    const base = { requestId, ballotId, jurisdictionId, electionId };
    // generated, and transmitted when it went out: one outbox INSERT
    const events = [
      outboxRowOf(
        newEvent(
          'uocava.ballot.generated.v1',
          {
            ...base,
            ballotStyleId: styleId,
            pdfSha256: packet.sha256,
            pageCount: packet.pageCount,
            paperSize: packet.paperSize,
            missingGlyphs: packet.missingGlyphs,
            ...(replaces !== undefined ? { replacesBallotId: replaces } : {}),
            generatedAt: now,
          },
          SOURCE,
        ),
      ),
    ];
    if (held)
      console.warn(
        `[ballots] packet ${ballotId} held: ${packet.missingGlyphs.length} character(s) of the voter's text have no glyph`,
      );
    if (sendNow)
      events.push(
        outboxRowOf(
          newEvent(
            'uocava.ballot.transmitted.v1',
            { ...base, method: request.ballotDelivery, transmittedAt: now },
            SOURCE,
          ),
        ),
      );
    await enqueueOutboxRows(tx, events);
  }
}
