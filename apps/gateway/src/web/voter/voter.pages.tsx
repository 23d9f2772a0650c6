import { formatDate, formatDeadline, reasonWords, t, vocabularyWords, type Language } from '@uocava/domain';
import { clientMessages, ErrorSummary, TextField, type FieldErrors } from '../components';
import type { VoterTrackingView } from '../../tracking/tracking.service';

/**
 * The words the tracking page's script writes, in the page language: each `{argument}` is left as
 * it is (ICU formats a string argument as itself) and filled in by the browser (client/voter.ts).
 */
function verifyMessages(lang: Language, witnessed: boolean): Record<string, string> {
  const keep = (...names: string[]) => Object.fromEntries(names.map((n) => [n, `{${n}}`]));
  return {
    checking: t(lang, 'web.verify.checking'),
    otherStep: t(lang, 'web.verify.otherStep'),
    ok: t(lang, 'web.verify.ok', keep('signedBy', 'entry', 'size', 'also')),
    // the witnesses' words only under a witness policy (the page says nothing of witnesses otherwise)
    ...(witnessed ? { witnessed: t(lang, 'web.verify.witnessed', keep('names')) } : {}),
    bad: t(lang, 'web.verify.bad', keep('reason')),
    packetOk: t(lang, 'web.packetCheck.ok'),
    packetBad: t(lang, 'web.packetCheck.bad', keep('reason')),
  };
}

export function HomePage({ lang = 'en' }: { lang?: Language }) {
  return (
    <>
      <h1>{t(lang, 'web.home.heading')}</h1>
      <p class="lead">{t(lang, 'web.home.lead')}</p>
      <div class="button-row">
        <a class="button" href="/request">
          {t(lang, 'web.home.request')}
        </a>
        <a class="button secondary" href="/track">
          {t(lang, 'web.home.track')}
        </a>
      </div>
      <h2>{t(lang, 'web.home.how')}</h2>
      <ol>
        <li>{t(lang, 'web.home.step1')}</li>
        <li>{t(lang, 'web.home.step2')}</li>
        <li>{t(lang, 'web.home.step3')}</li>
        <li>{t(lang, 'web.home.step4')}</li>
      </ol>
      <h2>{t(lang, 'web.home.receipts')}</h2>
      <p>{t(lang, 'web.home.receiptsText')}</p>
    </>
  );
}

export const trackNotFound = (lang: Language): string => t(lang, 'web.track.notFound');

export function TrackFormPage({
  code,
  dateOfBirth,
  errors,
  lang = 'en',
}: {
  code: string;
  dateOfBirth: string;
  errors: FieldErrors;
  lang?: Language;
}) {
  return (
    <>
      <ErrorSummary errors={errors} order={['code', 'dateOfBirth']} lang={lang} />
      <h1>{t(lang, 'web.track.title')}</h1>
      <p>{t(lang, 'web.track.intro')}</p>
      <form method="post" action="/track" data-validate {...clientMessages(lang)}>
        <input type="hidden" name="lang" value={lang} />
        <TextField
          name="code"
          value={code}
          error={errors.code}
          lang={lang}
          label={t(lang, 'web.track.code')}
          hint={t(lang, 'web.track.codeHint', { example: 'TRK-7K3M-9QXD-2HFA' })}
          width="medium"
          required
          spellcheck={false}
          autocomplete="off"
          maxLength={40}
          invalidMessage={t(lang, 'web.track.codeMissing')}
        />
        <TextField
          name="dateOfBirth"
          type="date"
          value={dateOfBirth}
          error={errors.dateOfBirth}
          lang={lang}
          label={t(lang, 'web.track.dob')}
          hint={t(lang, 'web.track.dobHint')}
          width="medium"
          autocomplete="bday"
          required
          invalidMessage={t(lang, 'web.track.dobMissing')}
        />
        <button type="submit" class="button">
          {t(lang, 'web.track.submit')}
        </button>
      </form>
    </>
  );
}

const STATUS_TONES: Record<string, string> = {
  'cure-requested': 'bad',
  accepted: 'good',
  rejected: 'bad',
  void: 'bad',
};

const REQUEST_TONES: Record<string, string> = { verified: 'good', rejected: 'bad', cancelled: 'bad' };

/** An ICU select value: the catalogue's selectors use `_` where a status has `-`. */
const selector = (status: string): string => status.replace(/-/g, '_');

function stepText(lang: Language, type: string): { title: string; detail: string } {
  return {
    title: vocabularyWords(lang, 'stepTitle', type) ?? t(lang, 'web.step.unknownTitle'),
    detail: vocabularyWords(lang, 'stepDetail', type) ?? t(lang, 'web.step.unknownDetail'),
  };
}

