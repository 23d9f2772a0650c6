import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ballotsOfRequest,
  findJurisdiction,
  findTenant,
  KeyRing,
  logVerifierKeys,
  outboxEventData,
  requestByTrackingCode,
  requestSteps,
  tenantHandle,
  withTenant,
  type VoterBallotRow,
} from '@uocava/database';
import {
  fwabPacketAvailable,
  isTrackingCode,
  isRealIsoDate,
  type BallotStatus,
  type RequestStatus,
} from '@uocava/domain';
import { downloadToken } from '@uocava/packets';
import { voterDocumentsToken } from '../cure-documents/voter-documents-token';
import {
  WITNESS_POLICY_SETTING,
  parseWitnessPolicySetting,
  verifier,
  type WitnessPolicyConfig,
} from '@uocava/transparency';

export interface TrackingStep {
  eventId: string;
  type: string;
  ballotId: string | null;
  at: string;
  leafIndex: number | null;
  receipt: unknown;
}

/** What the public tracking API answers (GET /api/v1/tracking/{code}). */
export interface TrackingView {
  trackingCode: string;
  requestId: string;
  jurisdictionId: string;
  status: RequestStatus;
  reasons: string[];
  receivedAt: string;
  ballots: Array<{ ballotId: string; electionId: string; status: BallotStatus }>;
  steps: TrackingStep[];
}

/** The voter's own view (tracking code + date of birth): adds what only the voter should see. */
export interface VoterTrackingView extends TrackingView {
  jurisdictionName: string;
  ballots: Array<
    TrackingView['ballots'][number] & {
      electionName: string;
      electionDate: string;
      decisionReasons: string[];
      cureDeadline: string | null;
      /** the office's UTC offset, to show its deadlines at the office's time too */
      officeUtcOffset: string | null;
      /** the unguessable packet token (as in the e-mail link) while the ballot is out */
      downloadToken: string | null;
    }
  >;
  /** token of the voter's documents links (cure affidavit, its upload, FWAB packet; cure-documents) */
  documentsToken: string;
  /** whether the FWAB packet is offered (no state ballot back at the office yet) */
  fwabPacket: boolean;
  /** verifier keys of the jurisdiction's log (every epoch), for checking receipts in the browser */
  logKeys: string[];
  /**
   * The office's witness policy (issue 18), when it has one: which independent witnesses must
   * countersign, and how many; with, per step, who did (cosignatures checked here; the page's
   * verifier checks them again in the browser).
   */
  witnessPolicy?: { quorum: number; witnesses: Array<{ name: string; key: string }> };
  witnessedBy?: Record<string, string[]>;
  /**
   * Per packet step (event id of `ballot.generated` / `ballot.packet-regenerated`), the event's
   * data as logged: the page shows its `pdfSha256` and checks a dropped PDF against it and the
   * receipt (SHA-256 of the JCS-canonical data is the entry's `dataSha256`).
   */
  packets?: Record<string, { pdfSha256: string; data: unknown }>;
}

const PACKET_EVENTS = ['uocava.ballot.generated.v1', 'uocava.ballot.packet-regenerated.v1'];

/** Per step (event id), the names of the policy's witnesses whose cosignature of its receipt verifies. */
function witnessesOfSteps(
  steps: TrackingView['steps'],
  policy: WitnessPolicyConfig,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of steps) {
    const checkpoint = (s.receipt as { checkpoint?: unknown } | null)?.checkpoint;
    if (typeof checkpoint !== 'string') continue;
    const v = verifier.verifyCosignatures(
      checkpoint,
      policy.witnesses.map((w) => w.key),
    );
    if (v.ok && v.value.cosigned.length > 0) out[s.eventId] = v.value.cosigned.map((c) => c.name);
  }
  return out;
}

/** Ballots the voter can still download: not yet back at the office. */
const DOWNLOADABLE: readonly BallotStatus[] = ['generated', 'transmitted'];

export function normaliseTrackingCode(code: string): string | null {
  const normalised = code.trim().toUpperCase();
  return isTrackingCode(normalised) ? normalised : null;
}

