import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { tenantsWhere, withTenant } from '@uocava/database';
import {
  assessReturn,
  csvField,
  BALLOT_DELIVERY_METHODS,
  BALLOT_REJECTION_TYPES,
  CURABLE_REASONS,
  dashboardCounts,
  emptyDashboard,
  decide,
  eavsFileName,
  eavsSectionBCsv,
  eavsSectionBRow,
  esbMethod,
  esbRequestStatus,
  esbVoterType,
  eventLogExport,
  fwabOnlyTransaction,
  moveActStatus,
  moveActSummary,
  resolveFwab,
  RETURN_METHODS,
  type BallotAction,
  type BallotDeliveryMethod,
  type BallotRejectionType,
  type BallotState,
  type BallotStatus,
  type CurableReason,
  type DashboardRow,
  type ElectionId,
  type ElectionSettings,
  type EsbBallotMethod,
  type FwabNotCountedReason,
  type IsoDate,
  type MoveActRow,
  type NistElectionEventLog,
  type RequestStatus,
  type ReturnAssessment,
  type ReturnLateReason,
  type ReturnMethod,
  type UocavaTransaction,
  type VoterClass,
} from '@uocava/domain';
import { enqueueEvent, newEvent, type CloudEvent } from '@uocava/messaging';
import { invalidRequest, notFound, ProblemException } from '@uocava/platform';
import type { OfficePrincipal } from '../office/office-auth';
import { esbStateName } from './states';

export const SOURCE = 'urn:uocava:gateway:office';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Jurisdiction settings read by the office operations (jurisdictions.settings jsonb). */
export interface OfficeSettings {
  /** days to transmit a request received after day 45 (MOVE Act monitor); default 3 */
  moveActTargetDays?: number;
  /** due within this many days counts as at risk; default 2 */
  moveActAtRiskDays?: number;
  /** accept a FWAB from an unregistered voter as their registration and application */
  fwabAsRegistration?: boolean;
  /** last day an application counts, as days before election day; default 7 */
  applicationDeadlineDaysBefore?: number;
  /** accept ballots that came back late (default false) */
  acceptLateReturns?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (name: string, message: string, code = 'invalid') => ({
  field: name,
  pointer: `/${name}`,
  code,
  message,
});
const bad = (name: string, message: string) => invalidRequest([field(name, message)]);

/** A stable UUID (version-5 layout over SHA-256) for an idempotent event id. */
function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name, 'utf8').digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function isoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10) as IsoDate;
}
function dateText(v: unknown): IsoDate {
  return (v instanceof Date ? isoDate(v) : String(v).slice(0, 10)) as IsoDate;
}
function addDays(date: string, days: number): IsoDate {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
}
function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

interface BallotRow {
  ballot_id: string;
  request_id: string;
  election_id: string;
  status: BallotStatus;
  return_timely: boolean | null;
  late_reason: ReturnLateReason | null;
  decision_reasons: string[] | null;
  cure_deadline: Date | null;
  returned_at: Date | null;
  return_method: ReturnMethod | null;
  postmark_date: string | null;
  settings: ElectionSettings;
  election_date: string;
}

function stateOf(b: BallotRow): BallotState {
  switch (b.status) {
    case 'returned': {
      const ret: ReturnAssessment =
        b.return_timely === false && b.late_reason !== null
          ? { timely: false, reason: b.late_reason }
          : { timely: true };
      return { status: 'returned', return: ret };
    }
    case 'cure-requested':
      return {
        status: 'cure-requested',
        reason: (b.decision_reasons?.[0] ?? 'other') as CurableReason,
        cureDeadline: (b.cure_deadline ?? new Date(0)).toISOString(),
      };
    case 'rejected': {
      const r = (b.decision_reasons ?? ['other']) as BallotRejectionType[];
      return { status: 'rejected', reasons: [r[0] ?? 'other', ...r.slice(1)] };
    }
    default:
      return { status: b.status };
  }
}

