/** The message about a Federal Write-In Absentee Ballot: counted, superseded by the state ballot, rejected. */
import { t, vocabularyWords } from '@uocava/domain';
import type { MessageContext } from '../message-context';
import type { Notice } from '../notice-policy';
import { bullets, forElection, trackingLines } from './words';

export function composeFwab(
  notice: Extract<Notice, { kind: 'fwab-resolved' }>,
  ctx: MessageContext,
): { subject: string; body: string } {
  const lang = ctx.language;
  const reason =
    notice.reason !== undefined ? vocabularyWords(lang, 'fwabNotCounted', notice.reason) : undefined;
  const forEl = forElection(ctx);
  switch (notice.disposition) {
    case 'counted':
      return {
        subject: t(lang, 'mail.fwabCounted.subject'),
        body: `${t(lang, 'mail.fwabCounted.body', { forElection: forEl })}\n\n${trackingLines(ctx)}`,
      };
    case 'superseded':
      return {
        subject: t(lang, 'mail.fwabSuperseded.subject'),
        body:
          t(lang, 'mail.fwabSuperseded.body', {
            forElection: forEl,
            reason: reason ?? t(lang, 'mail.fwabSuperseded.default'),
          }) + `\n\n${trackingLines(ctx)}`,
      };
    case 'rejected':
      return {
        subject: t(lang, 'mail.fwabRejected.subject'),
        body:
          t(lang, 'mail.fwabRejected.body', {
            forElection: forEl,
            reasons: bullets([reason ?? t(lang, 'mail.fwabRejected.default')]),
          }) + `\n\n${trackingLines(ctx)}`,
      };
  }
}
