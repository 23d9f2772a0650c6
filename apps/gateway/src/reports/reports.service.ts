import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  electionLifecycleSteps,
  electionRequestRows,
  findJurisdiction,
  fwabDispositionCounts,
  fwabsWithoutRequest,
  withTenant,
  type ElectionRequestRow,
} from '@uocava/database';
import {
  dashboardCounts,
  eavsFileName,
  eavsSectionBCsv,
  eavsSectionBRow,
  emptyDashboard,
  esbMethod,
  esbRequestStatus,
  esbStateName,
  esbVoterType,
  eventLogExport,
  fwabOnlyTransaction,
  parseIsoDate,
  utcDateOf,
  type BallotDeliveryMethod,
  type BallotRejectionType,
  type DashboardRow,
  type ElectionId,
  type EsbBallotMethod,
  type NistElectionEventLog,
  type ReturnMethod,
  type UocavaTransaction,
} from '@uocava/domain';
import { ProblemException } from '@uocava/platform';
import { requireElection } from '../common/elections';
import type { OfficePrincipal } from '../common/office-auth';
import { Clock } from '../common/clock';

/** The platform's methods all have their own EAVS code (never `other`). */
function directMethod(m: BallotDeliveryMethod | ReturnMethod): Exclude<EsbBallotMethod, 'other'> {
  const esb = esbMethod(m);
  return esb === 'other' ? 'untracked' : esb;
}

function dashboardRow(electionId: string, r: ElectionRequestRow): DashboardRow {
  return {
    electionId: electionId as ElectionId,
    requestStatus: r.status,
    voterClass: r.voterClass,
    deliveryMethod: r.ballotDelivery,
    mailingCountry: r.mailingCountry,
    ballot:
      r.ballotStatus === null
        ? undefined
        : {
            status: r.ballotStatus,
            returned: r.returnedAt !== null,
            returnTimely: r.returnTimely ?? undefined,
            rejectionReasons:
              r.ballotStatus === 'rejected'
                ? ((r.decisionReasons ?? []) as BallotRejectionType[])
                : undefined,
          },
  };
}

/** One EAVS Section B transaction per request of the election's year (and its ballot, if any). */
function eavsTransaction(
  r: ElectionRequestRow,
  context: Pick<UocavaTransaction, 'election' | 'jurisdiction'>,
): UocavaTransaction {
  const req = esbRequestStatus(r.status, r.reasons);
  const method = r.transmitMethod ?? r.ballotDelivery;
  return {
    transactionId: r.requestId,
    voterUniqueId: r.voterKey.slice(0, 32),
    request: {
      method: { method: r.requestMethod },
      date: utcDateOf(r.receivedAt),
      status: req.status,
      statusReasons: req.reasons,
      statusReasonOther: req.other,
      type: 'fpca',
    },
    transmission:
      r.transmittedAt === null
        ? undefined
        : { date: utcDateOf(r.transmittedAt), method: { method: directMethod(method) }, ballotType: 'full' },
    return:
      r.returnedAt === null || r.returnMethod === null
        ? undefined
        : { receivedDate: utcDateOf(r.returnedAt), method: { method: directMethod(r.returnMethod) } },
    rejection:
      r.ballotStatus === 'rejected'
        ? { reasons: (r.decisionReasons ?? ['other']) as BallotRejectionType[] }
        : undefined,
    ballotType: r.ballotStatus === null ? undefined : 'full',
    ...context,
    voterMailingCountry: r.mailingCountry,
    voterType: esbVoterType(r.voterClass),
  };
}

/** The election's dashboard counts and the two exports (EAVS Section B CSV, NIST SP 1500-101 log). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async dashboard(p: OfficePrincipal, electionId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const e = await requireElection(tx, p.jurisdictionId, electionId);
      const rows = await electionRequestRows(tx, p.jurisdictionId, { electionId, date: e.date });
      const [d] = dashboardCounts(rows.map((r) => dashboardRow(electionId, r)));
      return {
        ...(d ?? emptyDashboard(electionId as ElectionId)),
        fwabs: await fwabDispositionCounts(tx, p.jurisdictionId, electionId),
      };
    });
  }

  async eavsSectionB(p: OfficePrincipal, electionId: string): Promise<{ fileName: string; csv: string }> {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const e = await requireElection(tx, p.jurisdictionId, electionId);
      const j = await findJurisdiction(tx, p.jurisdictionId);
      const state = j === undefined ? undefined : esbStateName(j.state);
      if (j === undefined || state === undefined)
        throw new ProblemException(
          409,
          'unknown-state',
          'Unknown state',
          `No EAVS state for ${j?.state ?? '?'}.`,
        );
      const electionDate = parseIsoDate(e.date);
      if (electionDate === undefined) throw new Error(`election ${electionId} has no date`);
      const context = {
        election: { date: electionDate, name: e.name },
        jurisdiction: { id: p.jurisdictionId, idType: 'local' as const, name: j.name, state },
      };
      const rows = await electionRequestRows(tx, p.jurisdictionId, { electionId, date: e.date });
      const transactions = rows.map((r) => eavsTransaction(r, context));
      // A FWAB from a voter without a request is a transaction of its own (RequestType fwab).
      for (const f of await fwabsWithoutRequest(tx, p.jurisdictionId, electionId)) {
        transactions.push(
          fwabOnlyTransaction(
            {
              fwabId: f.fwabId,
              receivedOn: utcDateOf(f.receivedAt),
              method: f.method ?? undefined,
              disposition: f.disposition,
              reason: f.reason ?? undefined,
            },
            context,
          ),
        );
      }
      return {
        fileName: eavsFileName(electionDate, state, j.county ?? undefined),
        csv: eavsSectionBCsv(transactions.map(eavsSectionBRow)),
      };
    });
  }

  async eventLog(p: OfficePrincipal, electionId: string): Promise<NistElectionEventLog> {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const e = await requireElection(tx, p.jurisdictionId, electionId);
      const steps = await electionLifecycleSteps(tx, p.jurisdictionId, { electionId, date: e.date });
      return eventLogExport({
        device: { id: `uocava-platform:${p.jurisdictionId}`, type: 'transmission-sending' },
        electionId,
        generatedTime: this.clock.nowIso(),
        events: steps.map((s) => ({
          id: s.eventType.replace(/^uocava\./, '').replace(/\.v\d+$/, ''),
          time: s.occurredAt.toISOString(),
          type: 'ballot-lifecycle',
          details: s.ballotId ? `request ${s.requestId} ballot ${s.ballotId}` : `request ${s.requestId}`,
        })),
      });
    });
  }
}
