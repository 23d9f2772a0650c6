/** The pages after a request was sent: the confirmation with a printable copy, or "already requested". */
import { t, type BallotRequestInput, type Language } from '@uocava/domain';

import { SummaryList } from '../components';
import { countryName } from '../countries';

import { deliveryLabels, idLabels, voterClassLabels } from './request-labels';

function mask(value: string): string {
  return value.length <= 2 ? '••' : `${'•'.repeat(value.length - 2)}${value.slice(-2)}`;
}

/** What the voter sent, for their records (the ID number masked: the page may be on a shared computer). */
export function SubmittedCopy({
  input,
  office,
  lang = 'en',
}: {
  input: BallotRequestInput;
  office: string;
  lang?: Language;
}) {
  const name = [input.name.first, input.name.middle, input.name.last, input.name.suffix]
    .filter(Boolean)
    .join(' ');
  const r = input.votingResidence;
  const m = input.mailingAddress;
  return (
    <SummaryList
      rows={[
        [t(lang, 'web.confirm.office'), office],
        [t(lang, 'web.confirm.youAre'), voterClassLabels(lang)[input.voterClass]],
        [t(lang, 'web.confirm.name'), name],
        ...(input.previousName
          ? ([
              [t(lang, 'web.confirm.previousName'), `${input.previousName.first} ${input.previousName.last}`],
            ] as Array<[string, string]>)
          : []),
        [t(lang, 'web.request.dob'), input.dateOfBirth],
        [
          t(lang, 'web.request.id.legend'),
          input.identification.type === 'none'
            ? t(lang, 'web.confirm.noId')
            : `${idLabels(lang)[input.identification.type]}: ${mask(input.identification.value ?? '')}`,
        ],
        [
          t(lang, 'web.confirm.residence'),
          [r.street, r.unit, `${r.city}, ${r.state} ${r.zip}`, r.county].filter(Boolean).join(', '),
        ],
        [
          t(lang, 'web.confirm.mailing'),
          [...m.lines, m.city, m.region, m.postalCode, countryName(m.country, lang)]
            .filter(Boolean)
            .join(', '),
        ],
        [t(lang, 'web.confirm.ballotBy'), deliveryLabels(lang)[input.ballotDelivery]],
        [t(lang, 'web.confirm.email'), input.contact.email ?? '—'],
        [t(lang, 'web.confirm.phone'), input.contact.phone ?? '—'],
        [t(lang, 'web.confirm.fax'), input.contact.fax ?? '—'],
        [
          t(lang, 'web.request.paper.legend'),
          t(lang, 'web.request.paper', { paper: input.paperSize ?? 'none' }),
        ],
        ...(input.party ? ([[t(lang, 'web.request.party'), input.party]] as Array<[string, string]>) : []),
        [t(lang, 'web.confirm.signedOn'), input.affirmation.signedOn],
      ]}
    />
  );
}

/** The answer to a resubmission: no tracking code here (it is e-mailed to the address on file). */
export function AlreadyRequestedPage({ detail, lang = 'en' }: { detail: string; lang?: Language }) {
  return (
    <>
      <h1>{t(lang, 'web.confirm.already.title')}</h1>
      <p class="lead">{detail}</p>
      <p>
        {t(lang, 'web.confirm.already.before')} <a href="/track">{t(lang, 'web.confirm.already.link')}</a>.
      </p>
    </>
  );
}

export function RequestConfirmationPage({
  trackingCode,
  input,
  office,
  lang = 'en',
}: {
  trackingCode: string;
  input: BallotRequestInput;
  office: string;
  lang?: Language;
}) {
  return (
    <>
      <div class="panel" role="status">
        <h1>{t(lang, 'web.confirm.title')}</h1>
        <p>{t(lang, 'web.confirm.code')}</p>
        <p>
          <strong class="code" data-tracking-code>
            {trackingCode}
          </strong>
        </p>
      </div>
      <p>{t(lang, 'web.confirm.keep')}</p>
      <h2>{t(lang, 'web.confirm.next')}</h2>
      <ol>
        <li>{t(lang, 'web.confirm.step1')}</li>
        <li>{t(lang, 'web.confirm.step2', { email: input.contact.email ? 'yes' : 'no' })}</li>
        <li>{t(lang, 'web.confirm.step3')}</li>
      </ol>
      <p class="button-row no-print">
        <a class="button" href={`/track?code=${encodeURIComponent(trackingCode)}`}>
          {t(lang, 'web.confirm.track')}
        </a>
        <button type="button" class="button secondary" data-print hidden>
          {t(lang, 'web.confirm.print')}
        </button>
      </p>
      <h2>{t(lang, 'web.confirm.sent')}</h2>
      <SubmittedCopy input={input} office={office} lang={lang} />
    </>
  );
}