@Injectable()
export class TrackingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  /**
   * The jurisdiction a tracking code belongs to: the code is the only way in. The tenant directory
   * maps it (by its SHA-256) to one jurisdiction; everything else is read inside that scope.
   */
  private async jurisdictionOf(code: string): Promise<string | null> {
    return (await findTenant(this.ds, 'tracking-code', tenantHandle(code))) ?? null;
  }

  /** The public view of a tracking code, or null when there is no such code. */
  async track(code: string): Promise<TrackingView | null> {
    const normalised = normaliseTrackingCode(code);
    if (normalised === null) return null;
    const jurisdictionId = await this.jurisdictionOf(normalised);
    if (jurisdictionId === null) return null;
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const view = await this.read(tx, jurisdictionId, normalised);
      return view?.view ?? null;
    });
  }

  /**
   * The voter's view, only when the date of birth matches the request's. A wrong code and a wrong
   * date give the same answer (null), so nobody can learn which codes exist.
   */
  async trackForVoter(code: string, dateOfBirth: string): Promise<VoterTrackingView | null> {
    const normalised = normaliseTrackingCode(code);
    if (normalised === null || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth) || !isRealIsoDate(dateOfBirth))
      return null;
    const jurisdictionId = await this.jurisdictionOf(normalised);
    if (jurisdictionId === null) return null;
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const found = await this.read(tx, jurisdictionId, normalised);
      if (found === null) return null;
      const offered = Buffer.from(keys.keyedHash('dob', dateOfBirth), 'utf8');
      const expected = Buffer.from(found.dobHash, 'utf8');
      if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) return null;
      const j = await findJurisdiction(tx, jurisdictionId);
      const logKeys = await logVerifierKeys(tx, jurisdictionId);
      let policy: WitnessPolicyConfig | null = null;
      try {
        policy = parseWitnessPolicySetting(j?.settings[WITNESS_POLICY_SETTING]);
      } catch {
        policy = null; // a malformed policy: receipts stay pending (receipts app), nothing to show
      }
      const packetSteps = found.view.steps.filter(
        (s) => PACKET_EVENTS.includes(s.type) && s.receipt !== null,
      );
      const data = await outboxEventData(
        tx,
        packetSteps.map((s) => s.eventId),
      );
      const packets: Record<string, { pdfSha256: string; data: unknown }> = {};
      for (const s of packetSteps) {
        const d = data.get(s.eventId);
        const pdfSha256 = (d as { pdfSha256?: unknown } | undefined)?.pdfSha256;
        if (typeof pdfSha256 === 'string') packets[s.eventId] = { pdfSha256, data: d };
      }
      return {
        ...found.view,
        jurisdictionName: j?.name ?? jurisdictionId,
        documentsToken: voterDocumentsToken(keys, found.view.requestId),
        fwabPacket: fwabPacketAvailable(found.ballots.map((b) => b.status)),
        logKeys,
        ...(Object.keys(packets).length === 0 ? {} : { packets }),
        ...(policy === null
          ? {}
          : {
              witnessPolicy: {
                quorum: policy.quorum,
                witnesses: policy.witnesses.map((w) => ({ name: w.name, key: w.verifierKey })),
              },
              witnessedBy: witnessesOfSteps(found.view.steps, policy),
            }),
        ballots: found.ballots.map((b) => ({
          ballotId: b.ballot_id,
          electionId: b.election_id,
          status: b.status,
          electionName: b.election_name,
          electionDate: b.election_date,
          decisionReasons: b.decision_reasons ?? [],
          cureDeadline: b.cure_deadline?.toISOString() ?? null,
          officeUtcOffset: b.office_utc_offset,
          downloadToken: DOWNLOADABLE.includes(b.status) ? downloadToken(keys, b.ballot_id) : null,
        })),
      };
    });
  }

  private async read(
    tx: EntityManager,
    jurisdictionId: string,
    code: string,
  ): Promise<{ view: TrackingView; ballots: VoterBallotRow[]; dobHash: string } | null> {
    const request = await requestByTrackingCode(tx, jurisdictionId, code);
    if (request === undefined) return null;
    const steps = await requestSteps(tx, jurisdictionId, request.request_id);
    const ballots = await ballotsOfRequest(tx, jurisdictionId, request.request_id);
    return {
      dobHash: request.dob_hash,
      ballots,
      view: {
        trackingCode: code,
        requestId: request.request_id,
        jurisdictionId,
        status: request.status,
        reasons: request.reasons,
        receivedAt: request.received_at.toISOString(),
        ballots: ballots.map((b) => ({ ballotId: b.ballot_id, electionId: b.election_id, status: b.status })),
        steps: steps.map((s) => ({
          eventId: s.event_id,
          type: s.event_type,
          ballotId: s.ballot_id,
          at: s.occurred_at.toISOString(),
          leafIndex: s.leaf_index === null ? null : Number(s.leaf_index),
          receipt: s.receipt,
        })),
      },
    };
  }
}
