import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  fwabForResolution,
  fwabIdsOfRequest,
  fwabsOfElection,
  fwabView,
  insertFwab,
  requestForFwab,
  returnedBallotOf,
  updateFwabResolution,
  withTenant,
  type FwabResolutionColumns,
  type SqlExecutor,
} from '@uocava/database';
import {
  addDays,
  assessReturn,
  parseIsoDate,
  resolveFwab,
  utcDateOf,
  type FwabResolution,
  type IsoDate,
} from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { notFound } from '@uocava/platform';
import { OFFICE_SOURCE, officeSettings } from '../common/ballot-lifecycle';
import { requireElection } from '../common/elections';
import { checked } from '../common/input';
import type { OfficePrincipal } from '../common/office-auth';
import { parseRecordFwab } from './fwab.schemas';

function columns(r: FwabResolution): FwabResolutionColumns {
  return {
    counts: r.counts,
    disposition: r.fwab.disposition,
    reason: 'reason' in r.fwab ? r.fwab.reason : null,
    registrationApplication: r.fwabIsRegistrationApplication,
  };
}

/**
 * Federal Write-In Absentee Ballots: recorded with which ballot counts (libs/domain `resolveFwab`),
 * and resolved again whenever the voter's state ballot comes back. `uocava.fwab.resolved.v1` is
 * emitted when a FWAB is recorded and whenever its resolution changes.
 */
@Injectable()
export class FwabService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async record(p: OfficePrincipal, body: unknown) {
    const input = checked(parseRecordFwab(body));
    const method = input.method ?? 'mail';
    const { jurisdictionId } = p;
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const election = await requireElection(tx, jurisdictionId, input.electionId);
      let appliedOn: IsoDate | undefined;
      let registered = input.voterRegistered === true;
      if (input.requestId !== undefined) {
        const request = await requestForFwab(tx, jurisdictionId, input.requestId);
        if (request === undefined) throw notFound(`Ballot request ${input.requestId}`);
        if (request.status !== 'rejected') appliedOn = utcDateOf(request.receivedAt);
        registered = registered || request.rollRecordId !== null;
      }
      const timely = assessReturn({
        rules: election.settings.returnRule,
        receivedAt: input.receivedAt,
        method,
        postmarkDate: parseIsoDate(input.postmarkDate),
      }).timely;
      const fwabId = randomUUID();
      const resolution = await this.resolution(tx, jurisdictionId, {
        requestId: input.requestId ?? null,
        electionId: input.electionId,
        electionDate: election.date,
        appliedOn: appliedOn ?? null,
        receivedAt: new Date(input.receivedAt),
        timely,
        voterRegistered: registered,
      });
      await insertFwab(tx, {
        fwabId,
        jurisdictionId,
        electionId: input.electionId,
        requestId: input.requestId ?? null,
        voterRegistered: registered,
        appliedOn: appliedOn ?? null,
        receivedAt: input.receivedAt,
        timely,
        method,
        postmarkDate: input.postmarkDate ?? null,
        ...resolution,
      });
      const requestPart = input.requestId !== undefined ? { requestId: input.requestId } : {};
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.fwab.recorded.v1',
          {
            fwabId,
            ...requestPart,
            jurisdictionId,
            electionId: input.electionId,
            method,
            receivedAt: new Date(input.receivedAt).toISOString(),
            timely,
            recordedAt: new Date().toISOString(),
          },
          OFFICE_SOURCE,
        ),
      );
      await this.emitResolved(
        tx,
        jurisdictionId,
        fwabId,
        input.requestId ?? null,
        input.electionId,
        resolution,
      );
      return fwabView(tx, fwabId);
    });
  }

  /** Resolves the request's FWABs for the election again (its state ballot came back). */
  async reResolve(
    tx: SqlExecutor,
    jurisdictionId: string,
    requestId: string,
    electionId: string,
  ): Promise<void> {
    for (const fwabId of await fwabIdsOfRequest(tx, jurisdictionId, requestId, electionId)) {
      const f = await fwabForResolution(tx, fwabId);
      if (f === undefined) continue;
      const next = await this.resolution(tx, jurisdictionId, f);
      await updateFwabResolution(tx, fwabId, next);
      const changed =
        f.counts !== next.counts || f.disposition !== next.disposition || f.reason !== next.reason;
      if (changed) await this.emitResolved(tx, jurisdictionId, fwabId, f.requestId, f.electionId, next);
    }
  }

  async list(p: OfficePrincipal, electionId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      await requireElection(tx, p.jurisdictionId, electionId);
      return { items: await fwabsOfElection(tx, p.jurisdictionId, electionId) };
    });
  }

  private async resolution(
    tx: SqlExecutor,
    jurisdictionId: string,
    f: {
      requestId: string | null;
      electionId: string;
      electionDate: string;
      appliedOn: string | null;
      receivedAt: Date;
      timely: boolean;
      voterRegistered: boolean;
    },
  ): Promise<FwabResolutionColumns> {
    const settings = await officeSettings(tx, jurisdictionId);
    const state = f.requestId === null ? undefined : await returnedBallotOf(tx, f.requestId, f.electionId);
    const electionDate = parseIsoDate(f.electionDate);
    if (electionDate === undefined) throw new Error(`election date ${f.electionDate} is not a date`);
    return columns(
      resolveFwab({
        appliedOn: parseIsoDate(f.appliedOn),
        applicationDeadline: addDays(electionDate, -(settings.applicationDeadlineDaysBefore ?? 7)),
        stateBallot: state && { receivedAt: state.returnedAt.toISOString(), timely: state.timely },
        fwab: { receivedAt: f.receivedAt.toISOString(), timely: f.timely },
        policy: { fwabAsRegistration: settings.fwabAsRegistration === true },
        voterRegistered: f.voterRegistered,
      }),
    );
  }

  private async emitResolved(
    tx: SqlExecutor,
    jurisdictionId: string,
    fwabId: string,
    requestId: string | null,
    electionId: string,
    r: FwabResolutionColumns,
  ): Promise<void> {
    await enqueueEvent(
      tx,
      newEvent(
        'uocava.fwab.resolved.v1',
        {
          fwabId,
          ...(requestId !== null ? { requestId } : {}),
          jurisdictionId,
          electionId,
          counts: r.counts,
          disposition: r.disposition,
          ...(r.reason !== null ? { reason: r.reason } : {}),
          registrationApplication: r.registrationApplication,
          resolvedAt: new Date().toISOString(),
        },
        OFFICE_SOURCE,
      ),
    );
  }
}
