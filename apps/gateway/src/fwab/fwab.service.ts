import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  fwabsOfElection,
  fwabView,
  insertFwab,
  requestForFwab,
  stateRulesOfJurisdiction,
  withTenant,
} from '@uocava/database';
import { assessReturn, parseIsoDate, returnRulesFor, utcDateOf, type IsoDate } from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { notFound } from '@uocava/platform';
import { OFFICE_SOURCE } from '../common/ballot-lifecycle';
import { requireElection } from '../common/elections';
import { checked } from '../common/input';
import type { OfficePrincipal } from '../common/office-auth';
import { emitFwabResolved, fwabResolution } from './fwab-resolution';
import { parseRecordFwab } from './fwab.schemas';
import { Clock } from '../common/clock';

/**
 * Federal Write-In Absentee Ballots: recorded with which ballot counts (libs/domain `resolveFwab`),
 * and resolved again whenever the voter's state ballot comes back or is rejected (`fwab-resolution.ts`). `uocava.fwab.resolved.v1` is
 * emitted when a FWAB is recorded and whenever its resolution changes.
 */
@Injectable()
export class FwabService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

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
        // the state's rule where it has a table (docs/state-rules.md), else the election's own
        rules: returnRulesFor(
          await stateRulesOfJurisdiction(tx, jurisdictionId),
          election.settings.electionDate,
          election.settings.returnRule,
        ),
        receivedAt: input.receivedAt,
        method,
        postmarkDate: parseIsoDate(input.postmarkDate),
      }).timely;
      const fwabId = randomUUID();
      const resolution = await fwabResolution(tx, jurisdictionId, {
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
            recordedAt: this.clock.nowIso(),
          },
          OFFICE_SOURCE,
        ),
      );
      await emitFwabResolved(
        tx,
        jurisdictionId,
        fwabId,
        input.requestId ?? null,
        input.electionId,
        resolution,
        this.clock.now(),
      );
      return fwabView(tx, fwabId);
    });
  }

  async list(p: OfficePrincipal, electionId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      await requireElection(tx, p.jurisdictionId, electionId);
      return { items: await fwabsOfElection(tx, p.jurisdictionId, electionId) };
    });
  }
}
