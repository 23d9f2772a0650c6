/** The message about a Federal Write-In Absentee Ballot: counted, superseded by the state ballot, rejected. */
import { FWAB_NOT_COUNTED_WORDS, type FwabNotCountedReason } from '@uocava/domain';
import type { MessageContext } from '../message-context';
import type { Notice } from '../notice-policy';
import { bullets, forElection, trackingLines } from './words';

export function composeFwab(
  notice: Extract<Notice, { kind: 'fwab-resolved' }>,
  ctx: MessageContext,
): { subject: string; body: string } {
  const reason =
    notice.reason !== undefined && Object.prototype.hasOwnProperty.call(FWAB_NOT_COUNTED_WORDS, notice.reason)
      ? FWAB_NOT_COUNTED_WORDS[notice.reason as FwabNotCountedReason]
      : undefined;
  switch (notice.disposition) {
    case 'counted':
      return {
        subject: 'Your write-in ballot will be counted',
        body: `Your election office received your Federal Write-In Absentee Ballot (FWAB)${forElection(ctx)}. It will be counted.\n\n${trackingLines(ctx)}`,
      };
    case 'superseded':
      return {
        subject: 'Your state ballot will be counted',
        body: `Your election office received both your state ballot and your Federal Write-In Absentee Ballot (FWAB)${forElection(ctx)}.\n${reason ?? 'Your state ballot is the one that counts.'}\n\n${trackingLines(ctx)}`,
      };
    case 'rejected':
      return {
        subject: 'Your write-in ballot could not be counted',
        body: `Your election office received your Federal Write-In Absentee Ballot (FWAB)${forElection(ctx)}, but it cannot be counted:\n${bullets([reason ?? 'Your election office can tell you why.'])}\n\nContact your election office (below) if you have questions.\n\n${trackingLines(ctx)}`,
      };
  }
}
