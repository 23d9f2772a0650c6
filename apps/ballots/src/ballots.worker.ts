import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { EntityManager } from 'typeorm';
import { TOPICS, type EventType } from '@uocava/contracts';
import {
  ballotExists,
  ballotPacketRecord,
  federalElectionsBetween,
  findElection,
  hasReplacement,
  insertBallots,
  KeyRing,
  requestStyleInputs,
  verifiedRequestsWithoutBallot,
  type JurisdictionKeys,
  type NewBallot,
  type StyleInputs,
} from '@uocava/database';
import { packetRenderer, type PacketInput, type PacketRenderer, type PacketResult } from '@uocava/ballot-pdf';
import {
  renderThreads,
  selectBallotStyle,
  type BallotDeliveryMethod,
  type ElectionDefinition,
} from '@uocava/domain';
import {
  currentTraceContext,
  enqueueEvents,
  newEvent,
  RunItemError,
  type CloudEvent,
  type HandlerMap,
  type RunHandler,
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
  /**
   * renders packets in BALLOTS_RENDER_THREADS worker threads (each with its own style cache, so
   * each ballot style is rendered once per thread), or on the event loop for 0
   */
  private readonly renderer: PacketRenderer = packetRenderer(
    renderThreads(process.env, availableParallelism()),
  );

  constructor(private readonly keyRing: KeyRing) {
    super();
  }

  protected handlers(): HandlerMap {
    const alone =
      <T extends EventType>(
        fn: (event: CloudEvent<T>, tx: EntityManager, batch: PacketBatch) => Promise<void>,
      ) =>
      async (event: CloudEvent<T>, tx: EntityManager) => {
        const batch = new PacketBatch(this.renderer);
        await fn(event, tx, batch);
        await batch.flush(tx);
      };
    return {
      'uocava.request.verified.v1': alone((event, tx, batch) => this.issueToRequest(event, tx, batch)),
      'uocava.election.defined.v1': alone((event, tx, batch) => this.issueElection(event, tx, batch)),
      'uocava.request.style-assigned.v1': alone((event, tx, batch) => this.issueAssigned(event, tx, batch)),
      'uocava.ballot.voided.v1': alone((event, tx, batch) => this.issueReplacement(event, tx, batch)),
    };
  }

  /**
   * A Kafka batch of one jurisdiction (one transaction): the packets of a run of verified requests
   * are read one request after the other, rendered together in the pool, and stored in one INSERT
   * with their events in another. Any other event flushes what is pending first and is applied
   * alone, in order, so it sees every ballot issued before it.
   */
  protected override runHandler(): RunHandler {
    const handlers = this.handlers();
    return async (events, tx) => {
      const batch = new PacketBatch(this.renderer);
      for (const event of events) {
        if (event.type === 'uocava.request.verified.v1') {
          batch.eventId = event.id;
          try {
            await this.issueToRequest(event as CloudEvent<'uocava.request.verified.v1'>, tx, batch);
          } catch (error) {
            throw new RunItemError(event.id, error);
          }
          continue;
        }
        await batch.flush(tx);
        const handler = handlers[event.type as keyof HandlerMap] as
          ((e: CloudEvent, t: EntityManager) => Promise<void>) | undefined;
        try {
          await handler?.(event, tx);
        } catch (error) {
          throw new RunItemError(event.id, error);
        }
      }
      await batch.flush(tx);
    };
  }

  override async beforeApplicationShutdown(): Promise<void> {
    await super.beforeApplicationShutdown();
    await this.renderer.close();
  }

  /**
   * A reissued ballot (void, `replacement: true`): its replacement, with the same style, unless the
   * request no longer stands (cancelled since) or the replacement exists (a replay).
   */
  private async issueReplacement(
    event: CloudEvent<'uocava.ballot.voided.v1'>,
    tx: EntityManager,
    batch: PacketBatch,
  ): Promise<void> {
    const { requestId, jurisdictionId, electionId, ballotId, replacement } = event.data;
    if (!replacement || (await hasReplacement(tx, ballotId))) return;
    const old = await ballotPacketRecord(tx, jurisdictionId, ballotId);
    const request = await requestStyleInputs(tx, jurisdictionId, requestId, { verifiedOnly: true });
    if (!old || !request) return;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    await this.issue(tx, batch, keys, jurisdictionId, request, electionId, old.styleId, ballotId);
  }

  /**
   * An FPCA covers every federal election of the jurisdiction through its last valid day (the
   * state's rule, docs/state-rules.md; the end of the calendar year without a table): one packet
   * per such election that has not happened yet.
   */
  private async issueToRequest(
    event: CloudEvent<'uocava.request.verified.v1'>,
    tx: EntityManager,
    batch: PacketBatch,
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
      await this.issue(tx, batch, keys, jurisdictionId, request, election.electionId, styleId);
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
    batch: PacketBatch,
  ): Promise<void> {
    const { electionId, jurisdictionId } = event.data;
    const election = await findElection(tx, jurisdictionId, electionId);
    if (!election || !election.federal || election.date < event.time.slice(0, 10)) return; // not federal, or past
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    let after = NIL_UUID;
    for (;;) {
      const page = await verifiedRequestsWithoutBallot(
        tx,
        jurisdictionId,
        { electionId, date: election.date },
        { after, limit: ISSUE_BATCH, order: 'request-id' },
      );
      for (const request of page) {
        const styleId = styleFor(election.definition, request);
        if (styleId !== undefined)
          await this.issue(tx, batch, keys, jurisdictionId, request, electionId, styleId);
      }
      await batch.flush(tx); // a page of packets rendered together and stored together
      if (page.length < ISSUE_BATCH) return;
      after = page[page.length - 1].requestId;
    }
  }

  /** The office chose the style: the ballot is generated with it. */
  private async issueAssigned(
    event: CloudEvent<'uocava.request.style-assigned.v1'>,
    tx: EntityManager,
    batch: PacketBatch,
  ): Promise<void> {
    const { requestId, jurisdictionId, electionId, ballotStyleId } = event.data;
    const request = await requestStyleInputs(tx, jurisdictionId, requestId, { verifiedOnly: true });
    if (!request) return;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    await this.issue(tx, batch, keys, jurisdictionId, request, electionId, ballotStyleId);
  }

  /**
   * Reads what one ballot's packet is drawn from and adds it to `batch`, which renders, stores and
   * announces it (`replaces`: the void ballot it replaces); nothing if the request has it already.
   */
  private async issue(
    tx: EntityManager,
    batch: PacketBatch,
    keys: JurisdictionKeys,
    jurisdictionId: string,
    request: StyleInputs,
    electionId: string,
    styleId: string,
    replaces?: string,
  ): Promise<void> {
    const requestId = request.requestId;
    if (batch.has(requestId, electionId) || (await ballotExists(tx, requestId, electionId))) return;
    const ballotId = randomUUID();
    const ref = { requestId, electionId, ballotId, styleId };
    batch.add({
      input: await loadPacketInput(tx, keys, ref),
      ...ref,
      jurisdictionId,
      delivery: request.ballotDelivery,
      downloadTokenHash: createHash('sha256').update(downloadToken(keys, ballotId)).digest('hex'),
      replaces,
    });
  }
}

