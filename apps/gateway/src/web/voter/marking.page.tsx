/**
 * The marking page: the voter's ballot as native radio buttons and checkboxes (one fieldset per
 * contest), a review, and the marked packet made by the browser (client/marking.ts). Everything the
 * script needs is in the page itself (the issued packet PDF, the voting targets): after load it
 * needs no network, and the page's CSP forbids any connection and any form submission.
 */
import { localizeContests, t, type Contest, type Language } from '@uocava/domain';
import type { BallotTarget } from '@uocava/ballot-pdf';
import type { OpenedBallot } from '../../packets/packet.service';

/**
 * The marking page's Content-Security-Policy, instead of the site's: as strict, and besides no
 * connection at all (fetch, XHR, WebSocket, EventSource, sendBeacon), no form submission, no
 * image but data: URLs, no frame, no worker. Its script and stylesheet come from the gateway
 * while the page loads; after that the page can reach nothing.
 */
export const MARKING_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src data:',
  "connect-src 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** What the page embeds for its script (a JSON data block, not executed). */
export interface MarkingData {
  /** the issued packet, base64 */
  pdf: string;
  targets: BallotTarget[];
  /** the saved file's name */
  fileName: string;
}

/** The JSON of a data block, safe inside <script>: no `<`, and no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

interface Choice {
  id: string;
  label: string;
  detail?: string;
}

function choicesOf(c: Contest, lang: Language): Choice[] {
  if (c.kind === 'candidate')
    return [
      ...c.candidates.map((x) => ({
        id: x.id,
        label: x.candidateNames.join(' and '),
        ...(x.partyNames.length ? { detail: x.partyNames.join(', ') } : {}),
      })),
      ...Array.from({ length: c.writeIns }, (_, i) => ({
        id: `write-in-${i + 1}`,
        label: t(lang, 'marking.writeIn', { n: i + 1 }),
      })),
    ];
  return c.options.map((o) => ({ id: o.id, label: o.label }));
}

function ContestFieldset({ contest, n, lang }: { contest: Contest; n: number; lang: Language }) {
  const voteFor = contest.kind === 'measure' ? 1 : contest.voteFor;
  const rule =
    contest.kind === 'measure' ? t(lang, 'marking.chooseOne') : t(lang, 'marking.voteFor', { n: voteFor });
  const type = voteFor === 1 ? 'radio' : 'checkbox';
  const base = `m${n}`;
  return (
    <fieldset
      class="ballot-contest marking-contest"
      data-contest={contest.id}
      data-vote-for={String(voteFor)}
      data-too-many={t(lang, 'marking.tooMany', { n: voteFor })}
      data-cleared={t(lang, 'marking.cleared')}
      aria-describedby={`${base}-rule`}
    >
      <legend>
        <h2>{contest.title}</h2>
      </legend>
      {contest.subtitle ? <p>{contest.subtitle}</p> : null}
      {contest.kind === 'measure' ? (
        <>
          {contest.summary ? <p>{contest.summary}</p> : null}
          <p>{contest.fullText}</p>
        </>
      ) : null}
      <p id={`${base}-rule`}>
        <strong>{rule}</strong>
      </p>
      <div class={type === 'radio' ? 'radios' : 'checkboxes'}>
        {choicesOf(contest, lang).map((c, k) => (
          <div class={type} key={c.id}>
            <input type={type} id={`${base}-${k}`} name={base} value={c.id} data-choice={c.id} />
            <label class={`${type}-label`} for={`${base}-${k}`}>
              {c.label}
              {c.detail ? <span class="muted">, {c.detail}</span> : null}
            </label>
          </div>
        ))}
      </div>
      <p class="marking-status" role="status" id={`${base}-status`}></p>
      <button type="button" class="link-button" data-clear hidden>
        {t(lang, 'marking.clear')}
      </button>
    </fieldset>
  );
}

export function MarkingPage({
  ballot,
  token,
  data,
  lang,
}: {
  ballot: OpenedBallot;
  token: string;
  data: MarkingData;
  lang: Language;
}) {
  const q = `token=${encodeURIComponent(token)}`;
  return (
    <>
      <h1>{t(lang, 'marking.title')}</h1>
      <p class="lead">
        {ballot.electionName}, {ballot.electionDate} · {ballot.jurisdictionName}
      </p>
      <div class="notice">
        <p>{t(lang, 'marking.private')}</p>
      </div>
      <noscript>
        <p class="notice">{t(lang, 'marking.noScript')}</p>
      </noscript>
      <form id="marking-form" class="marking" data-marking hidden>
        <p>{t(lang, 'marking.howTo')}</p>
        {/* the definition's words in the page language where it has them, else English */}
        {localizeContests(ballot.contests, [lang]).map((c, i) => (
          <ContestFieldset contest={c} n={i + 1} lang={lang} key={c.id} />
        ))}
        <p>
          <button type="submit" class="button">
            {t(lang, 'marking.toReview')}
          </button>
        </p>
      </form>
      <section
        id="marking-review"
        aria-labelledby="marking-review-title"
        hidden
        data-none={t(lang, 'marking.none')}
        data-making={t(lang, 'marking.making')}
        data-failed={t(lang, 'marking.failed')}
      >
        <h2 id="marking-review-title" tabindex={-1}>
          {t(lang, 'marking.review')}
        </h2>
        <p>{t(lang, 'marking.reviewIntro')}</p>
        <dl id="marking-review-list" class="summary-list"></dl>
        <p class="actions">
          <button type="button" class="button" id="marking-make">
            {t(lang, 'marking.make')}
          </button>{' '}
          <button type="button" class="button secondary" id="marking-change">
            {t(lang, 'marking.change')}
          </button>
        </p>
        <p id="marking-progress" role="status"></p>
      </section>
      <section id="marking-done" aria-labelledby="marking-done-title" hidden>
        <h2 id="marking-done-title" tabindex={-1}>
          {t(lang, 'marking.ready')}
        </h2>
        <p>{t(lang, 'marking.readyText')}</p>
        <p>
          <a class="button" id="marking-save" download={data.fileName}>
            {t(lang, 'marking.save')}
          </a>
        </p>
        <ol>
          <li>{t(lang, 'marking.next1')}</li>
          <li>{t(lang, 'marking.next2')}</li>
          <li>{t(lang, 'marking.next3')}</li>
          <li>{t(lang, 'marking.next4')}</li>
        </ol>
      </section>
      <p>
        <a href={`/ballot/${ballot.ballotId}?${q}`}>{t(lang, 'marking.back')}</a>
      </p>
      <script
        type="application/json"
        id="marking-data"
        dangerouslySetInnerHTML={{ __html: scriptJson(data) }}
      />
    </>
  );
}
