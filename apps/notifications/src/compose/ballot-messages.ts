/** The messages about the ballot: ready, sent, returned, accepted, rejected, cure requested, cured. */
import { ballotRejectionWords, cureWords } from '@uocava/domain';
import type { MessageContext } from '../message-context';
import type { Notice } from '../notice-policy';
import {
  bullets,
  forElection,
  forReasons,
  formatDate,
  formatDeadline,
  FWAB_HINT,
  METHOD_WORDS,
  trackingLines,
} from './words';

/** Why a ballot was reissued, in the voter's words (vocabulary REISSUE_REASONS). */
const REISSUE_WORDS: Readonly<Record<string, string>> = {
  spoiled: 'you asked for a new one',
  lost: 'the first one was lost',
  damaged: 'the first one was damaged',
  undeliverable: 'the first one could not be delivered',
  other: 'for a reason the office can tell you',
};

export type BallotNotice = Extract<Notice, { kind: `ballot-${string}` | 'cure-requested' }>;

export function composeBallotMessage(
  notice: BallotNotice,
  ctx: MessageContext,
): { subject: string; body: string } {
  switch (notice.kind) {
    case 'ballot-replaced':
      return {
        subject: 'Your ballot was replaced: use the new one',
        body:
          `Your election office cancelled the absentee ballot${forElection(ctx)} it sent you before` +
          `${notice.reason !== undefined ? ` (${REISSUE_WORDS[notice.reason] ?? 'at its request'})` : ''} ` +
          'and is sending you a new one.\n' +
          'Use only the new ballot. If you already marked or sent the old one, it will not be counted: ' +
          'mark and send the new one instead.\n\n' +
          trackingLines(ctx),
      };
    case 'ballot-ready':
      return {
        subject: 'Your ballot is ready',
        body:
          `Your absentee ballot${forElection(ctx)} is ready. Open this page to download it:\n` +
          `${ctx.packetUrl ?? ctx.trackingUrl}\n\n` +
          'Print it, mark your choices, sign the declaration and send it back as the instructions say.\n' +
          'Keep this link to yourself: it opens your ballot.\n\n' +
          trackingLines(ctx),
      };
    case 'ballot-sent':
      return {
        subject: `Your ballot was sent ${METHOD_WORDS[notice.method]}`,
        body:
          `Your election office sent your absentee ballot${forElection(ctx)} ${METHOD_WORDS[notice.method]} ` +
          `on ${formatDate(notice.at)}.\n` +
          'When it arrives, mark it, sign the declaration and send it back as the instructions say.\n\n' +
          trackingLines(ctx),
      };
    case 'ballot-returned':
      return {
        subject: 'Your ballot arrived at the election office',
        body:
          `Your election office received your ballot${forElection(ctx)} on ${formatDate(notice.receivedAt)}.\n` +
          (notice.timely
            ? 'It arrived in time. The office will now check it; we will e-mail you the result.'
            : 'It arrived after the deadline. The office will decide whether it can be counted; we will e-mail you the result.') +
          `\n\n${trackingLines(ctx)}`,
      };
    case 'ballot-accepted':
      return {
        subject: 'Your ballot was accepted',
        body:
          `Your ballot${forElection(ctx)} was accepted and will be counted. Thank you for voting.\n\n` +
          trackingLines(ctx),
      };
    case 'ballot-rejected': {
      const late = notice.reasons.some((r) => r === 'not-timely' || r === 'postmark');
      return {
        subject: 'Your ballot was not accepted',
        body:
          `Your ballot${forElection(ctx)} could not be accepted, ${forReasons(notice.reasons.length)}:\n` +
          `${bullets(notice.reasons.map(ballotRejectionWords))}\n\n` +
          (late
            ? 'What you can do: for the next election, send your ballot back as early as you can, and ask your election office whether you may return it by fax or e-mail.'
            : `What you can do: contact your election office (below) at once; it may be able to send you a new ballot.\n${FWAB_HINT}`) +
          `\n\n${trackingLines(ctx)}`,
      };
    }
    case 'cure-requested': {
      const deadline = formatDeadline(notice.deadline, ctx.election?.utcOffset);
      const items = notice.reasons.map(cureWords);
      return {
        subject: `Action needed: fix a problem with your ballot by ${formatDate(notice.deadline)}`,
        body:
          `Your election office received your ballot${forElection(ctx)} but cannot count it yet:\n` +
          `${bullets(items.map((i) => i.problem))}\n\n` +
          `What to do:\n${bullets([...new Set(items.map((i) => i.fix))])}\n\n` +
          `Deadline: ${deadline}.\n` +
          'If the office does not have it by then, your ballot cannot be counted.\n\n' +
          trackingLines(ctx),
      };
    }
    case 'ballot-cured':
      return {
        subject: 'Thank you: the problem with your ballot is fixed',
        body:
          'Your election office received what it needed. It will now decide on your ballot; ' +
          `we will e-mail you the result.\n\n${trackingLines(ctx)}`,
      };
  }
}