/** One packet read and waiting to be rendered and stored. */
export interface PendingPacket {
  input: PacketInput;
  ballotId: string;
  requestId: string;
  electionId: string;
  styleId: string;
  jurisdictionId: string;
  delivery: BallotDeliveryMethod;
  downloadTokenHash: string;
  replaces?: string;
  /** the event that asked for it (a run's RunItemError names it when its packet fails) */
  eventId?: string;
  /** the trace context it was read in: its events carry it */
  trace: { traceparent?: string; tracestate?: string };
}

/**
 * The packets of one transaction, each rendered (in the render pool) as soon as it is read, and stored in one
 * INSERT of ballots plus one of their events: a ballot and its events commit together, and a
 * request that already has its ballot (stored before, or earlier in the batch) gets none.
 */
export class PacketBatch {
  private pending: PendingPacket[] = [];
  private renders: Array<Promise<{ ok: true; result: PacketResult } | { ok: false; error: unknown }>> = [];
  private readonly keys = new Set<string>();
  /** the event being applied (set by the run handler) */
  eventId?: string;

  constructor(private readonly renderer: PacketRenderer) {}

  has(requestId: string, electionId: string): boolean {
    return this.keys.has(`${requestId}/${electionId}`);
  }

  /**
   * Adds a packet and starts rendering it at once (in the pool: while the next requests are read,
   * the threads render those read before); flush waits for them all.
   */
  add(packet: Omit<PendingPacket, 'eventId' | 'trace'>): void {
    this.keys.add(`${packet.requestId}/${packet.electionId}`);
    const eventId = this.eventId;
    this.pending.push({ ...packet, eventId, trace: currentTraceContext() });
    // settled here so that a failure waits for flush instead of being an unhandled rejection
    this.renders.push(
      this.renderer.render(packet.input).then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({
          ok: false as const,
          error: eventId !== undefined ? new RunItemError(eventId, error) : error,
        }),
      ),
    );
  }

  async flush(tx: EntityManager): Promise<void> {
    const packets = this.pending;
    const renders = this.renders;
    this.pending = [];
    this.renders = [];
    this.keys.clear();
    if (packets.length === 0) return;
    const rendered: PacketResult[] = [];
    for (const outcome of await Promise.all(renders)) {
      if (!outcome.ok) throw outcome.error;
      rendered.push(outcome.result);
    }
    const now = new Date().toISOString();
    const rows = packets.map((p, i): NewBallot & { held: boolean; sendNow: boolean } => {
      const packet = rendered[i];
      // election text no font can draw is refused at import, so what is missing here is the voter's
      // own (name, address): the packet is held for the office instead of going out with boxes on it
      const held = packet.missingGlyphs.length > 0;
      const sendNow = ELECTRONIC.includes(p.delivery) && !held;
      return {
        ballotId: p.ballotId,
        jurisdictionId: p.jurisdictionId,
        requestId: p.requestId,
        electionId: p.electionId,
        styleId: p.styleId,
        status: sendNow ? 'transmitted' : 'generated',
        pdfSha256: packet.sha256,
        pageCount: packet.pageCount,
        paperSize: packet.paperSize,
        downloadTokenHash: p.downloadTokenHash,
        generatedAt: now,
        transmittedAt: sendNow ? now : null,
        rendererVersion: packet.rendererVersion,
        inputsSha256: packet.inputsSha256,
        heldCharacters: held ? packet.missingGlyphs : null,
        replacesBallotId: p.replaces ?? null,
        held,
        sendNow,
      };
    });
    const stored = await insertBallots(
      tx,
      rows.map(({ held: _held, sendNow: _sendNow, ...ballot }) => ballot),
    );
    const events: Array<CloudEvent<EventType>> = [];
    rows.forEach((row, i) => {
      if (!stored.has(row.ballotId)) return; // this request already has its ballot for that election
      const p = packets[i];
      const packet = rendered[i];
      packetsGenerated.inc({ outcome: row.held ? 'held' : 'issued' });
      const base = {
        requestId: row.requestId,
        ballotId: row.ballotId,
        jurisdictionId: row.jurisdictionId,
        electionId: row.electionId,
      };
      events.push({
        ...p.trace,
        ...newEvent(
          'uocava.ballot.generated.v1',
          {
            ...base,
            ballotStyleId: row.styleId,
            pdfSha256: packet.sha256,
            pageCount: packet.pageCount,
            paperSize: packet.paperSize,
            missingGlyphs: packet.missingGlyphs,
            ...(p.replaces !== undefined ? { replacesBallotId: p.replaces } : {}),
            generatedAt: now,
          },
          SOURCE,
        ),
      });
      if (row.held)
        console.warn(
          `[ballots] packet ${row.ballotId} held: ${packet.missingGlyphs.length} character(s) of the voter's text have no glyph`,
        );
      if (row.sendNow)
        events.push({
          ...p.trace,
          ...newEvent(
            'uocava.ballot.transmitted.v1',
            { ...base, method: p.delivery, transmittedAt: now },
            SOURCE,
          ),
        });
    });
    await enqueueEvents(tx, events);
  }
}
