/** The messages about the ballot: ready, sent, returned, accepted, rejected, cure requested, cured. */
import { reasonWords, t, vocabularyWords, type FixedKey, type Language } from '@uocava/domain';
import type { MessageContext } from '../message-context';
import type { Notice } from '../notice-policy';
import {
  bullets,
  forElection,
  forReasons,
  formatDate,
  formatDeadline,
  fwabHint,
  methodWords,
  trackingLines,
} from './words';

/** Why a ballot was reissued, in the voter's words (vocabulary REISSUE_REASONS). */
const REISSUE_KEYS: Readonly<Record<string, FixedKey>> = {
  spoiled: 'mail.reissue.spoiled',
  lost: 'mail.reissue.lost',
  damaged: 'mail.reissue.damaged',
  undeliverable: 'mail.reissue.undeliverable',
  other: 'mail.reissue.other',
};

export type BallotNotice = Extract<Notice, { kind: `ballot-${string}` | 'cure-requested' }>;

/** What is wrong and what to do for a cure reason (`other`'s words for an unknown code). */
function cure(language: Language, code: string): { problem: string; fix: string } {
  const problem = vocabularyWords(language, 'cureProblem', code);
  const fix = vocabularyWords(language, 'cureFix', code);
  return problem !== undefined && fix !== undefined
    ? { problem, fix }
    : {
        problem: reasonWords(language, 'cureProblem', 'other'),
        fix: reasonWords(language, 'cureFix', 'other'),
      };
}

function reissueWords(language: Language, reason: string | undefined): string {
  if (reason === undefined) return '';
  const key = Object.prototype.hasOwnProperty.call(REISSUE_KEYS, reason)
    ? REISSUE_KEYS[reason]
    : 'mail.reissue.unknown';
  return t(language, 'mail.ballotReplaced.why', { reason: t(language, key) });
}

export function composeBallotMessage(
  notice: BallotNotice,
  ctx: MessageContext,
): { subject: string; body: string } {
  const lang = ctx.language;
  const forEl = forElection(ctx);
  const tracking = trackingLines(ctx);
  switch (notice.kind) {
    case 'ballot-replaced':
      return {
        subject: t(lang, 'mail.ballotReplaced.subject'),
        body: `${t(lang, 'mail.ballotReplaced.body', { forElection: forEl, why: reissueWords(lang, notice.reason) })}\n\n${tracking}`,
      };
    case 'ballot-ready':
      return {
        subject: t(lang, 'mail.ballotReady.subject'),
        body: `${t(lang, 'mail.ballotReady.body', { forElection: forEl, url: ctx.packetUrl ?? ctx.trackingUrl })}\n\n${tracking}`,
      };
    case 'ballot-sent': {
      const method = methodWords(lang, notice.method);
      return {
        subject: t(lang, 'mail.ballotSent.subject', { method }),
        body: `${t(lang, 'mail.ballotSent.body', { forElection: forEl, method, date: formatDate(notice.at, lang) })}\n\n${tracking}`,
      };
    }
    case 'ballot-returned':
      return {
        subject: t(lang, 'mail.ballotReturned.subject'),
        body: `${t(lang, 'mail.ballotReturned.body', {
          forElection: forEl,
          date: formatDate(notice.receivedAt, lang),
          timely: notice.timely ? 'yes' : 'no',
        })}\n\n${tracking}`,
      };
    case 'ballot-accepted':
      return {
        subject: t(lang, 'mail.ballotAccepted.subject'),
        body: `${t(lang, 'mail.ballotAccepted.body', { forElection: forEl })}\n\n${tracking}`,
      };
    case 'ballot-rejected': {
      const late = notice.reasons.some((r) => r === 'not-timely' || r === 'postmark');
      return {
        subject: t(lang, 'mail.ballotRejected.subject'),
        body:
          t(lang, 'mail.ballotRejected.body', {
            forElection: forEl,
            forReasons: forReasons(lang, notice.reasons.length),
            reasons: bullets(notice.reasons.map((r) => reasonWords(lang, 'ballotRejection', r))),
          }) +
          '\n\n' +
          (late
            ? t(lang, 'mail.ballotRejected.late')
            : `${t(lang, 'mail.ballotRejected.other')}\n${fwabHint(lang)}`) +
          `\n\n${tracking}`,
      };
    }
    case 'cure-requested': {
      const items = notice.reasons.map((r) => cure(lang, r));
      return {
        subject: t(lang, 'mail.cureRequested.subject', { date: formatDate(notice.deadline, lang) }),
        body: `${t(lang, 'mail.cureRequested.body', {
          forElection: forEl,
          problems: bullets(items.map((i) => i.problem)),
          fixes: bullets([...new Set(items.map((i) => i.fix))]),
          deadline: formatDeadline(notice.deadline, ctx.election?.utcOffset, lang),
        })}\n\n${tracking}`,
      };
    }
    case 'ballot-cured':
      return {
        subject: t(lang, 'mail.ballotCured.subject'),
        body: `${t(lang, 'mail.ballotCured.body')}\n\n${tracking}`,
      };
  }
}