function when(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function BallotCard({
  b,
  view,
  lang,
}: {
  b: VoterTrackingView['ballots'][number];
  view: VoterTrackingView;
  lang: Language;
}) {
  const docs = `/api/v1/tracking/${encodeURIComponent(view.trackingCode)}/ballots/${b.ballotId}`;
  const label = t(lang, 'web.result.ballotStatus', { status: selector(b.status) });
  const tone = STATUS_TONES[b.status] ?? 'wait';
  return (
    <section class="review-item" aria-labelledby={`ballot-${b.ballotId}`}>
      <h3 id={`ballot-${b.ballotId}`}>
        {b.electionName} <span class="muted">({formatDate(lang, b.electionDate)})</span>
      </h3>
      <p>
        <span class={`tag ${tone}`} data-ballot-status={b.status}>
          {label}
        </span>
      </p>
      {b.downloadToken ? (
        <p>
          <a class="button" href={`/ballot/${b.ballotId}?token=${b.downloadToken}`}>
            {t(lang, 'web.result.getBallot')}
          </a>
        </p>
      ) : null}
      {b.status === 'cure-requested' ? (
        <div class="notice notice-warning">
          <h4 class="notice-title">{t(lang, 'web.result.whatToDo')}</h4>
          {b.decisionReasons.map((r) => (
            <p key={r}>
              {vocabularyWords(lang, 'cureProblem', r) ?? reasonWords(lang, 'cureProblem', 'other')}{' '}
              {vocabularyWords(lang, 'cureFix', r) ?? reasonWords(lang, 'cureFix', 'other')}
            </p>
          ))}
          <p>
            {t(lang, 'web.result.cureBefore', {
              // in UTC and at the office's time, in the page language (as the e-mails say it)
              deadline: b.cureDeadline
                ? formatDeadline(lang, b.cureDeadline, b.officeUtcOffset ?? undefined)
                : t(lang, 'web.result.theDeadline'),
            })}
          </p>
          <p>
            <a
              class="button"
              href={`${docs}/cure-affidavit?token=${view.documentsToken}`}
              data-cure-affidavit
            >
              {t(lang, 'web.result.cureAffidavit')}
            </a>
          </p>
          <p>{t(lang, 'web.result.cureUploadHelp')}</p>
          <form
            method="post"
            action={`/track/cure-response?code=${encodeURIComponent(view.trackingCode)}&ballot=${b.ballotId}&token=${view.documentsToken}`}
            enctype="multipart/form-data"
            data-cure-upload
          >
            <label for={`cure-file-${b.ballotId}`}>{t(lang, 'web.result.cureFile')}</label>
            <input
              id={`cure-file-${b.ballotId}`}
              type="file"
              name="file"
              accept="application/pdf,image/png,image/jpeg"
              required
            />
            <button type="submit" class="button secondary">
              {t(lang, 'web.result.cureUpload')}
            </button>
          </form>
        </div>
      ) : null}
      {b.status === 'rejected' ? (
        <div class="notice notice-warning">
          <h4 class="notice-title">{t(lang, 'web.result.why')}</h4>
          {b.decisionReasons.map((r) => (
            <p key={r}>{reasonWords(lang, 'ballotRejection', r)}</p>
          ))}
        </div>
      ) : null}
    </section>
  );
}

export function TrackResultPage({ view, lang = 'en' }: { view: VoterTrackingView; lang?: Language }) {
  const label = t(lang, 'web.result.requestStatus', { status: selector(view.status) });
  const tone = REQUEST_TONES[view.status] ?? 'wait';
  return (
    <>
      <h1>{t(lang, 'web.result.title')}</h1>
      <p>
        {t(lang, 'web.result.code')} <strong class="code">{view.trackingCode}</strong> ·{' '}
        {view.jurisdictionName}
      </p>
      <p>
        {t(lang, 'web.result.request')}{' '}
        <span class={`tag ${tone}`} data-request-status={view.status}>
          {label}
        </span>
      </p>
      {view.status === 'rejected' || view.status === 'needs-review' ? (
        <div class="notice">
          {view.reasons.map((r) => (
            <p key={r}>{reasonWords(lang, 'requestReason', r)}</p>
          ))}
          {view.status === 'rejected' ? (
            <p>{t(lang, 'web.result.rejectedHelp')}</p>
          ) : (
            <p>{t(lang, 'web.result.reviewHelp')}</p>
          )}
        </div>
      ) : null}
      {view.ballots.length > 0 ? (
        <>
          <h2>{t(lang, 'web.result.ballots')}</h2>
          {view.ballots.map((b) => (
            <BallotCard b={b} view={view} lang={lang} key={b.ballotId} />
          ))}
        </>
      ) : null}
      {view.fwabPacket ? (
        <div class="notice" data-fwab-packet>
          <h2>{t(lang, 'web.result.fwabHeading')}</h2>
          <p>{t(lang, 'web.result.fwabText')}</p>
          <p>
            <a
              class="button secondary"
              href={`/api/v1/tracking/${encodeURIComponent(view.trackingCode)}/fwab-packet?token=${view.documentsToken}`}
            >
              {t(lang, 'web.result.fwabDownload')}
            </a>
          </p>
        </div>
      ) : null}
      <h2>{t(lang, 'web.result.steps')}</h2>
      <p>{t(lang, 'web.result.stepsText')}</p>
      <ol
        class="timeline"
        data-log-keys={JSON.stringify(view.logKeys)}
        data-messages={JSON.stringify(verifyMessages(lang, view.witnessPolicy !== undefined))}
        {...(view.witnessPolicy === undefined
          ? {}
          : {
              'data-witness-policy': JSON.stringify({
                quorum: view.witnessPolicy.quorum,
                witnesses: view.witnessPolicy.witnesses.map((w) => w.key),
              }),
            })}
      >
        {view.steps.map((s) => {
          const words = stepText(lang, s.type);
          const out = `verify-${s.eventId}`;
          return (
            <li key={s.eventId} data-step={s.type}>
              <h3>{words.title}</h3>
              <time dateTime={s.at}>{when(s.at)}</time>
              <p>{words.detail}</p>
              {s.receipt ? (
                <>
                  <button
                    type="button"
                    class="button secondary"
                    data-receipt={JSON.stringify(s.receipt)}
                    data-event-id={s.eventId}
                    aria-controls={out}
                    hidden
                  >
                    {t(lang, 'web.result.verify')}
                  </button>
                  <output id={out} class="verify-result" aria-live="polite" />
                  {view.witnessPolicy === undefined ? null : (
                    <p class="muted" data-witnessed>
                      {(view.witnessedBy?.[s.eventId] ?? []).length >= view.witnessPolicy.quorum
                        ? t(lang, 'web.result.witnessed', {
                            witnesses: (view.witnessedBy?.[s.eventId] ?? []).join(', '),
                          })
                        : t(lang, 'web.result.awaitingWitnesses')}
                    </p>
                  )}
                  {view.packets?.[s.eventId] === undefined ? null : (
                    <div class="packet-check" data-packet-check={s.eventId}>
                      <p>
                        {t(lang, 'web.result.packetSha')}{' '}
                        <code data-packet-sha256>{view.packets[s.eventId].pdfSha256}</code>
                      </p>
                      <label>
                        {t(lang, 'web.result.packetCheck')}{' '}
                        <input
                          type="file"
                          accept="application/pdf"
                          data-packet-file={s.eventId}
                          data-event-data={JSON.stringify(view.packets[s.eventId].data)}
                          data-receipt={JSON.stringify(s.receipt)}
                          aria-controls={`packet-${s.eventId}`}
                        />
                      </label>
                      <output id={`packet-${s.eventId}`} class="verify-result" aria-live="polite" />
                    </div>
                  )}
                  <details>
                    <summary>{t(lang, 'web.result.showReceipt')}</summary>
                    <pre>{JSON.stringify(s.receipt, null, 2)}</pre>
                  </details>
                </>
              ) : (
                <p class="muted">{t(lang, 'web.result.receiptPending')}</p>
              )}
            </li>
          );
        })}
      </ol>
      {view.witnessPolicy === undefined ? null : (
        <>
          <h2>{t(lang, 'web.result.witnesses')}</h2>
          <p>
            {t(lang, 'web.result.witnessesText', {
              quorum: view.witnessPolicy.quorum,
              count: view.witnessPolicy.witnesses.length,
            })}
          </p>
          <ul>
            {view.witnessPolicy.witnesses.map((w) => (
              <li key={w.name}>
                {w.name}
                <pre data-witness-key>{w.key}</pre>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t(lang, 'web.result.logKey')}</h2>
      <p>{t(lang, 'web.result.logKeyText')}</p>
      {view.logKeys.length ? (
        view.logKeys.map((k) => (
          <pre key={k} data-log-key>
            {k}
          </pre>
        ))
      ) : (
        <p class="muted">{t(lang, 'web.result.logKeyPending')}</p>
      )}
      <p class="no-print">
        <a href="/track">{t(lang, 'web.result.another')}</a>
      </p>
    </>
  );
}