/** The election-office operations: returns, decisions, FWAB, work queue, monitor, reports. */
@Injectable()
export class OperationsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('office-operations');
  private timer?: NodeJS.Timeout;
  private summaryTimer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onModuleInit(): void {
    const every = Number(process.env.CURE_SWEEP_INTERVAL_MS ?? 60_000);
    if (every > 0) {
      this.timer = setInterval(() => {
        this.sweepAll(new Date()).catch((e: unknown) => this.log.warn(`cure sweep failed: ${String(e)}`));
      }, every);
      this.timer.unref();
    }
    // MOVE Act daily summaries: checked hourly, emitted once per election and day (deterministic id)
    const summaryEvery = Number(process.env.MOVE_ACT_SUMMARY_INTERVAL_MS ?? 3_600_000);
    if (summaryEvery > 0) {
      this.summaryTimer = setInterval(() => {
        this.emitDueMoveActSummaries(new Date()).catch((e: unknown) =>
          this.log.warn(`move-act summary failed: ${String(e)}`),
        );
      }, summaryEvery);
      this.summaryTimer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.summaryTimer) clearInterval(this.summaryTimer);
  }

  // ---- shared lookups -------------------------------------------------------------------------

  private async settingsOf(tx: EntityManager, jurisdictionId: string): Promise<OfficeSettings> {
    const rows: Array<{ settings: OfficeSettings }> = await tx.query(
      `SELECT settings FROM jurisdictions WHERE jurisdiction_id = $1`,
      [jurisdictionId],
    );
    return rows[0]?.settings ?? {};
  }

  private async lockBallot(tx: EntityManager, jurisdictionId: string, ballotId: string): Promise<BallotRow> {
    if (!UUID.test(ballotId)) throw notFound(`Ballot ${ballotId}`);
    const rows: BallotRow[] = await tx.query(
      `SELECT b.ballot_id, b.request_id, b.election_id, b.status, b.return_timely, b.late_reason,
              b.decision_reasons, b.cure_deadline, b.returned_at, b.return_method,
              b.postmark_date::text AS postmark_date, e.settings, e.election_date::text AS election_date
       FROM ballots b JOIN elections e ON e.election_id = b.election_id
       WHERE b.jurisdiction_id = $1 AND b.ballot_id = $2 FOR UPDATE OF b`,
      [jurisdictionId, ballotId],
    );
    if (rows.length === 0) throw notFound(`Ballot ${ballotId}`);
    return rows[0];
  }

  private async election(
    tx: EntityManager,
    jurisdictionId: string,
    electionId: string,
  ): Promise<{ name: string; election_date: string; settings: ElectionSettings; federal: boolean }> {
    if (!UUID.test(electionId)) throw notFound(`Election ${electionId}`);
    const rows: Array<{ name: string; election_date: string; settings: ElectionSettings; federal: boolean }> =
      await tx.query(
        `SELECT name, election_date::text AS election_date, settings, federal FROM elections
         WHERE jurisdiction_id = $1 AND election_id = $2`,
        [jurisdictionId, electionId],
      );
    if (rows.length === 0) throw notFound(`Election ${electionId}`);
    return rows[0];
  }

  private apply(current: BallotRow, action: BallotAction, settings: OfficeSettings): BallotState {
    const result = decide(stateOf(current), action, {
      acceptLateReturns: settings.acceptLateReturns === true,
    });
    if (!result.ok) {
      const status = result.error.code === 'invalid-timestamp' ? 400 : 409;
      throw new ProblemException(
        status,
        result.error.code,
        'This step is not allowed',
        result.error.message,
        {
          code: result.error.code,
          from: result.error.from,
          action: result.error.action,
        } as Record<string, unknown>,
      );
    }
    return result.state;
  }

  private base(b: BallotRow, jurisdictionId: string) {
    return { requestId: b.request_id, ballotId: b.ballot_id, jurisdictionId, electionId: b.election_id };
  }

  // ---- returns ----------------------------------------------------------------------------------

  async recordReturn(p: OfficePrincipal, body: unknown) {
    if (!isObj(body)) throw bad('body', 'send a JSON object');
    const id = typeof body.ballotId === 'string' ? body.ballotId : body.barcode;
    if (typeof id !== 'string' || id.trim() === '') throw bad('barcode', 'give the barcode or the ballotId');
    const receivedAt = body.receivedAt;
    if (typeof receivedAt !== 'string' || !DATE_TIME.test(receivedAt))
      throw bad('receivedAt', 'an ISO 8601 date-time with offset, e.g. 2026-11-03T10:00:00-05:00');
    if (!oneOf(RETURN_METHODS, body.method)) throw bad('method', `one of ${RETURN_METHODS.join(', ')}`);
    const method = body.method;
    const postmark = body.postmarkDate;
    if (postmark !== undefined && (typeof postmark !== 'string' || !DATE.test(postmark)))
      throw bad('postmarkDate', 'a date YYYY-MM-DD');
    const ballotId = id.trim().toLowerCase();

    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await this.lockBallot(tx, p.jurisdictionId, ballotId);
      if (b.returned_at !== null) {
        // a second scan of the same envelope: the same answer, no second event
        return {
          ballotId: b.ballot_id,
          status: b.status,
          timely: b.return_timely,
          lateReason: b.late_reason,
          receivedAt: b.returned_at.toISOString(),
          alreadyRecorded: true,
        };
      }
      const assessment = assessReturn({
        rules: b.settings.returnRule,
        receivedAt,
        method,
        postmarkDate: postmark as IsoDate | undefined,
      });
      const settings = await this.settingsOf(tx, p.jurisdictionId);
      this.apply(b, { type: 'return', assessment }, settings);
      const lateReason = assessment.timely ? null : assessment.reason;
      await tx.query(
        `UPDATE ballots SET status = 'returned', returned_at = $2, return_method = $3, postmark_date = $4,
                return_timely = $5, late_reason = $6
         WHERE ballot_id = $1`,
        [b.ballot_id, receivedAt, method, postmark ?? null, assessment.timely, lateReason],
      );
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.returned.v1',
          {
            ...this.base(b, p.jurisdictionId),
            method,
            receivedAt: new Date(receivedAt).toISOString(),
            ...(postmark !== undefined ? { postmarkDate: postmark } : {}),
            timely: assessment.timely,
          },
          SOURCE,
        ),
      );
      await this.reResolveFwabs(tx, p.jurisdictionId, b.request_id, b.election_id);
      return {
        ballotId: b.ballot_id,
        status: 'returned' as const,
        timely: assessment.timely,
        lateReason,
        receivedAt: new Date(receivedAt).toISOString(),
        alreadyRecorded: false,
      };
    });
  }

  // ---- decisions --------------------------------------------------------------------------------

  async accept(p: OfficePrincipal, ballotId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await this.lockBallot(tx, p.jurisdictionId, ballotId);
      this.apply(b, { type: 'accept' }, await this.settingsOf(tx, p.jurisdictionId));
      const now = new Date();
      await tx.query(`UPDATE ballots SET status = 'accepted', decided_at = $2 WHERE ballot_id = $1`, [
        b.ballot_id,
        now,
      ]);
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.accepted.v1',
          { ...this.base(b, p.jurisdictionId), decidedAt: now.toISOString() },
          SOURCE,
        ),
      );
      return { ballotId: b.ballot_id, status: 'accepted' as const };
    });
  }

  async reject(p: OfficePrincipal, ballotId: string, body: unknown) {
    const reasons = isObj(body) ? body.reasons : undefined;
    if (
      !Array.isArray(reasons) ||
      reasons.length === 0 ||
      !reasons.every((r) => oneOf(BALLOT_REJECTION_TYPES, r))
    )
      throw bad('reasons', `one or more of ${BALLOT_REJECTION_TYPES.join(', ')} (EAVS Section B)`);
    const list = reasons as BallotRejectionType[];
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await this.lockBallot(tx, p.jurisdictionId, ballotId);
      this.apply(
        b,
        { type: 'reject', reasons: [list[0], ...list.slice(1)] },
        await this.settingsOf(tx, p.jurisdictionId),
      );
      const now = new Date();
      await this.markRejected(tx, p.jurisdictionId, b, list, now);
      return { ballotId: b.ballot_id, status: 'rejected' as const, reasons: list };
    });
  }

  private async markRejected(
    tx: EntityManager,
    jurisdictionId: string,
    b: BallotRow,
    reasons: readonly string[],
    now: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE ballots SET status = 'rejected', decision_reasons = $2, decided_at = $3 WHERE ballot_id = $1`,
      [b.ballot_id, JSON.stringify(reasons), now],
    );
    await enqueueEvent(
      tx,
      newEvent(
        'uocava.ballot.rejected.v1',
        { ...this.base(b, jurisdictionId), reasons: [...reasons], decidedAt: now.toISOString() },
        SOURCE,
      ),
    );
  }

  async requestCure(p: OfficePrincipal, ballotId: string, body: unknown) {
    const reasons = isObj(body) ? body.reasons : undefined;
    if (!Array.isArray(reasons) || reasons.length === 0 || !reasons.every((r) => oneOf(CURABLE_REASONS, r)))
      throw bad('reasons', `one or more of ${CURABLE_REASONS.join(', ')}`);
    const cureDeadline = isObj(body) ? body.cureDeadline : undefined;
    if (typeof cureDeadline !== 'string' || !DATE_TIME.test(cureDeadline))
      throw bad('cureDeadline', 'an ISO 8601 date-time with offset');
    const list = reasons as CurableReason[];
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await this.lockBallot(tx, p.jurisdictionId, ballotId);
      this.apply(
        b,
        { type: 'request-cure', reason: list[0], cureDeadline },
        await this.settingsOf(tx, p.jurisdictionId),
      );
      const now = new Date();
      await tx.query(
        `UPDATE ballots SET status = 'cure-requested', decision_reasons = $2, cure_deadline = $3, decided_at = $4
         WHERE ballot_id = $1`,
        [b.ballot_id, JSON.stringify(list), cureDeadline, now],
      );
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.cure-requested.v1',
          {
            ...this.base(b, p.jurisdictionId),
            reasons: list,
            cureDeadline: new Date(cureDeadline).toISOString(),
            decidedAt: now.toISOString(),
          },
          SOURCE,
        ),
      );
      return { ballotId: b.ballot_id, status: 'cure-requested' as const, reasons: list, cureDeadline };
    });
  }

  async cure(p: OfficePrincipal, ballotId: string, body: unknown) {
    const at = isObj(body) && typeof body.curedAt === 'string' ? body.curedAt : new Date().toISOString();
    if (!DATE_TIME.test(at)) throw bad('curedAt', 'an ISO 8601 date-time with offset');
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await this.lockBallot(tx, p.jurisdictionId, ballotId);
      this.apply(b, { type: 'cure', at }, await this.settingsOf(tx, p.jurisdictionId));
      await tx.query(`UPDATE ballots SET status = 'cured', decided_at = $2 WHERE ballot_id = $1`, [
        b.ballot_id,
        at,
      ]);
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.cured.v1',
          { ...this.base(b, p.jurisdictionId), decidedAt: new Date(at).toISOString() },
          SOURCE,
        ),
      );
      return { ballotId: b.ballot_id, status: 'cured' as const };
    });
  }

  /** Rejects every ballot of the jurisdiction whose cure deadline passed by `now`. Idempotent. */
  async sweepCures(jurisdictionId: string, now: Date): Promise<{ rejected: string[] }> {
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const due: Array<{ ballot_id: string }> = await tx.query(
        `SELECT ballot_id FROM ballots WHERE jurisdiction_id = $1 AND status = 'cure-requested'
           AND cure_deadline < $2 ORDER BY ballot_id`,
        [jurisdictionId, now],
      );
      const settings = await this.settingsOf(tx, jurisdictionId);
      const rejected: string[] = [];
      for (const { ballot_id } of due) {
        const b = await this.lockBallot(tx, jurisdictionId, ballot_id);
        if (b.status !== 'cure-requested') continue;
        const next = this.apply(b, { type: 'cure-deadline-passed', at: now.toISOString() }, settings);
        if (next.status !== 'rejected') continue;
        await this.markRejected(tx, jurisdictionId, b, next.reasons, now);
        rejected.push(b.ballot_id);
      }
      return { rejected };
    });
  }

  /** Sweeps every jurisdiction that has a cure deadline passed, each in its own tenant scope. */
  async sweepAll(now: Date): Promise<number> {
    const due = await tenantsWhere(
      this.ds,
      `SELECT 1 FROM ballots WHERE status = 'cure-requested' AND cure_deadline < $1 LIMIT 1`,
      [now],
    );
    let n = 0;
    for (const jurisdictionId of due) n += (await this.sweepCures(jurisdictionId, now)).rejected.length;
    return n;
  }

  // ---- work queue and transmission --------------------------------------------------------------

  async workQueue(p: OfficePrincipal) {
    const items: Array<Record<string, unknown>> = await withTenant(this.ds, p.jurisdictionId, (tx) =>
      tx.query(
        `SELECT b.ballot_id AS "ballotId", b.request_id AS "requestId", b.election_id AS "electionId",
                r.ballot_delivery AS "deliveryMethod", r.mailing_country AS "mailingCountry",
                b.paper_size AS "paperSize", b.page_count AS "pageCount", b.generated_at AS "generatedAt"
         FROM ballots b JOIN ballot_requests r ON r.request_id = b.request_id
         WHERE b.jurisdiction_id = $1 AND b.status = 'generated' AND b.transmitted_at IS NULL
           AND r.ballot_delivery IN ('mail', 'fax')
         ORDER BY b.generated_at LIMIT 1000`,
        [p.jurisdictionId],
      ),
    );
    return { items };
  }

  async transmitted(p: OfficePrincipal, ballotId: string, body: unknown) {
    const at = isObj(body) ? body.transmittedAt : undefined;
    if (typeof at !== 'string' || !DATE_TIME.test(at))
      throw bad('transmittedAt', 'an ISO 8601 date-time with offset');
    const method = isObj(body) ? body.method : undefined;
    if (!oneOf(BALLOT_DELIVERY_METHODS, method))
      throw bad('method', `one of ${BALLOT_DELIVERY_METHODS.join(', ')}`);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await this.lockBallot(tx, p.jurisdictionId, ballotId);
      this.apply(b, { type: 'transmit' }, await this.settingsOf(tx, p.jurisdictionId));
      await tx.query(
        `UPDATE ballots SET status = 'transmitted', transmitted_at = $2, transmit_method = $3 WHERE ballot_id = $1`,
        [b.ballot_id, at, method],
      );
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.transmitted.v1',
          { ...this.base(b, p.jurisdictionId), method, transmittedAt: new Date(at).toISOString() },
          SOURCE,
        ),
      );
      return {
        ballotId: b.ballot_id,
        status: 'transmitted' as const,
        transmittedAt: new Date(at).toISOString(),
        method,
      };
    });
  }

  // ---- FWAB -------------------------------------------------------------------------------------

  async recordFwab(p: OfficePrincipal, body: unknown) {
    if (!isObj(body)) throw bad('body', 'send a JSON object');
    const { electionId, requestId, receivedAt } = body;
    if (typeof electionId !== 'string') throw bad('electionId', 'the election id');
    if (requestId !== undefined && (typeof requestId !== 'string' || !UUID.test(requestId)))
      throw bad('requestId', 'a ballot request id');
    if (typeof receivedAt !== 'string' || !DATE_TIME.test(receivedAt))
      throw bad('receivedAt', 'an ISO 8601 date-time with offset');
    const method = body.method ?? 'mail';
    if (!oneOf(RETURN_METHODS, method)) throw bad('method', `one of ${RETURN_METHODS.join(', ')}`);
    const postmark = body.postmarkDate;
    if (postmark !== undefined && (typeof postmark !== 'string' || !DATE.test(postmark)))
      throw bad('postmarkDate', 'a date YYYY-MM-DD');
    if (body.voterRegistered !== undefined && typeof body.voterRegistered !== 'boolean')
      throw bad('voterRegistered', 'true or false');
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const e = await this.election(tx, p.jurisdictionId, electionId);
      let appliedOn: IsoDate | undefined;
      let registered = body.voterRegistered === true;
      if (typeof requestId === 'string') {
        const req: Array<{ received_at: Date; roll_record_id: string | null; status: RequestStatus }> =
          await tx.query(
            `SELECT received_at, roll_record_id, status FROM ballot_requests
             WHERE jurisdiction_id = $1 AND request_id = $2`,
            [p.jurisdictionId, requestId],
          );
        if (req.length === 0) throw notFound(`Ballot request ${requestId}`);
        if (req[0].status !== 'rejected') appliedOn = isoDate(req[0].received_at);
        registered = registered || req[0].roll_record_id !== null;
      }
      const timely = assessReturn({
        rules: e.settings.returnRule,
        receivedAt,
        method,
        postmarkDate: postmark as IsoDate | undefined,
      }).timely;
      const fwabId = randomUUID();
      await tx.query(
        `INSERT INTO fwabs (fwab_id, jurisdiction_id, election_id, request_id, voter_registered, applied_on,
                            received_at, timely, counts, disposition, reason, registration_application, method,
                            postmark_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'none', 'rejected', NULL, false, $9, $10)`,
        [
          fwabId,
          p.jurisdictionId,
          electionId,
          requestId ?? null,
          registered,
          appliedOn ?? null,
          receivedAt,
          timely,
          method,
          postmark ?? null,
        ],
      );
      await enqueueEvent(
        tx,
        this.keyed(
          newEvent(
            'uocava.fwab.recorded.v1',
            {
              fwabId,
              ...(typeof requestId === 'string' ? { requestId } : {}),
              jurisdictionId: p.jurisdictionId,
              electionId,
              method,
              receivedAt: new Date(receivedAt).toISOString(),
              timely,
              recordedAt: new Date().toISOString(),
            },
            SOURCE,
          ),
          typeof requestId === 'string' ? requestId : fwabId,
        ),
      );
      await this.resolveOne(tx, p.jurisdictionId, fwabId);
      return this.fwab(tx, fwabId);
    });
  }

  private async fwab(tx: EntityManager, fwabId: string) {
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT fwab_id AS "fwabId", election_id AS "electionId", request_id AS "requestId", timely, counts,
              disposition, reason, registration_application AS "registrationApplication", resolved_at AS "resolvedAt"
       FROM fwabs WHERE fwab_id = $1`,
      [fwabId],
    );
    return rows[0];
  }

  private async resolveOne(tx: EntityManager, jurisdictionId: string, fwabId: string): Promise<void> {
    const rows: Array<{
      election_id: string;
      request_id: string | null;
      voter_registered: boolean;
      applied_on: string | null;
      received_at: Date;
      timely: boolean;
      election_date: string;
    }> = await tx.query(
      `SELECT f.election_id, f.request_id, f.voter_registered, f.applied_on::text AS applied_on, f.received_at,
              f.timely, e.election_date::text AS election_date
       FROM fwabs f JOIN elections e ON e.election_id = f.election_id WHERE f.fwab_id = $1`,
      [fwabId],
    );
    const f = rows[0];
    const previous: Array<{ counts: string; disposition: string; reason: string | null; events: number }> =
      await tx.query(
        `SELECT counts, disposition, reason,
                (SELECT count(*)::int FROM outbox WHERE event_type = 'uocava.fwab.resolved.v1'
                   AND payload->>'fwabId' = $1::text) AS events
         FROM fwabs WHERE fwab_id = $1::uuid`,
        [fwabId],
      );
    const settings = await this.settingsOf(tx, jurisdictionId);
    const state: Array<{ returned_at: Date; return_timely: boolean }> =
      f.request_id === null
        ? []
        : await tx.query(
            `SELECT returned_at, return_timely FROM ballots
             WHERE request_id = $1 AND election_id = $2 AND returned_at IS NOT NULL`,
            [f.request_id, f.election_id],
          );
    const resolution = resolveFwab({
      appliedOn: (f.applied_on ?? undefined) as IsoDate | undefined,
      applicationDeadline: addDays(f.election_date, -(settings.applicationDeadlineDaysBefore ?? 7)),
      stateBallot:
        state.length > 0
          ? { receivedAt: state[0].returned_at.toISOString(), timely: state[0].return_timely }
          : undefined,
      fwab: { receivedAt: f.received_at.toISOString(), timely: f.timely },
      policy: { fwabAsRegistration: settings.fwabAsRegistration === true },
      voterRegistered: f.voter_registered,
    });
    await tx.query(
      `UPDATE fwabs SET counts = $2, disposition = $3, reason = $4, registration_application = $5, resolved_at = now()
       WHERE fwab_id = $1`,
      [
        fwabId,
        resolution.counts,
        resolution.fwab.disposition,
        'reason' in resolution.fwab ? resolution.fwab.reason : null,
        resolution.fwabIsRegistrationApplication,
      ],
    );
    const reason = 'reason' in resolution.fwab ? resolution.fwab.reason : null;
    const before = previous[0];
    const changed =
      before.events === 0 ||
      before.counts !== resolution.counts ||
      before.disposition !== resolution.fwab.disposition ||
      before.reason !== reason;
    if (!changed) return;
    await enqueueEvent(
      tx,
      this.keyed(
        newEvent(
          'uocava.fwab.resolved.v1',
          {
            fwabId,
            ...(f.request_id !== null ? { requestId: f.request_id } : {}),
            jurisdictionId,
            electionId: f.election_id,
            counts: resolution.counts,
            disposition: resolution.fwab.disposition,
            ...(reason !== null ? { reason } : {}),
            registrationApplication: resolution.fwabIsRegistrationApplication,
            resolvedAt: new Date().toISOString(),
          },
          SOURCE,
        ),
        f.request_id ?? fwabId,
      ),
    );
  }

  /** An event keyed by something other than data.requestId (FWAB without request, election summaries). */
  private keyed<T extends CloudEvent>(event: T, key: string): T {
    return { ...event, subject: key };
  }

  private async reResolveFwabs(
    tx: EntityManager,
    jurisdictionId: string,
    requestId: string,
    electionId: string,
  ) {
    const rows: Array<{ fwab_id: string }> = await tx.query(
      `SELECT fwab_id FROM fwabs WHERE jurisdiction_id = $1 AND request_id = $2 AND election_id = $3`,
      [jurisdictionId, requestId, electionId],
    );
    for (const r of rows) await this.resolveOne(tx, jurisdictionId, r.fwab_id);
  }

  async listFwabs(p: OfficePrincipal, electionId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      await this.election(tx, p.jurisdictionId, electionId);
      const items: Array<Record<string, unknown>> = await tx.query(
        `SELECT fwab_id AS "fwabId", request_id AS "requestId", timely, counts, disposition, reason,
                registration_application AS "registrationApplication", received_at AS "receivedAt", method
         FROM fwabs WHERE jurisdiction_id = $1 AND election_id = $2 ORDER BY received_at`,
        [p.jurisdictionId, electionId],
      );
      return { items };
    });
  }

  // ---- MOVE Act monitor -------------------------------------------------------------------------

  async moveAct(p: OfficePrincipal, electionId: string, date: unknown) {
    const today = this.monitorDate(date);
    return withTenant(this.ds, p.jurisdictionId, (tx) =>
      this.moveActIn(tx, p.jurisdictionId, electionId, today),
    );
  }

  private monitorDate(date: unknown): IsoDate {
    if (date !== undefined && (typeof date !== 'string' || !DATE.test(date)))
      throw bad('date', 'a date YYYY-MM-DD');
    return (typeof date === 'string' ? date : isoDate(new Date())) as IsoDate;
  }

  private async moveActIn(tx: EntityManager, jurisdictionId: string, electionId: string, today: IsoDate) {
    const e = await this.election(tx, jurisdictionId, electionId);
    const settings = await this.settingsOf(tx, jurisdictionId);
    const officeTargetDays = settings.moveActTargetDays ?? 3;
    const atRiskDays = settings.moveActAtRiskDays;
    const rows: Array<{ request_id: string; received_on: string; transmitted_on: string | null }> =
      await tx.query(
        `SELECT r.request_id, (r.received_at AT TIME ZONE 'UTC')::date::text AS received_on,
              (b.transmitted_at AT TIME ZONE 'UTC')::date::text AS transmitted_on
       FROM ballot_requests r
       LEFT JOIN ballots b ON b.request_id = r.request_id AND b.election_id = $2
       WHERE r.jurisdiction_id = $1 AND r.status <> 'rejected'
         AND r.covers_year = extract(year FROM $3::date) AND r.received_at::date <= $3::date
       ORDER BY r.received_at, r.request_id`,
        [jurisdictionId, electionId, e.election_date],
      );
    const inputs: MoveActRow[] = rows.map((r) => ({
      electionDate: e.election_date as IsoDate,
      requestReceivedOn: r.received_on as IsoDate,
      transmittedOn: (r.transmitted_on ?? undefined) as IsoDate | undefined,
      officeTargetDays,
      atRiskDays,
    }));
    const summary = moveActSummary(inputs, today);
    const items = rows.map((r, i) => ({
      requestId: r.request_id,
      ...moveActStatus({ ...inputs[i], today }),
    }));
    return {
      electionId,
      electionDate: e.election_date,
      federal: e.federal,
      officeTargetDays,
      ...summary,
      items,
    };
  }

  /**
   * Emits `uocava.office.move-act-summary.v1` for one election and date, once: the event id is
   * derived from (election, date), so a second call (another gateway, a re-run) emits nothing.
   */
  async emitMoveActSummary(jurisdictionId: string, electionId: string, date: unknown) {
    const today = this.monitorDate(date);
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const m = await this.moveActIn(tx, jurisdictionId, electionId, today);
      const eventId = uuidFrom(`move-act-summary:${electionId}:${today}`);
      const existing: unknown[] = await tx.query(`SELECT 1 FROM outbox WHERE event_id = $1`, [eventId]);
      if (existing.length === 0) {
        await enqueueEvent(
          tx,
          this.keyed(
            newEvent(
              'uocava.office.move-act-summary.v1',
              {
                jurisdictionId,
                electionId,
                electionDate: m.electionDate,
                date: today,
                officeTargetDays: m.officeTargetDays,
                total: m.total,
                byStatus: m.byStatus,
                byDueDate: m.byDueDate,
                generatedAt: new Date().toISOString(),
              },
              SOURCE,
              { id: eventId },
            ),
            electionId,
          ),
        );
      }
      return { eventId, emitted: existing.length === 0, date: today, total: m.total, byStatus: m.byStatus };
    });
  }

  /** Daily summaries for every federal election from day 45 - 30 to election day, in every jurisdiction. */
  async emitDueMoveActSummaries(now: Date): Promise<number> {
    const today = isoDate(now);
    const inWindow = `SELECT election_id FROM elections
       WHERE federal AND election_date >= $1::date AND election_date - 75 <= $1::date ORDER BY election_id`;
    let emitted = 0;
    // each jurisdiction's elections are read in its own scope
    for (const jurisdictionId of await tenantsWhere(this.ds, inWindow, [today])) {
      const elections: Array<{ election_id: string }> = await withTenant(this.ds, jurisdictionId, (tx) =>
        tx.query(inWindow, [today]),
      );
      for (const e of elections) {
        if ((await this.emitMoveActSummary(jurisdictionId, e.election_id, today)).emitted) emitted += 1;
      }
    }
    return emitted;
  }

  // ---- dashboard --------------------------------------------------------------------------------

  async dashboard(p: OfficePrincipal, electionId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const e = await this.election(tx, p.jurisdictionId, electionId);
      const rows = await this.electionRows(tx, p.jurisdictionId, electionId, e.election_date);
      const dashboardRows: DashboardRow[] = rows.map((r) => ({
        electionId: electionId as ElectionId,
        requestStatus: r.status,
        voterClass: r.voter_class,
        deliveryMethod: r.ballot_delivery,
        mailingCountry: r.mailing_country,
        ballot:
          r.ballot_status === null
            ? undefined
            : {
                status: r.ballot_status,
                returned: r.returned_at !== null,
                returnTimely: r.return_timely ?? undefined,
                rejectionReasons:
                  r.ballot_status === 'rejected'
                    ? ((r.decision_reasons ?? []) as BallotRejectionType[])
                    : undefined,
              },
      }));
      const [d] = dashboardCounts(dashboardRows);
      const fwabs: Array<{ disposition: string; n: number }> = await tx.query(
        `SELECT disposition, count(*)::int AS n FROM fwabs WHERE jurisdiction_id = $1 AND election_id = $2
         GROUP BY disposition`,
        [p.jurisdictionId, electionId],
      );
      return {
        ...(d ?? emptyDashboard(electionId as ElectionId)),
        fwabs: Object.fromEntries(fwabs.map((f) => [f.disposition, f.n])),
      };
    });
  }

  private async electionRows(
    tx: EntityManager,
    jurisdictionId: string,
    electionId: string,
    electionDate: string,
  ) {
    const rows: ElectionRow[] = await tx.query(ELECTION_ROWS_SQL, [jurisdictionId, electionId, electionDate]);
    return rows;
  }

  // ---- reports ----------------------------------------------------------------------------------

  async eavsSectionB(p: OfficePrincipal, electionId: string): Promise<{ fileName: string; csv: string }> {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const e = await this.election(tx, p.jurisdictionId, electionId);
      const j: Array<{ name: string; state: string; county: string | null }> = await tx.query(
        `SELECT name, state, county FROM jurisdictions WHERE jurisdiction_id = $1`,
        [p.jurisdictionId],
      );
      const state = esbStateName(j[0].state);
      if (!state)
        throw new ProblemException(409, 'unknown-state', 'Unknown state', `No EAVS state for ${j[0].state}.`);
      const rows = await this.electionRows(tx, p.jurisdictionId, electionId, e.election_date);
      const election = { date: e.election_date as IsoDate, name: e.name };
      const jurisdiction = { id: p.jurisdictionId, idType: 'local' as const, name: j[0].name, state };
      const tx2 = rows.map((r): UocavaTransaction => {
        const req = esbRequestStatus(r.status);
        const method = r.transmit_method ?? r.ballot_delivery;
        return {
          transactionId: r.request_id,
          voterUniqueId: r.voter_key.slice(0, 32),
          request: {
            method: { method: 'online' },
            date: dateText(r.received_at),
            status: req.status,
            statusReasons: req.reasons,
            type: 'fpca',
          },
          transmission:
            r.transmitted_at === null
              ? undefined
              : {
                  date: dateText(r.transmitted_at),
                  method: { method: directMethod(method) },
                  ballotType: 'full',
                },
          return:
            r.returned_at === null || r.return_method === null
              ? undefined
              : { receivedDate: dateText(r.returned_at), method: { method: directMethod(r.return_method) } },
          rejection:
            r.ballot_status === 'rejected'
              ? { reasons: (r.decision_reasons ?? ['other']) as BallotRejectionType[] }
              : undefined,
          ballotType: r.ballot_status === null ? undefined : 'full',
          election,
          jurisdiction,
          voterMailingCountry: r.mailing_country,
          voterType: esbVoterType(r.voter_class),
        };
      });
      // A FWAB from a voter without a request is a transaction of its own (RequestType fwab).
      const fwabOnly: Array<{
        fwab_id: string;
        received_at: Date;
        method: ReturnMethod | null;
        disposition: 'counted' | 'superseded' | 'rejected';
        reason: FwabNotCountedReason | null;
      }> = await tx.query(
        `SELECT fwab_id, received_at, method, disposition, reason FROM fwabs
         WHERE jurisdiction_id = $1 AND election_id = $2 AND request_id IS NULL
         ORDER BY received_at, fwab_id`,
        [p.jurisdictionId, electionId],
      );
      for (const f of fwabOnly) {
        tx2.push(
          fwabOnlyTransaction(
            {
              fwabId: f.fwab_id,
              receivedOn: dateText(f.received_at),
              method: f.method ?? undefined,
              disposition: f.disposition,
              reason: f.reason ?? undefined,
            },
            { election, jurisdiction },
          ),
        );
      }
      return {
        fileName: eavsFileName(e.election_date as IsoDate, state, j[0].county ?? undefined),
        csv: eavsSectionBCsv(tx2.map(eavsSectionBRow)),
      };
    });
  }

  async eventLog(p: OfficePrincipal, electionId: string): Promise<NistElectionEventLog> {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const e = await this.election(tx, p.jurisdictionId, electionId);
      const steps: Array<{
        event_id: string;
        event_type: string;
        occurred_at: Date;
        request_id: string;
        ballot_id: string | null;
      }> = await tx.query(
        `SELECT s.event_id, s.event_type, s.occurred_at, s.request_id, s.ballot_id
           FROM tracking_steps s JOIN ballot_requests r ON r.request_id = s.request_id
           WHERE s.jurisdiction_id = $1 AND r.covers_year = extract(year FROM $2::date)
             AND (s.ballot_id IS NULL OR s.ballot_id IN (SELECT ballot_id FROM ballots WHERE election_id = $3))
           ORDER BY s.occurred_at, s.event_id`,
        [p.jurisdictionId, e.election_date, electionId],
      );
      return eventLogExport({
        device: { id: `uocava-platform:${p.jurisdictionId}`, type: 'transmission-sending' },
        electionId,
        generatedTime: new Date().toISOString(),
        events: steps.map((s) => ({
          id: s.event_type.replace(/^uocava\./, '').replace(/\.v\d+$/, ''),
          time: s.occurred_at.toISOString(),
          type: 'ballot-lifecycle',
          details: s.ballot_id ? `request ${s.request_id} ballot ${s.ballot_id}` : `request ${s.request_id}`,
        })),
      });
    });
  }

  // ---- audit trail ------------------------------------------------------------------------------

  async auditLog(p: OfficePrincipal, query: { from?: unknown; to?: unknown; action?: unknown }) {
    const from = query.from;
    const to = query.to;
    for (const [name, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (v !== undefined && (typeof v !== 'string' || Number.isNaN(Date.parse(v))))
        throw bad(name, 'a date or date-time');
    }
    if (query.action !== undefined && typeof query.action !== 'string') throw bad('action', 'an action name');
    const items: Array<Record<string, unknown>> = await withTenant(this.ds, p.jurisdictionId, (tx) =>
      tx.query(
        `SELECT audit_id::text AS "auditId", at, key_id AS "keyId", role, action, target, outcome, details
         FROM audit_log
         WHERE jurisdiction_id = $1 AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at <= $3)
           AND ($4::text IS NULL OR action = $4)
         ORDER BY audit_id LIMIT 10000`,
        [p.jurisdictionId, from ?? null, to ?? null, query.action ?? null],
      ),
    );
    return { items };
  }
}

