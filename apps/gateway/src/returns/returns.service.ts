import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { markReturned, stateRulesOfJurisdiction, withTenant } from '@uocava/database';
import {
  assessReturn,
  parseIsoDate,
  returnDateProblems,
  returnMethodRefusal,
  returnRulesFor,
} from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { invalidRequest } from '@uocava/platform';
import {
  applyAction,
  ballotEventBase,
  lockBallot,
  OFFICE_SOURCE,
  officeSettings,
} from '../common/ballot-lifecycle';
import { checked } from '../common/input';
import type { OfficePrincipal } from '../common/office-auth';
import { reResolveFwabs } from '../fwab/fwab-resolution';
import { parseRecordReturn } from './returns.schemas';
import { Clock } from '../common/clock';

/**
 * Returned envelopes: recorded once per envelope (a second scan gives the same answer and no
 * second event), checked against the election's return rule, and the voter's FWABs resolved again.
 */
@Injectable()
export class ReturnsService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async record(p: OfficePrincipal, body: unknown) {
    const input = checked(parseRecordReturn(body));
    const id = (input.ballotId ?? input.barcode ?? '').trim();
    if (id === '')
      throw invalidRequest([
        {
          field: 'barcode',
          pointer: '/barcode',
          code: 'required',
          message: 'give the barcode or the ballotId',
        },
      ]);
    const ballotId = id.toLowerCase();
    const { receivedAt, method } = input;
    const postmark = input.postmarkDate;
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await lockBallot(tx, p.jurisdictionId, ballotId);
      if (b.returnedAt !== null) {
        // a second scan of the same envelope: the same answer, no second event
        return {
          ballotId: b.ballotId,
          status: b.status,
          timely: b.returnTimely,
          lateReason: b.lateReason,
          receivedAt: b.returnedAt.toISOString(),
          alreadyRecorded: true,
        };
      }
      // a way the state does not take (an e-mailed ballot where only mail and fax count) is not a
      // return: nothing is recorded, the office asks the voter to send it a way the state takes
      const stateRules = await stateRulesOfJurisdiction(tx, p.jurisdictionId);
      const refusal = returnMethodRefusal(stateRules, method);
      if (refusal !== undefined)
        throw invalidRequest(
          [{ field: 'method', pointer: '/method', code: 'not-allowed-by-state', message: refusal }],
          'This ballot came back a way the state does not take; nothing was recorded.',
        );
      const dateProblems = returnDateProblems({
        receivedAt: new Date(receivedAt),
        postmarkDate: parseIsoDate(postmark),
        now: this.clock.now(),
        sentAt: b.transmittedAt ?? b.generatedAt,
      });
      if (dateProblems.length > 0)
        throw invalidRequest(
          dateProblems.map((d) => ({
            field: d.field,
            pointer: `/${d.field}`,
            code: 'invalid',
            message: `${d.field} ${d.message}`,
          })),
          'The dates of this return cannot be right; nothing was recorded.',
        );
      // the state's receipt deadline and postmark rule where it has a table (docs/state-rules.md),
      // in the office's time zone; else the election's own return rule
      const rules = returnRulesFor(
        stateRules,
        b.electionSettings.electionDate,
        b.electionSettings.returnRule,
      );
      const assessment = assessReturn({
        rules,
        receivedAt,
        method,
        postmarkDate: parseIsoDate(postmark),
      });
      applyAction(b, { type: 'return', assessment }, await officeSettings(tx, p.jurisdictionId));
      const lateReason = assessment.timely ? null : assessment.reason;
      await markReturned(tx, b.ballotId, {
        receivedAt,
        method,
        postmarkDate: postmark ?? null,
        timely: assessment.timely,
        lateReason,
      });
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.returned.v1',
          {
            ...ballotEventBase(b, p.jurisdictionId),
            method,
            receivedAt: new Date(receivedAt).toISOString(),
            ...(postmark !== undefined ? { postmarkDate: postmark } : {}),
            timely: assessment.timely,
          },
          OFFICE_SOURCE,
        ),
      );
      await reResolveFwabs(tx, p.jurisdictionId, b.requestId, b.electionId, this.clock.now());
      return {
        ballotId: b.ballotId,
        status: 'returned' as const,
        timely: assessment.timely,
        lateReason,
        receivedAt: new Date(receivedAt).toISOString(),
        alreadyRecorded: false,
      };
    });
  }
}
