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
  insertBallots,
  KeyRing,
  liveBallotsOf,
  requestStyleInputs,
  requestStyleInputsOf,
  verifiedRequestsWithoutBallot,
  type ElectionRecord,
  type JurisdictionKeys,
  type NewBallot,
  type NewOutboxEvent,
  type StyleInputs,
} from '@uocava/database';
import { BallotStyleCache, renderPacket, type PacketInput } from '@uocava/ballot-pdf';
import { selectBallotStyle, type BallotDeliveryMethod, type ElectionDefinition } from '@uocava/domain';
import {
  enqueueOutboxRows,
  newEvent,
  outboxRowOf,
  type CloudEvent,
  type HandlerMap,
  type EventHandler,
  type RunHandler,
} from '@uocava/messaging';
import { downloadToken, loadPacketInput, loadPacketInputs } from '@uocava/packets';
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
      'uocava.request.verified.v1': (event, tx) => this.issueToRequests([event], tx),
      'uocava.election.defined.v1': (event, tx) => this.issueElection(event, tx),
      'uocava.request.style-assigned.v1': (event, tx) => this.issueAssigned(event, tx),
      'uocava.ballot.voided.v1': (event, tx) => this.issueReplacement(event, tx),
    };
  }

  /**
   * A run of one jurisdiction's events: each stretch of verified requests issued together
   * (`issueToRequests`), any other event on its own, in the run's order.
   */
  protected override runHandler(): RunHandler {
    const single = this.handlers();
    return async (events, tx) => {
      let verified: Array<CloudEvent<'uocava.request.verified.v1'>> = [];
      for (const event of [...events, undefined]) {
        if (event?.type === 'uocava.request.verified.v1') {
          verified.push(event as CloudEvent<'uocava.request.verified.v1'>);
          continue;
        }
        if (verified.length > 0) await this.issueToRequests(verified, tx);
        verified = [];
        if (event !== undefined) await (single[event.type] as EventHandler | undefined)?.(event, tx);
      }
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
    const ref = { requestId, electionId, ballotId: randomUUID(), styleId };
    const issued = await this.rendered(keys, request, ref, await loadPacketInput(tx, keys, ref), replaces);
    // false: this request already has its ballot for that election
    if (await insertBallot(tx, issued.ballot)) await this.announce(tx, [issued]);
  }

  /**
   * A run of verified requests of one jurisdiction, issued together: one query per step (the
   * requests, the elections each FPCA covers, the ballots they have, the packets' sources, the
   * ballots, their events) instead of about seven per packet; each packet rendered in turn.
   */
  private async issueToRequests(
    events: Array<CloudEvent<'uocava.request.verified.v1'>>,
    tx: EntityManager,
  ): Promise<void> {
    const jurisdictionId = events[0].data.jurisdictionId;
    const requests = await requestStyleInputsOf(
      tx,
      jurisdictionId,
      events.map((e) => e.data.requestId),
    );
    // the elections an FPCA covers from the event's day (docs/state-rules.md), per distinct cover
    const covered = new Map<string, ElectionRecord[]>();
    const planned: Array<{ request: StyleInputs; election: ElectionRecord; styleId: string }> = [];
    const taken = new Set<string>();
    for (const event of events) {
      const request = requests.get(event.data.requestId);
      if (!request) continue;
      const cover = `${event.time.slice(0, 10)}/${request.fpcaValidThrough}`;
      let elections = covered.get(cover);
      if (elections === undefined) {
        elections = await federalElectionsBetween(
          tx,
          jurisdictionId,
          event.time.slice(0, 10),
          request.fpcaValidThrough,
        );
        covered.set(cover, elections);
      }
      for (const election of elections) {
        const styleId = styleFor(election.definition, request);
        // no style: listed for the office to assign one; a request verified twice in a run: once
        if (styleId === undefined || taken.has(`${request.requestId}/${election.electionId}`)) continue;
        taken.add(`${request.requestId}/${election.electionId}`);
        planned.push({ request, election, styleId });
      }
    }
    const live = await liveBallotsOf(
      tx,
      planned.map(({ request, election }) => ({
        requestId: request.requestId,
        electionId: election.electionId,
      })),
    );
    const todo = planned
      .filter((_, i) => !live[i])
      .map((p) => ({
        ...p,
        ref: {
          requestId: p.request.requestId,
          electionId: p.election.electionId,
          ballotId: randomUUID(),
          styleId: p.styleId,
        },
      }));
    if (todo.length === 0) return;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    const inputs = await loadPacketInputs(
      tx,
      keys,
      todo.map((t) => t.ref),
      new Map(todo.map((t) => [t.election.electionId, t.election.definition])),
    );
    const issued: Issued[] = [];
    for (const [i, { request, ref }] of todo.entries()) {
      const input = inputs[i];
      if (input === undefined) throw new Error('ballot request or election not found');
      issued.push(await this.rendered(keys, request, ref, input));
    }
    const stored = await insertBallots(
      tx,
      issued.map((b) => b.ballot),
    );
    await this.announce(
      tx,
      issued.filter((b) => stored.has(b.ballot.ballotId.toLowerCase())),
    );
  }

  /** One packet rendered, and the ballot row that records it (`replaces`: the void ballot it replaces). */
  private async rendered(
    keys: JurisdictionKeys,
    request: StyleInputs,
    ref: { requestId: string; electionId: string; ballotId: string; styleId: string },
    input: PacketInput,
    replaces?: string,
  ): Promise<Issued> {
    const packet = await renderPacket(input, this.styles);
    const now = new Date().toISOString();
    // election text no font can draw is refused at import, so what is missing here is the voter's
    // own (name, address): the packet is held for the office instead of going out with boxes on it
    const held = packet.missingGlyphs.length > 0;
    const electronic = ELECTRONIC.includes(request.ballotDelivery);
    const sendNow = electronic && !held;
    return {
      packet,
      held,
      sendNow,
      delivery: request.ballotDelivery,
      ballot: {
        ballotId: ref.ballotId,
        jurisdictionId: keys.jurisdictionId,
        requestId: ref.requestId,
        electionId: ref.electionId,
        styleId: ref.styleId,
        status: sendNow ? 'transmitted' : 'generated',
        pdfSha256: packet.sha256,
        pageCount: packet.pageCount,
        paperSize: packet.paperSize,
        downloadTokenHash: createHash('sha256').update(downloadToken(keys, ref.ballotId)).digest('hex'),
        generatedAt: now,
        transmittedAt: sendNow ? now : null,
        rendererVersion: packet.rendererVersion,
        inputsSha256: packet.inputsSha256,
        heldCharacters: held ? packet.missingGlyphs : null,
        replacesBallotId: replaces ?? null,
      },
    };
  }

  /** The events of stored ballots (generated, and transmitted when it went out): one outbox INSERT. */
  private async announce(tx: EntityManager, issued: readonly Issued[]): Promise<void> {
    const events: NewOutboxEvent[] = [];
    for (const { ballot, packet, held, sendNow, delivery } of issued) {
      packetsGenerated.inc({ outcome: held ? 'held' : 'issued' });
      const base = {
        requestId: ballot.requestId,
        ballotId: ballot.ballotId,
        jurisdictionId: ballot.jurisdictionId,
        electionId: ballot.electionId,
      };
      const replaces = ballot.replacesBallotId ?? undefined;
      events.push(
        outboxRowOf(
          newEvent(
            'uocava.ballot.generated.v1',
            {
              ...base,
              ballotStyleId: ballot.styleId,
              pdfSha256: packet.sha256,
              pageCount: packet.pageCount,
              paperSize: packet.paperSize,
              missingGlyphs: packet.missingGlyphs,
              ...(replaces !== undefined ? { replacesBallotId: replaces } : {}),
              generatedAt: ballot.generatedAt,
            },
            SOURCE,
          ),
        ),
      );
      if (held)
        console.warn(
          `[ballots] packet ${ballot.ballotId} held: ${packet.missingGlyphs.length} character(s) of the voter's text have no glyph`,
        );
      if (sendNow)
        events.push(
          outboxRowOf(
            newEvent(
              'uocava.ballot.transmitted.v1',
              { ...base, method: delivery, transmittedAt: ballot.generatedAt },
              SOURCE,
            ),
          ),
        );
    }
    await enqueueOutboxRows(tx, events);
  }
}

/** A rendered packet and its ballot row, before it is stored. */
interface Issued {
  packet: Awaited<ReturnType<typeof renderPacket>>;
  held: boolean;
  sendNow: boolean;
  delivery: BallotDeliveryMethod;
  ballot: NewBallot;
}