/** The platform's methods all have their own EAVS code (never `other`). */
function directMethod(m: BallotDeliveryMethod | ReturnMethod): Exclude<EsbBallotMethod, 'other'> {
  const esb = esbMethod(m);
  return esb === 'other' ? 'untracked' : esb;
}

interface ElectionRow {
  request_id: string;
  status: RequestStatus;
  voter_class: VoterClass;
  ballot_delivery: BallotDeliveryMethod;
  mailing_country: string;
  voter_key: string;
  received_at: Date;
  ballot_status: BallotStatus | null;
  transmitted_at: Date | null;
  transmit_method: BallotDeliveryMethod | null;
  returned_at: Date | null;
  return_method: ReturnMethod | null;
  return_timely: boolean | null;
  decision_reasons: string[] | null;
}

/** One row per request of the election's year (and its ballot for this election, if any). */
const ELECTION_ROWS_SQL = `
  SELECT r.request_id, r.status, r.voter_class, r.ballot_delivery, r.mailing_country, r.voter_key, r.received_at,
         b.status AS ballot_status, b.transmitted_at, b.transmit_method, b.returned_at, b.return_method,
         b.return_timely, b.decision_reasons
  FROM ballot_requests r
  LEFT JOIN ballots b ON b.request_id = r.request_id AND b.election_id = $2
  WHERE r.jurisdiction_id = $1 AND r.covers_year = extract(year FROM $3::date)
  ORDER BY r.received_at, r.request_id`;

const AUDIT_COLUMNS = ['auditId', 'at', 'keyId', 'role', 'action', 'target', 'outcome', 'details'] as const;

/** The audit trail as CSV (one line per entry; details as JSON), for the API and the clerk's pages. */
export function auditLogCsv(items: ReadonlyArray<Record<string, unknown>>): string {
  const cell = (v: unknown): string =>
    csvField(
      v === null || v === undefined
        ? ''
        : v instanceof Date
          ? v.toISOString()
          : typeof v === 'object'
            ? JSON.stringify(v)
            : String(v),
    );
  return (
    [AUDIT_COLUMNS.join(','), ...items.map((r) => AUDIT_COLUMNS.map((c) => cell(r[c])).join(','))].join(
      '\n',
    ) + '\n'
  );
}
